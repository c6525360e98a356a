#include "ui/calibrate_view.hpp"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListWidget>
#include <QMimeData>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "sim/calibration/calibrated_preset.hpp"
#include "sim/preset/config_schema.hpp"
#include "sim/preset/preset_io.hpp"
#include "ui/chart_style.hpp"
#include "ui/display_path.hpp"
#include "ui/job_message.hpp"
#include "ui/fit_charts.hpp"
#include "ui/preset_document.hpp"
#include "ui/qt_text.hpp"
#include "ui/verdict_colours.hpp"

namespace gatetune::ui {

namespace cal = sim::calibration;

namespace {

constexpr cal::LogFormat kLogFormats[] = {cal::LogFormat::Auto, cal::LogFormat::JsonLines, cal::LogFormat::Csv, cal::LogFormat::K6,
                                       cal::LogFormat::Alb};
constexpr int kLogPathRole = Qt::UserRole;          // files: the full path (the list shows it as typed)
constexpr int kQuantityRole = Qt::UserRole + 1;  // fits: the row's quantity

QPushButton* calibrateButton(const QString& text, QWidget* parent) {
    auto* b = new QPushButton(text, parent);
    b->setAutoDefault(false);
    return b;
}

QTableView* calibrateTable(QStandardItemModel* model, const QString& name, QWidget* parent) {
    auto* view = new QTableView(parent);
    view->setObjectName(name);
    view->setModel(model);
    view->verticalHeader()->hide();
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setStretchLastSection(true);
    view->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    return view;
}

QStandardItem* fitItem(const QString& text, int quantity) {
    auto* i = new QStandardItem(text);
    i->setData(quantity, kQuantityRole);
    return i;
}

QStandardItem* fitNumber(const QString& text, int quantity) {
    QStandardItem* i = fitItem(text, quantity);
    i->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return i;
}

QString fitKsText(double ks) { return QString::number(ks, 'f', 4); }

// The progress of the reading reaches the window at most once per event-loop turn.
}  // namespace

CalibrateView::CalibrateView(PresetDocument& doc, QWidget* parent) : QWidget(parent), doc_(doc) {
    setAcceptDrops(true);
    files_ = new QListWidget(this);
    files_->setObjectName(QStringLiteral("logFiles"));
    files_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    files_->setMaximumHeight(fontMetrics().height() * 3 + 10);
    files_->setToolTip(tr("Request logs — JSON Lines (flat records, OpenAI-style responses with usage, the live gateway's usage "
                          "rows), CSV with a header, k6 --out json, AWS ALB access logs. Several at once; drop files here."));
    auto* add = calibrateButton(tr("&Add logs…"), this);
    auto* remove = calibrateButton(tr("Remove"), this);
    connect(add, &QPushButton::clicked, this, &CalibrateView::addFiles);
    connect(remove, &QPushButton::clicked, this, [this] { qDeleteAll(files_->selectedItems()); });
    format_ = new QComboBox(this);
    for (cal::LogFormat f : kLogFormats) format_->addItem(qs(cal::to_string(f)), static_cast<int>(f));
    format_->setToolTip(tr("auto: each file's format is recognised from its first bytes"));
    auto* fileButtons = new QVBoxLayout;
    fileButtons->addWidget(add);
    fileButtons->addWidget(remove);
    fileButtons->addWidget(format_);
    fileButtons->addStretch(1);
    auto* filesRow = new QHBoxLayout;
    filesRow->addWidget(new QLabel(tr("Logs:"), this), 0, Qt::AlignTop);
    filesRow->addWidget(files_, 1);
    filesRow->addLayout(fileButtons);

    run_ = calibrateButton(tr("&Calibrate"), this);
    run_->setObjectName(QStringLiteral("calibrate"));
    stop_ = calibrateButton(tr("Cancel"), this);
    stop_->setEnabled(false);
    accept_ = calibrateButton(tr("Accept into preset"), this);
    accept_->setObjectName(QStringLiteral("acceptCalibration"));
    accept_->setEnabled(false);
    accept_->setToolTip(tr("Apply the changes listed below to the preset in the editor, as one step that Undo takes back"));
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 1000);
    progress_->setVisible(false);
    connect(run_, &QPushButton::clicked, this, &CalibrateView::start);
    connect(stop_, &QPushButton::clicked, this, &CalibrateView::cancel);
    connect(accept_, &QPushButton::clicked, this, &CalibrateView::acceptIntoPreset);
    auto* actions = new QHBoxLayout;
    actions->addWidget(run_);
    actions->addWidget(stop_);
    actions->addWidget(progress_, 1);
    actions->addStretch(0);
    actions->addWidget(accept_);

