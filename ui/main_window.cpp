#include "ui/main_window.hpp"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>

#include "sim/preset/preset_hash.hpp"
#include "ui/app_palette.hpp"
#include "ui/calibrate_view.hpp"
#include "ui/compare_view.hpp"
#include "ui/diagnose_view.hpp"
#include "ui/display_path.hpp"
#include "ui/export_dialog.hpp"
#include "ui/history_view.hpp"
#include "ui/live_view.hpp"
#include "sim/history/report_record.hpp"
#include "ui/parameter_editor.hpp"
#include "ui/preset_document.hpp"
#include "ui/preset_gallery.hpp"
#include "ui/results_view.hpp"
#include "ui/sweep_view.hpp"
#include "ui/validation_view.hpp"
#include "ui/waterfall_tab.hpp"

namespace gatetune::ui {

namespace {
constexpr int kMaxRecent = 8;
constexpr int kProgressDelayMs = 300;  // small runs finish before a progress bar would flicker
}  // namespace

MainWindow::MainWindow(const MainWindowOptions& options, QWidget* parent) : QMainWindow(parent), keepHistory_(options.keepHistory) {
    doc_ = new PresetDocument(this);
    runs_ = new RunController(this);

    editor_ = new ParameterEditor(*doc_, this);
    tabs_ = new QTabWidget(this);
    tabs_->setDocumentMode(true);
    results_ = new ResultsView(this);
    waterfall_ = new WaterfallTab(this);
    compare_ = new CompareView(this);
    historyView_ = new HistoryView(this);
    sweep_ = new SweepView(*doc_, this);
    validation_ = new ValidationView(this);
    live_ = new LiveView(*doc_, this);
    diagnose_ = new DiagnoseView(*doc_, this);
    calibrate_ = new CalibrateView(*doc_, this);
    addView(results_, tr("&Results"));
    addView(waterfall_, tr("&Waterfall"));
    addView(compare_, tr("&Compare"));
    addView(historyView_, tr("&History"));
    addView(sweep_, tr("S&weep"));
    addView(validation_, tr("&Validation"));
    addView(live_, tr("&Live"));
    addView(diagnose_, tr("&Diagnose"));
    addView(calibrate_, tr("Cali&brate"));

    splitter_ = new QSplitter(this);
    editor_->setMinimumWidth(430);  // key, value and unit stay readable
    splitter_->addWidget(editor_);
    splitter_->addWidget(tabs_);
    splitter_->setStretchFactor(0, 2);
    splitter_->setStretchFactor(1, 3);
    splitter_->setSizes({560, 1040});
    setCentralWidget(splitter_);

    createActions();
    createMenus();
    createStatusBar();

    connect(doc_, &PresetDocument::configChanged, this, &MainWindow::configChanged);
    connect(doc_, &PresetDocument::issuesChanged, this, &MainWindow::configChanged);
    connect(doc_, &PresetDocument::fileChanged, this, &MainWindow::updateTitle);
    connect(runs_, &RunController::started, this, &MainWindow::runStarted);
    connect(runs_, &RunController::progress, this, &MainWindow::runProgress);
    connect(runs_, &RunController::finished, this, &MainWindow::runFinished);
    connect(validation_, &ValidationView::keyActivated, this, [this](const QString& key) { editor_->focusKey(key); });
    connect(live_, &LiveView::runFinished, this, &MainWindow::storeLiveRun);
    connect(sweep_, &SweepView::message, this, [this](const QString& m) { statusBar()->showMessage(m, 5000); });
    connect(diagnose_, &DiagnoseView::statusMessage, this, [this](const QString& m) { statusBar()->showMessage(m, 5000); });
    connect(calibrate_, &CalibrateView::statusMessage, this, [this](const QString& m) { statusBar()->showMessage(m, 5000); });
    connect(historyView_, &HistoryView::failed, this, [this](const QString& m) { QMessageBox::warning(this, tr("Run history"), m); });
    connect(historyView_, &HistoryView::pinBaseline, this, [this](const sim::history::RunRecord& r) {
        compare_->setBaseline(r);
        statusBar()->showMessage(tr("Pinned %1 as the baseline.").arg(CompareView::describe(r)), 5000);
    });
    connect(historyView_, &HistoryView::compareWithCurrent, this, [this](const sim::history::RunRecord& r) {
        compare_->setBaseline(r);
        if (current_) compare_->setCurrent(*current_);
        tabs_->setCurrentWidget(compare_);
    });
    connect(historyView_, &HistoryView::compareTwo, this, [this](const sim::history::RunRecord& a, const sim::history::RunRecord& b) {
        compare_->setBaseline(a);
        compare_->setCurrent(b);
        tabs_->setCurrentWidget(compare_);
    });
    connect(historyView_, &HistoryView::openPreset, this, [this](const sim::history::RunRecord& r) {
        if (!maybeSave()) return;
        const QString problem = doc_->openText(r.preset_text, QString::fromStdString(r.preset_name));
        if (!problem.isEmpty()) QMessageBox::warning(this, tr("Open preset from history"), problem);
    });

    openHistory(options.historyPath);
    readSettings();
    updateTitle();
    configChanged();
}

MainWindow::~MainWindow() = default;

int MainWindow::addView(QWidget* view, const QString& title) { return tabs_->addTab(view, title); }

void MainWindow::openHistory(const QString& path) {
    try {
        const std::string file = path.isEmpty() ? sim::history::default_history_path() : path.toStdString();
        history_ = std::make_unique<sim::history::RunHistory>(file);
        historyView_->setHistory(history_.get());
    } catch (const std::exception& e) {
        history_.reset();
        historyView_->setHistory(nullptr, QString::fromStdString(e.what()));
    }
}

void MainWindow::createActions() {
    newAct_ = new QAction(tr("&New"), this);
    newAct_->setShortcut(QKeySequence::New);
    connect(newAct_, &QAction::triggered, this, &MainWindow::newFile);
    openAct_ = new QAction(tr("&Open…"), this);
    openAct_->setShortcut(QKeySequence::Open);
    connect(openAct_, &QAction::triggered, this, &MainWindow::open);
    galleryAct_ = new QAction(tr("Open from &gallery…"), this);
    galleryAct_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    connect(galleryAct_, &QAction::triggered, this, &MainWindow::openGallery);
    saveAct_ = new QAction(tr("&Save"), this);
    saveAct_->setShortcut(QKeySequence::Save);
    connect(saveAct_, &QAction::triggered, this, &MainWindow::save);
    saveAsAct_ = new QAction(tr("Save &as…"), this);
    saveAsAct_->setShortcut(QKeySequence::SaveAs);
    connect(saveAsAct_, &QAction::triggered, this, &MainWindow::saveAs);
    exportAct_ = new QAction(tr("&Export service files…"), this);
    exportAct_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(exportAct_, &QAction::triggered, this, &MainWindow::openExportDialog);
    quitAct_ = new QAction(tr("&Quit"), this);
    quitAct_->setShortcut(QKeySequence::Quit);
    connect(quitAct_, &QAction::triggered, this, &QWidget::close);

    undoAct_ = doc_->undoStack()->createUndoAction(this, tr("&Undo"));
    undoAct_->setShortcut(QKeySequence::Undo);
    redoAct_ = doc_->undoStack()->createRedoAction(this, tr("&Redo"));
    redoAct_->setShortcut(QKeySequence::Redo);

    runAct_ = new QAction(tr("&Run now"), this);
    runAct_->setShortcut(QKeySequence(Qt::Key_F5));
    connect(runAct_, &QAction::triggered, this, [this] { if (doc_->runnable()) runs_->request(doc_->config()); });
    cancelAct_ = new QAction(tr("&Cancel run"), this);
    cancelAct_->setShortcut(QKeySequence(Qt::Key_Escape));
    connect(cancelAct_, &QAction::triggered, runs_, &RunController::cancel);
    pinAct_ = new QAction(tr("&Pin as baseline"), this);
    pinAct_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    connect(pinAct_, &QAction::triggered, this, &MainWindow::pinBaseline);

    darkAct_ = new QAction(tr("&Dark palette"), this);
    darkAct_->setCheckable(true);
    connect(darkAct_, &QAction::toggled, this, &MainWindow::setDarkPalette);
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(newAct_);
    file->addAction(openAct_);
    file->addAction(galleryAct_);
    recentMenu_ = file->addMenu(tr("Open &recent"));
    file->addSeparator();
    file->addAction(saveAct_);
    file->addAction(saveAsAct_);
    file->addAction(exportAct_);
    file->addSeparator();
    file->addAction(quitAct_);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(undoAct_);
    edit->addAction(redoAct_);

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(runAct_);
    run->addAction(cancelAct_);
    run->addAction(pinAct_);
    run->addAction(tr("C&lear baseline"), compare_, &CompareView::clearBaseline);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < tabs_->count(); ++i) {
        QAction* a = view->addAction(tabs_->tabText(i).remove('&'), this, [this, i] { tabs_->setCurrentIndex(i); });
        a->setShortcut(QKeySequence(Qt::ALT | static_cast<Qt::Key>(Qt::Key_1 + i)));
    }
    view->addSeparator();
    view->addAction(tr("Parameter &filter"), QKeySequence::Find, this, [this] { editor_->setFocus(); editor_->findChild<QLineEdit*>()->setFocus(); });
    view->addAction(darkAct_);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Gatetune"), this, [this] {
        QMessageBox::about(this, tr("About Gatetune"),
                           tr("<b>Gatetune</b> simulates an LLM API gateway stack — ALB, gunicorn/uvicorn, SQLAlchemy's "
                              "QueuePool, PostgreSQL, httpx, the upstream — and shows which limit fails each request, "
                              "after how long, and who held the resources."));
    });
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::createStatusBar() {
    runStatus_ = new QLabel(this);
    progress_ = new QProgressBar(this);
    progress_->setMaximumWidth(220);
    progress_->setVisible(false);
    cancel_ = new QPushButton(tr("Cancel"), this);
    cancel_->setVisible(false);
    connect(cancel_, &QPushButton::clicked, runs_, &RunController::cancel);
    statusBar()->addWidget(runStatus_, 1);
    statusBar()->addPermanentWidget(progress_);
    statusBar()->addPermanentWidget(cancel_);
    progressDelay_ = new QTimer(this);
    progressDelay_->setSingleShot(true);
    progressDelay_->setInterval(kProgressDelayMs);
    connect(progressDelay_, &QTimer::timeout, this, [this] {
        progress_->setVisible(true);
        cancel_->setVisible(true);
    });
}

