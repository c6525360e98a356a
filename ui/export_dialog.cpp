#include "ui/export_dialog.hpp"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "ui/display_path.hpp"

namespace gatetune::ui {

ExportDialog::ExportDialog(const sim::Config& config, QWidget* parent) : QDialog(parent), config_(config) {
    setWindowTitle(tr("Export service files"));
    const sim::exporting::ExportOptions defaults;
    app_ = new QLineEdit(QString::fromStdString(defaults.app), this);
    bind_ = new QLineEdit(QString::fromStdString(defaults.bind), this);
    seeds_ = new QSpinBox(this);
    seeds_->setRange(1, sim::validation::kMaxSeeds);
    seeds_->setValue(3);
    forced_ = new QCheckBox(tr("Export anyway (the files will say the configuration did not validate)"), this);
    auto* revalidate = new QPushButton(tr("&Validate again"), this);
    auto* form = new QFormLayout;
    form->addRow(tr("ASGI application (module:variable):"), app_);
    form->addRow(tr("gunicorn --bind:"), bind_);
    form->addRow(tr("Seeds for the SLO check:"), seeds_);
    form->addRow(forced_);
    form->addRow(revalidate);

    verdict_ = new QLabel(this);
    verdict_->setObjectName(QStringLiteral("exportVerdict"));
    verdict_->setWordWrap(true);
    list_ = new QListWidget(this);
    list_->setObjectName(QStringLiteral("exportFiles"));
    preview_ = new QPlainTextEdit(this);
    preview_->setReadOnly(true);
    preview_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    preview_->setLineWrapMode(QPlainTextEdit::NoWrap);
    auto* split = new QSplitter(this);
    split->addWidget(list_);
    split->addWidget(preview_);
    split->setStretchFactor(1, 4);
    split->setSizes({220, 980});

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    save_ = buttons->addButton(tr("&Save to folder…"), QDialogButtonBox::AcceptRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(save_, &QPushButton::clicked, this, &ExportDialog::chooseFolder);
    connect(revalidate, &QPushButton::clicked, this, &ExportDialog::validate);
    connect(forced_, &QCheckBox::toggled, this, &ExportDialog::rebuildFiles);
    connect(app_, &QLineEdit::editingFinished, this, &ExportDialog::rebuildFiles);
    connect(bind_, &QLineEdit::editingFinished, this, &ExportDialog::rebuildFiles);
    connect(list_, &QListWidget::currentRowChanged, this, [this](int row) {
        preview_->setPlainText(row >= 0 && row < static_cast<int>(files_.size()) ? QString::fromStdString(files_[static_cast<std::size_t>(row)].content) : QString());
    });
    connect(&watcher_, &QFutureWatcher<sim::validation::ValidationReport>::finished, this, &ExportDialog::validationDone);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(verdict_);
    layout->addWidget(split, 1);
    layout->addWidget(buttons);
    resize(1000, 680);
    validate();
}

ExportDialog::~ExportDialog() { watcher_.waitForFinished(); }

void ExportDialog::validate() {
    if (watcher_.isRunning()) return;
    verdict_->setText(tr("Validating: static rules and the SLO over %n seed(s)…", nullptr, seeds_->value()));
    save_->setEnabled(false);
    const sim::Config config = config_;
    const int seeds = seeds_->value();
    validationError_.clear();
    report_.reset();
    watcher_.setFuture(QtConcurrent::run([config, seeds] { return sim::validation::validate(config, seeds); }));
}

void ExportDialog::validationDone() {
    try {
        report_ = watcher_.result();
    } catch (const std::exception& e) {  // QtConcurrent rethrows the task's exception here
        report_.reset();
        validationError_ = QString::fromStdString(e.what());
    }
    rebuildFiles();
    emit validated();
}

void ExportDialog::rebuildFiles() {
    files_.clear();
    list_->clear();
    save_->setEnabled(false);
    if (!report_) {
        if (!validationError_.isEmpty()) verdict_->setText(tr("Validation failed: %1").arg(validationError_));
        return;
    }
    sim::exporting::ExportOptions options;
    options.app = app_->text().trimmed().toStdString();
    options.bind = bind_->text().trimmed().toStdString();
    options.forced = forced_->isChecked();
    const QString verdict = QString::fromStdString(report_->verdict());
    try {
        files_ = sim::exporting::export_files(config_, *report_, options);
    } catch (const std::exception& e) {
        verdict_->setText(tr("Verdict: %1. %2").arg(verdict, QString::fromStdString(e.what())));
        return;
    }
    verdict_->setText(report_->valid() ? tr("Verdict: valid — the files below are ready to save.")
                                       : tr("Verdict: %1 — exported anyway; every file says so.").arg(verdict));
    for (const auto& f : files_) list_->addItem(QString::fromStdString(f.name));
    list_->setCurrentRow(0);
    save_->setEnabled(true);
}

QString ExportDialog::saveTo(const QString& dir) {
    if (files_.empty()) return tr("Nothing to save: the configuration has not been exported yet.");
    try {
        sim::exporting::write_files(dir.toStdString(), files_);
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

void ExportDialog::chooseFolder() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Save the exported files into"));
    if (dir.isEmpty()) return;
    const QString problem = saveTo(dir);
    if (problem.isEmpty())
        QMessageBox::information(this, tr("Exported"), tr("%n file(s) written to %1.", nullptr, static_cast<int>(files_.size())).arg(displayPath(dir)));
    else
        QMessageBox::warning(this, tr("Export failed"), problem);
}

}  // namespace gatetune::ui