    message_ = makeMessageLine(QStringLiteral("calibrateMessage"), this);

    fits_ = new QStandardItemModel(this);
    fitTable_ = calibrateTable(fits_, QStringLiteral("fits"), this);
    // The parameters take the room the KS columns leave (elided; the tooltip has them whole).
    fitTable_->setWordWrap(false);
    fitTable_->setTextElideMode(Qt::ElideRight);
    fitTable_->horizontalHeader()->setStretchLastSection(false);
    connect(fits_, &QAbstractItemModel::headerDataChanged, fitTable_, [this] {
        if (Parameters < fitTable_->horizontalHeader()->count()) fitTable_->horizontalHeader()->setSectionResizeMode(Parameters, QHeaderView::Stretch);
    });
    connect(fitTable_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
        if (current.isValid()) showCharts(current.siblingAtColumn(0).data(kQuantityRole).toInt());
    });
    histogram_ = makeChartView(makeChart(QString()), this);
    histogram_->setObjectName(QStringLiteral("fitHistogram"));
    cdf_ = makeChartView(makeChart(QString()), this);
    cdf_->setObjectName(QStringLiteral("fitCdf"));
    chartNote_ = new QLabel(this);
    chartNote_->setWordWrap(true);
    auto* charts = new QWidget(this);
    auto* cl = new QVBoxLayout(charts);
    cl->setContentsMargins(0, 0, 0, 0);
    cl->addWidget(histogram_, 1);
    cl->addWidget(cdf_, 1);
    cl->addWidget(chartNote_);
    changes_ = new QStandardItemModel(this);
    changeTable_ = calibrateTable(changes_, QStringLiteral("presetChanges"), this);
    changeTable_->setWordWrap(false);
    changeTable_->setTextElideMode(Qt::ElideRight);  // an empirical distribution is 101 numbers: the tooltip has them all
    changeTable_->horizontalHeader()->setStretchLastSection(false);
    connect(changes_, &QAbstractItemModel::headerDataChanged, changeTable_, [this] {
        QHeaderView* h = changeTable_->horizontalHeader();
        for (int c = 1; c < h->count(); ++c) h->setSectionResizeMode(c, QHeaderView::Stretch);
    });
    notIdentified_ = new QLabel(this);
    notIdentified_->setObjectName(QStringLiteral("notIdentified"));
    notIdentified_->setWordWrap(true);
    notIdentified_->setTextFormat(Qt::PlainText);
    notIdentified_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    notIdentified_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(notIdentified_);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    // Left: the fits, the preset's changes and what the logs cannot tell; right: the selected
    // quantity's charts, the full height.
    auto* left = new QSplitter(Qt::Vertical, this);
    left->addWidget(fitTable_);
    left->addWidget(changeTable_);
    left->addWidget(scroll);
    left->setStretchFactor(0, 3);
    left->setStretchFactor(1, 2);
    left->setStretchFactor(2, 2);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(charts);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(filesRow);
    layout->addLayout(actions);
    layout->addWidget(message_);
    layout->addWidget(split, 1);

    job_ = std::make_unique<BackgroundJob<CalibrateOutcome>>(this, JobControls{run_, stop_, progress_, message_},
                                                             [this](const CalibrateOutcome& o) { done(o); });
    connect(&doc_, &PresetDocument::configChanged, this, &CalibrateView::fillChanges);
    message_->setText(tr("Add a team's request logs (or drop them here) and Calibrate: the upstream's latency model, its capacity "
                         "and the workload are fitted to them, each with how well it fits; Accept writes them into the preset."));
    showOutcome(nullptr);
}

CalibrateView::~CalibrateView() = default;

bool CalibrateView::running() const { return job_->running(); }

void CalibrateView::cancel() { job_->stop(); }