void MainWindow::readSettings() {
    QSettings s;
    if (!restoreGeometry(s.value("window/geometry").toByteArray())) resize(1500, 920);
    restoreState(s.value("window/state").toByteArray());
    splitter_->restoreState(s.value("window/splitter").toByteArray());
    tabs_->setCurrentIndex(s.value("window/tab", 0).toInt());
    darkAct_->setChecked(s.value("view/dark", false).toBool());
    updateRecentMenu();
}

void MainWindow::writeSettings() {
    QSettings s;
    s.setValue("window/geometry", saveGeometry());
    s.setValue("window/state", saveState());
    s.setValue("window/splitter", splitter_->saveState());
    s.setValue("window/tab", tabs_->currentIndex());
    s.setValue("view/dark", darkAct_->isChecked());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (maybeSave()) {
        runs_->cancel();
        sweep_->cancel();
        live_->cancel();
        diagnose_->cancel();
        calibrate_->cancel();
        writeSettings();
        event->accept();
    } else {
        event->ignore();
    }
}

bool MainWindow::maybeSave() {
    if (!doc_->isModified()) return true;
    const auto answer = QMessageBox::warning(this, tr("Gatetune"), tr("%1 has unsaved changes. Save them?").arg(doc_->displayName()),
                                             QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Save) return save();
    return answer == QMessageBox::Discard;
}

void MainWindow::newFile() {
    if (maybeSave()) doc_->newPreset();
}

void MainWindow::open() {
    if (!maybeSave()) return;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open preset"), presetsDirectory(), tr("Presets (*.toml);;All files (*)"));
    if (!path.isEmpty()) openFile(path);
}

void MainWindow::openGallery() {
    if (!maybeSave()) return;
    PresetGallery gallery(this);
    if (gallery.exec() == QDialog::Accepted) openFile(gallery.chosenPath());
}

bool MainWindow::openFile(const QString& path) {
    const QString problem = doc_->open(path);
    if (!problem.isEmpty()) {
        qWarning("gatetune-gui: cannot open %s:\n%s", qPrintable(displayPath(path)), qPrintable(problem));
        QMessageBox::warning(this, tr("Cannot open preset"), problem);
        return false;
    }
    addRecentFile(path);
    statusBar()->showMessage(tr("Opened %1").arg(displayPath(path)), 4000);
    return true;
}

bool MainWindow::save() { return doc_->path().isEmpty() ? saveAs() : saveFile(doc_->path()); }

bool MainWindow::saveAs() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Save preset"), doc_->path(), tr("Presets (*.toml)"));
    return !path.isEmpty() && saveFile(path);
}

bool MainWindow::saveFile(const QString& path) {
    const QString problem = doc_->save(path);
    if (!problem.isEmpty()) {
        QMessageBox::warning(this, tr("Cannot save preset"), problem);
        return false;
    }
    addRecentFile(path);
    statusBar()->showMessage(doc_->lastSaveKeptComments() ? tr("Saved %1").arg(displayPath(path))
                                                          : tr("Saved %1 (rewritten: its comments could not be kept)").arg(displayPath(path)),
                             5000);
    return true;
}