void CalibrateView::setLogFiles(const QStringList& paths) {
    files_->clear();
    for (const QString& p : paths) {
        if (p.isEmpty() || !files_->findItems(displayPath(p), Qt::MatchExactly).isEmpty()) continue;
        auto* it = new QListWidgetItem(displayPath(p), files_);
        it->setData(kLogPathRole, p);
        it->setToolTip(displayPath(p));
    }
}

QStringList CalibrateView::logFiles() const {
    QStringList out;
    for (int i = 0; i < files_->count(); ++i) out << files_->item(i)->data(kLogPathRole).toString();
    return out;
}

void CalibrateView::addFiles() {
    const QStringList paths = QFileDialog::getOpenFileNames(
        this, tr("Add request logs"), files_->count() ? QFileInfo(logFiles().back()).path() : QString(),
        tr("Request logs (*.jsonl *.json *.csv *.log *.txt *.gz);;All files (*)"));
    if (paths.isEmpty()) return;
    setLogFiles(logFiles() + paths);
    start();
}

void CalibrateView::dragEnterEvent(QDragEnterEvent* event) {
    if (!event->mimeData()->hasUrls()) return;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile()) {
            event->acceptProposedAction();
            return;
        }
}

void CalibrateView::dropEvent(QDropEvent* event) {
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile()) paths << url.toLocalFile();
    if (paths.isEmpty()) return;
    event->acceptProposedAction();
    setLogFiles(logFiles() + paths);
    start();
}

void CalibrateView::start() {
    if (running()) return;
    CalibrateRequest request;
    request.files = logFiles();
    if (request.files.isEmpty()) {
        showError(tr("Add the request logs first (Add logs…, or drop them here)."));
        return;
    }
    request.format = static_cast<cal::LogFormat>(format_->currentData().toInt());
    progress_->setValue(0);
    accept_->setEnabled(false);
    job_->start<double>(
        tr("Reading %1…").arg(request.files.size() == 1 ? displayPath(request.files.front()) : tr("%n logs", nullptr, static_cast<int>(request.files.size()))),
        [request](const std::function<bool()>& stopped, const std::function<void(double)>& report) {
            return runCalibration(request, stopped, report);
        },
        [this](double share) { progress_->setValue(static_cast<int>(share * 1000)); });
}

void CalibrateView::done(const CalibrateOutcome& result) {
    auto outcome = std::make_shared<const CalibrateOutcome>(result);
    ++finished_;
    if (outcome->cancelled) {
        message_->setStyleSheet(QString());
        message_->setText(tr("Calibration cancelled."));
        fillChanges();
    } else if (!outcome->error.isEmpty()) {
        outcome_ = outcome;
        showOutcome(nullptr);
        showError(outcome->error);
    } else {
        outcome_ = outcome;
        showOutcome(outcome);
    }
    emit finished();
}

void CalibrateView::showError(const QString& error) { emit statusMessage(showFailure(message_, error)); }

void CalibrateView::showOutcome(std::shared_ptr<const CalibrateOutcome> outcome) {
    const cal::Calibration* c = outcome ? &outcome->calibration : nullptr;
    quantities_ = c ? cal::fitted_quantities(*c) : std::vector<cal::FittedQuantity>{};
    selected_ = -1;
    fillFits();
    fillChanges();
    if (!c) {
        notIdentified_->clear();
        showCharts(-1);
        return;
    }
    message_->setStyleSheet(QString());
    QStringList facts;
    QStringList sources;
    for (std::size_t i = 0; i < c->reads.size(); ++i)
        sources << QStringLiteral("%1 (%2)").arg(i < c->files.size() ? displayPath(qs(c->files[i])) : QString(), qs(cal::to_string(c->reads[i].format)));
    facts << tr("%1 requests from %2.").arg(static_cast<qulonglong>(c->requests)).arg(sources.join(QStringLiteral(", ")));
    if (!outcome->badLines.isEmpty())
        facts << tr("%1 of %2 lines could not be read and were left out:").arg(static_cast<qulonglong>(c->bad_lines())).arg(static_cast<qulonglong>(c->lines()))
              << outcome->badLines;
    if (outcome->badLines.isEmpty())
        message_->setText(facts.join(QLatin1Char('\n')));
    else
        showFailure(message_, facts.join(QLatin1Char('\n')));  // calibrated, but some lines were left out

    QStringList unknown;
    for (const std::string& s : c->not_identified) unknown << QStringLiteral("• ") + qs(s);
    for (const cal::UpstreamFit& f : c->models)
        for (const std::string& s : f.not_identified) unknown << QStringLiteral("• ") + (f.model.empty() ? QString() : qs(f.model) + QStringLiteral(": ")) + qs(s);
    for (const cal::FittedQuantity& q : quantities_)
        if (!q.fit) unknown << QStringLiteral("• ") + tr("%1: too few values to fit a distribution").arg(qs(q.label));
    QString text = unknown.isEmpty() ? tr("The logs identify every quantity the calibration fits.")
                                     : tr("What these logs cannot identify (the preset keeps its value):") + QLatin1Char('\n') + unknown.join(QLatin1Char('\n'));
    const cal::CalibratedPreset preset = cal::calibrated_preset(*c, doc_.config());
    if (!preset.notes.empty()) {
        text += QStringLiteral("\n\n") + tr("What the preset cannot express about these logs:");
        for (const std::string& n : preset.notes) text += QStringLiteral("\n• ") + qs(n);
    }
    notIdentified_->setText(text);
    selectQuantity(0);
    emit statusMessage(tr("Calibrated from %1: %n fitted quantities.", nullptr, static_cast<int>(quantities_.size())).arg(outcome->fileNames));
}

void CalibrateView::fillFits() {
    fits_->clear();
    fits_->setHorizontalHeaderLabels({tr("Quantity"), tr("Family"), tr("Parameters"), tr("KS"), tr("KS 1 % critical"), QString()});
    for (std::size_t qi = 0; qi < quantities_.size(); ++qi) {
        const cal::FittedQuantity& q = quantities_[qi];
        const int n = static_cast<int>(qi);
        const QString label = qs(q.label);
        if (!q.fit) {
            fits_->appendRow({fitItem(label, n), fitItem(QStringLiteral("—"), n), fitItem(tr("too few values to fit"), n)});
            continue;
        }
        bool first = true;
        for (const cal::FamilyFit& f : q.fit->candidates) {
            const bool chosen = isChosen(*q.fit, f);
            const bool passes = f.ks <= q.fit->ks_critical;
            QStandardItem* ks = fitNumber(fitKsText(f.ks), n);
            ks->setBackground(passes ? passTint() : failTint());
            ks->setToolTip(passes ? tr("within the KS test's 1 % critical value") : tr("beyond the KS test's 1 % critical value: the family is rejected"));
            QList<QStandardItem*> row{fitItem(first ? label : QString(), n), fitItem(qs(f.distribution.kind_name()), n),
                                      fitItem(qs(cal::short_describe(f.distribution)), n), ks, fitNumber(fitKsText(q.fit->ks_critical), n),
                                      fitItem(chosen ? tr("chosen") : QString(), n)};
            if (chosen) {
                for (QStandardItem* i : row) {
                    QFont bold = i->font();
                    bold.setBold(true);
                    i->setFont(bold);
                }
                row.back()->setBackground(passTint());
            }
            row[Parameters]->setToolTip(row[Parameters]->text());
            fits_->appendRow(row);
            first = false;
        }
        if (q.fit->empirical) {
            QList<QStandardItem*> row{fitItem(first ? label : QString(), n), fitItem(tr("empirical"), n), fitItem(qs(cal::short_describe(q.fit->chosen)), n),
                                      fitNumber(fitKsText(q.fit->chosen_ks), n), fitNumber(fitKsText(q.fit->ks_critical), n), fitItem(tr("chosen"), n)};
            row.back()->setToolTip(tr("no family passes the KS test: the data's percentiles are used"));
            for (QStandardItem* i : row) {
                QFont bold = i->font();
                bold.setBold(true);
                i->setFont(bold);
            }
            fits_->appendRow(row);
        }
    }
}

void CalibrateView::selectQuantity(int index) {
    if (index < 0 || index >= static_cast<int>(quantities_.size())) return;
    for (int r = 0; r < fits_->rowCount(); ++r)
        if (fits_->item(r, 0)->data(kQuantityRole).toInt() == index) {
            if (fitTable_->currentIndex().row() == r) showCharts(index);
            else fitTable_->setCurrentIndex(fits_->index(r, 0));  // shows it through currentRowChanged
            return;
        }
}