void MainWindow::addRecentFile(const QString& path) {
    QSettings s;
    QStringList files = s.value("recentFiles").toStringList();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > kMaxRecent) files.removeLast();
    s.setValue("recentFiles", files);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu() {
    recentMenu_->clear();
    const QStringList files = QSettings().value("recentFiles").toStringList();
    for (int i = 0; i < files.size(); ++i) {
        const QString path = files[i];
        recentMenu_->addAction(QStringLiteral("&%1 %2").arg(i + 1).arg(QFileInfo(path).fileName()), this, [this, path] {
            if (maybeSave()) openFile(path);
        })->setToolTip(displayPath(path));
    }
    recentMenu_->setEnabled(!files.isEmpty());
}

void MainWindow::updateTitle() {
    setWindowTitle(tr("%1[*] — Gatetune").arg(doc_->displayName()));
    setWindowModified(doc_->isModified());
}

void MainWindow::setDarkPalette(bool dark) {
    applyPalette(dark);
    if (darkAct_->isChecked() != dark) darkAct_->setChecked(dark);
    // Charts take their theme when built: redraw the current run in the new palette.
    if (current_) results_->show(*current_, resultConfig_);
    if (current_) compare_->setCurrent(*current_);
}

void MainWindow::configChanged() {
    validation_->check(doc_->config());
    if (doc_->runnable()) {
        runs_->request(doc_->config());
        return;
    }
    runs_->cancel();
    runStatus_->setText(tr("Not simulated: fix the %n problem(s) marked in the editor.", nullptr, static_cast<int>(doc_->issues().size())));
}

void MainWindow::runStarted() {
    runStatus_->setText(tr("Simulating…"));
    progress_->setRange(0, 0);
    progressDelay_->start();
}

void MainWindow::runProgress(double fraction, const QString& text) {
    if (fraction < 0) {
        progress_->setRange(0, 0);
    } else {
        progress_->setRange(0, 1000);
        progress_->setValue(static_cast<int>(fraction * 1000));
    }
    runStatus_->setText(tr("Simulating… %1").arg(text));
}

void MainWindow::runFinished(const RunOutcome& outcome) {
    progressDelay_->stop();
    progress_->setVisible(false);
    cancel_->setVisible(false);
    if (outcome.cancelled) {
        if (!runs_->busy()) runStatus_->setText(tr("Run cancelled."));
        return;
    }
    if (!outcome.result) {
        runStatus_->setText(tr("The run failed: %1").arg(outcome.error));
        results_->showMessage(tr("The run failed: %1").arg(outcome.error));
        return;
    }
    // The editor's text (with its comments) when it is the configuration that ran.
    const bool same = sim::preset_hash(outcome.config) == sim::preset_hash(doc_->config());
    sim::history::RunRecord record =
        sim::history::make_run_record(*outcome.result, outcome.config, same ? doc_->presetText() : std::string(), "gui");
    storeRun(record);
    current_ = record;
    result_ = outcome.result;
    resultConfig_ = outcome.config;
    results_->show(record, outcome.config);
    waterfall_->setRun(outcome.result);
    compare_->setCurrent(record);
    ++runsFinished_;
    runStatus_->setText(tr("Simulated %1 requests in %2 s of simulated time.")
                            .arg(outcome.result->requests)
                            .arg(engine::to_seconds(outcome.result->duration), 0, 'f', 1));
}

void MainWindow::storeRun(const sim::history::RunRecord& record) {
    if (!keepHistory_ || !history_) return;
    const std::string key = record.mode + "/" + record.preset_hash + "/" + std::to_string(record.seed);
    if (key == lastStoredHash_) return;  // "Run now" on an unchanged preset adds nothing new
    try {
        history_->add(record);
        lastStoredHash_ = key;
        historyView_->refresh();
    } catch (const std::exception& e) {
        runStatus_->setText(QString::fromStdString(e.what()));
    }
}

void MainWindow::storeLiveRun(const LiveOutcome& outcome) {
    if (!outcome.report || !keepHistory_ || !history_) return;
    try {
        // The editor's text (with its comments) when it is still the configuration that ran.
        const bool same = sim::preset_hash(outcome.config) == sim::preset_hash(doc_->config());
        history_->add(sim::history::record_from_report(outcome.report->live, outcome.config, same ? doc_->presetText() : std::string(), "gui"));
        historyView_->refresh();
    } catch (const std::exception& e) {
        runStatus_->setText(tr("The live run was not stored in the history: %1").arg(QString::fromStdString(e.what())));
    }
}

void MainWindow::pinBaseline() {
    if (!current_) return;
    compare_->setBaseline(*current_);
    statusBar()->showMessage(tr("Pinned the current run as the baseline: the next run is overlaid on it in Compare."), 5000);
}

void MainWindow::openExportDialog() {
    if (!doc_->runnable()) {
        QMessageBox::information(this, tr("Export"), tr("Fix the problems marked in the editor first."));
        return;
    }
    ExportDialog dialog(doc_->config(), this);
    dialog.exec();
}

}  // namespace gatetune::ui