void CalibrateView::showCharts(int index) {
    if (index == selected_ && index >= 0) return;
    selected_ = index;
    const bool valid = index >= 0 && index < static_cast<int>(quantities_.size());
    const cal::FittedQuantity empty{};
    const cal::FittedQuantity& q = valid ? quantities_[static_cast<std::size_t>(index)] : empty;
    for (auto [view, chart] : {std::pair{histogram_, valid ? histogramChart(q) : makeChart(QString())},
                               std::pair{cdf_, valid ? cdfChart(q) : makeChart(QString())}}) {
        QChart* old = view->chart();
        view->setChart(chart);
        delete old;
    }
    if (!valid) {
        chartNote_->clear();
    } else if (!q.fit) {
        chartNote_->setText(tr("%1: too few values to fit a distribution (at least %2 positive values are needed).").arg(qs(q.label)).arg(cal::kMinSample));
    } else {
        QString note = tr("Chosen: %1. ").arg(qs(cal::short_describe(q.fit->chosen))) + tr("Bars: the data, from the fit's %1 quantiles of %2 values; lines: the share each fitted family puts in the same bins "
                          "(thick: the chosen family). KS 1 % critical value %3.")
                           .arg(q.fit->points.x.size())
                           .arg(static_cast<qulonglong>(q.fit->sample))
                           .arg(fitKsText(q.fit->ks_critical));
        if (q.fit->empirical) note += QLatin1Char(' ') + tr("No family passes the KS test: the preset gets the data's percentiles.");
        if (q.fit->non_positive > 0) note += QLatin1Char(' ') + tr("%1 values ≤ 0 left out.").arg(static_cast<qulonglong>(q.fit->non_positive));
        chartNote_->setText(note);
    }
}

void CalibrateView::fillChanges() {
    changes_->clear();
    changes_->setHorizontalHeaderLabels({tr("Preset key"), tr("Calibrated"), tr("Preset now"), tr("From the logs")});
    if (!outcome_ || !outcome_->ok()) {
        accept_->setEnabled(false);
        return;
    }
    const cal::CalibratedPreset preset = cal::calibrated_preset(outcome_->calibration, doc_.config());
    int differ = 0;
    for (const cal::PresetChange& change : preset.changes) {
        const sim::KeySpec* key = sim::find_key(change.key);
        if (!key) continue;
        const bool same = sim::values_equal(key->get(preset.config), key->get(doc_.config()));
        differ += same ? 0 : 1;
        QList<QStandardItem*> row{new QStandardItem(qs(change.key)), new QStandardItem(qs(change.value)),
                                  new QStandardItem(qs(sim::format_value(doc_.config(), *key))), new QStandardItem(qs(change.from))};
        for (QStandardItem* i : row) i->setToolTip(i->text());
        if (same) row[2]->setBackground(passTint());
        changes_->appendRow(row);
    }
    accept_->setEnabled(differ > 0 && !running());
}

int CalibrateView::acceptIntoPreset() {
    if (!outcome_ || !outcome_->ok() || running()) return 0;
    const cal::CalibratedPreset preset = cal::calibrated_preset(outcome_->calibration, doc_.config());
    if (doc_.runnable()) {
        try {
            sim::check_config(preset.config, doc_.displayName().toStdString());
        } catch (const sim::PresetError& e) {
            showError(tr("The calibrated preset would not be complete, so nothing was accepted:\n%1").arg(QString::fromStdString(e.what())));
            return 0;
        }
    }
    std::vector<std::pair<const sim::KeySpec*, sim::Value>> values;
    for (const cal::PresetChange& change : preset.changes)
        if (const sim::KeySpec* key = sim::find_key(change.key))
            if (!sim::values_equal(key->get(preset.config), key->get(doc_.config()))) values.emplace_back(key, key->get(preset.config));
    if (values.empty()) return 0;
    const int n = static_cast<int>(values.size());
    doc_.setValues(values, tr("Accept calibration from %1").arg(outcome_->fileNames));
    emit statusMessage(tr("Accepted %n calibrated value(s) into %1 (Undo takes them back).", nullptr, n).arg(doc_.displayName()));
    return n;
}

}  // namespace gatetune::ui
