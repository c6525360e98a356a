#include "ui/diagnose_inputs.hpp"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QToolButton>

#include "sim/diagnosis/catalogue.hpp"
#include "ui/display_path.hpp"
#include "ui/preset_document.hpp"
#include "ui/preset_gallery.hpp"
#include "ui/qt_text.hpp"

namespace gatetune::ui {

namespace dx = sim::diagnosis;

namespace {

constexpr dx::ObservationFormat kFormats[] = {dx::ObservationFormat::Auto,        dx::ObservationFormat::Records,
                                              dx::ObservationFormat::K6,          dx::ObservationFormat::Jtl,
                                              dx::ObservationFormat::AlbLog,      dx::ObservationFormat::GunicornLog,
                                              dx::ObservationFormat::UvicornLog, dx::ObservationFormat::PythonLog};

// The full path lives in the item's data; the list shows it as the user would type it.
constexpr int kPathRole = Qt::UserRole;

QPushButton* button(const QString& text, QWidget* parent) {
    auto* b = new QPushButton(text, parent);
    b->setAutoDefault(false);
    return b;
}

}  // namespace

DiagnoseInputs::DiagnoseInputs(PresetDocument& doc, QWidget* parent) : QWidget(parent), doc_(doc) {
    files_ = new QListWidget(this);
    files_->setObjectName(QStringLiteral("observationFiles"));
    files_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    files_->setMaximumHeight(fontMetrics().height() * 3 + 10);
    files_->setToolTip(tr("Per-request records (CSV or JSON Lines with status, start or order, latency; k6 --out json; "
                          "JMeter JTL; AWS ALB access logs) and, as evidence, gunicorn error logs, uvicorn access logs and "
                          "Python tracebacks. Several at once."));
    auto* add = button(tr("&Add files…"), this);
    auto* remove = button(tr("Remove"), this);
    connect(add, &QPushButton::clicked, this, &DiagnoseInputs::addFiles);
    connect(remove, &QPushButton::clicked, this, [this] { qDeleteAll(files_->selectedItems()); });
    format_ = new QComboBox(this);
    for (dx::ObservationFormat f : kFormats) format_->addItem(qs(dx::to_string(f)), static_cast<int>(f));
    format_->setToolTip(tr("auto: each file's format is recognised from its content and name"));
    auto* fileButtons = new QVBoxLayout;
    fileButtons->addWidget(add);
    fileButtons->addWidget(remove);
    fileButtons->addWidget(format_);
    fileButtons->addStretch(1);
    auto* filesRow = new QHBoxLayout;
    filesRow->addWidget(files_, 1);
    filesRow->addLayout(fileButtons);

    useEditor_ = new QRadioButton(this);
    useFile_ = new QRadioButton(tr("file:"), this);
    useEditor_->setChecked(true);
    configFile_ = new QLineEdit(this);
    configFile_->setPlaceholderText(tr("a preset (TOML)"));
    auto* browseConfig = button(tr("Browse…"), this);
    connect(browseConfig, &QPushButton::clicked, this, &DiagnoseInputs::browseConfig);
    connect(configFile_, &QLineEdit::textEdited, this, [this] { useFile_->setChecked(true); });
    auto* configRow = new QHBoxLayout;
    configRow->addWidget(useEditor_);
    configRow->addWidget(useFile_);
    configRow->addWidget(configFile_, 1);
    configRow->addWidget(browseConfig);
    connect(&doc_, &PresetDocument::fileChanged, this, &DiagnoseInputs::updateConfigLabel);
    updateConfigLabel();

    suspects_ = new QLineEdit(this);
    suspects_->setObjectName(QStringLiteral("suspects"));
    suspects_->setPlaceholderText(tr("your theories: mechanism ids or key=value changes, separated by ;"));
    suspects_->setToolTip(tr("Each suspect gets a verdict: it reproduces, or why not. Mechanisms: %1").arg(qs(dx::mechanism_ids())));
    fixFile_ = new QLineEdit(this);
    fixFile_->setPlaceholderText(tr("a proposed configuration (preset)"));
    auto* browseFix = button(tr("Browse…"), this);
    connect(browseFix, &QPushButton::clicked, this, &DiagnoseInputs::browseFix);
    fixSets_ = new QLineEdit(this);
    fixSets_->setPlaceholderText(tr("or changes: key=value; …"));
    propose_ = new QCheckBox(tr("Propose fixes"), this);
    propose_->setChecked(true);
    propose_->setToolTip(tr("Also check the changes that may remove each top mechanism, and find the smallest raise that passes"));
    auto* fixRow = new QHBoxLayout;
    fixRow->addWidget(fixFile_, 2);
    fixRow->addWidget(browseFix);
    fixRow->addWidget(fixSets_, 2);
    fixRow->addWidget(propose_);

    seeds_ = new QSpinBox(this);
    seeds_->setRange(1, 100);
    seeds_->setValue(3);
    seeds_->setToolTip(tr("Seeds per simulated point: a hypothesis reproduces when it does on most of them"));
    jobs_ = new QSpinBox(this);
    jobs_->setRange(0, 256);
    jobs_->setSpecialValueText(tr("every core"));
    mechanismButton_ = new QToolButton(this);
    mechanismButton_->setObjectName(QStringLiteral("mechanisms"));
    mechanismButton_->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(mechanismButton_);
    menu->addAction(tr("All"), this, [this] { setMechanisms({}); });
    menu->addAction(tr("None"), this, [this] {
        for (QAction* a : mechanismActions_) a->setChecked(false);
        updateMechanismButton();
    });
    menu->addSeparator();
    for (const dx::Mechanism& m : dx::catalogue()) {
        QAction* a = menu->addAction(QStringLiteral("%1 — %2").arg(qs(m.id), qs(m.title)));
        a->setData(qs(m.id));
        a->setCheckable(true);
        a->setChecked(true);
        a->setToolTip(qs(m.mechanism));
        connect(a, &QAction::toggled, this, &DiagnoseInputs::updateMechanismButton);
        mechanismActions_ << a;
    }
    menu->setToolTipsVisible(true);
    mechanismButton_->setMenu(menu);
    updateMechanismButton();
    auto* searchRow = new QHBoxLayout;
    searchRow->addWidget(new QLabel(tr("Seeds:"), this));
    searchRow->addWidget(seeds_);
    searchRow->addWidget(new QLabel(tr("Jobs:"), this));
    searchRow->addWidget(jobs_);
    searchRow->addWidget(mechanismButton_);
    searchRow->addStretch(1);

    auto* form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Observed:"), filesRow);
    form->addRow(tr("Configuration:"), configRow);
    form->addRow(tr("Suspects:"), suspects_);
    form->addRow(tr("Fix to check:"), fixRow);
    form->addRow(tr("Search:"), searchRow);
}

void DiagnoseInputs::updateConfigLabel() {
    useEditor_->setText(tr("the preset in the editor (%1)").arg(doc_.displayName()));
}

void DiagnoseInputs::updateMechanismButton() {
    int on = 0;
    for (QAction* a : mechanismActions_) on += a->isChecked() ? 1 : 0;
    mechanismButton_->setText(on == mechanismActions_.size() ? tr("Mechanisms: all %1").arg(on)
                                                              : tr("Mechanisms: %1 of %2").arg(on).arg(mechanismActions_.size()));
}

void DiagnoseInputs::addFiles() {
    const QStringList paths = QFileDialog::getOpenFileNames(
        this, tr("Add what was observed"), files_->count() ? QFileInfo(observationFiles().back()).path() : QString(),
        tr("Records and logs (*.csv *.jsonl *.json *.jtl *.log *.txt);;All files (*)"));
    setObservationFiles(observationFiles() + paths);
}

void DiagnoseInputs::browseConfig() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Configuration that was running"), presetsDirectory(), tr("Presets (*.toml);;All files (*)"));
    if (!path.isEmpty()) setConfigFile(path);
}

void DiagnoseInputs::browseFix() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Proposed fix"), presetsDirectory(), tr("Presets (*.toml);;All files (*)"));
    if (!path.isEmpty()) setFixFile(path);
}

void DiagnoseInputs::setObservationFiles(const QStringList& paths) {
    files_->clear();
    for (const QString& p : paths) {
        if (p.isEmpty() || !files_->findItems(displayPath(p), Qt::MatchExactly).isEmpty()) continue;
        auto* item = new QListWidgetItem(displayPath(p), files_);
        item->setData(kPathRole, p);
        item->setToolTip(displayPath(p));
    }
}

QStringList DiagnoseInputs::observationFiles() const {
    QStringList out;
    for (int i = 0; i < files_->count(); ++i) out << files_->item(i)->data(kPathRole).toString();
    return out;
}

void DiagnoseInputs::setConfigFile(const QString& path) {
    configFile_->setText(displayPath(path));
    (path.isEmpty() ? useEditor_ : useFile_)->setChecked(true);
}

void DiagnoseInputs::setFixFile(const QString& path) { fixFile_->setText(displayPath(path)); }
void DiagnoseInputs::setFixSets(const QStringList& sets) { fixSets_->setText(sets.join(QStringLiteral("; "))); }
void DiagnoseInputs::setSuspects(const QStringList& suspects) { suspects_->setText(suspects.join(QStringLiteral("; "))); }
void DiagnoseInputs::setSeeds(int seeds) { seeds_->setValue(seeds); }
void DiagnoseInputs::setJobs(int jobs) { jobs_->setValue(jobs); }
void DiagnoseInputs::setProposeFixes(bool on) { propose_->setChecked(on); }

void DiagnoseInputs::setMechanisms(const QStringList& ids) {
    for (QAction* a : mechanismActions_) a->setChecked(ids.isEmpty() || ids.contains(a->data().toString()));
    updateMechanismButton();
}

QStringList DiagnoseInputs::mechanisms() const {
    QStringList on;
    for (QAction* a : mechanismActions_)
        if (a->isChecked()) on << a->data().toString();
    return on.size() == mechanismActions_.size() ? QStringList{} : on;
}

std::optional<DiagnoseRequest> DiagnoseInputs::request(QString& problem) const {
    DiagnoseRequest r;
    r.observationFiles = observationFiles();
    if (r.observationFiles.isEmpty()) {
        problem = tr("Add the files that were observed first (Add files…).");
        return std::nullopt;
    }
    r.format = static_cast<dx::ObservationFormat>(format_->currentData().toInt());
    if (useEditor_->isChecked()) {
        if (!doc_.runnable()) {
            problem = tr("Fix the problems marked in the editor first, or choose a configuration file: the diagnosis replays "
                         "the observation in the preset in the editor.");
            return std::nullopt;
        }
        r.config = doc_.config();
        r.configName = doc_.path().isEmpty() ? doc_.displayName() : displayPath(doc_.path());
    } else if (configFile_->text().trimmed().isEmpty()) {
        problem = tr("Choose the configuration file that was running, or the preset in the editor.");
        return std::nullopt;
    } else {
        r.configFile = openablePath(configFile_->text().trimmed());
    }
    if (mechanisms().isEmpty() &&
        std::none_of(mechanismActions_.begin(), mechanismActions_.end(), [](QAction* a) { return a->isChecked(); })) {
        problem = tr("Choose at least one mechanism to try.");
        return std::nullopt;
    }
    r.fixFile = openablePath(fixFile_->text().trimmed());
    r.fixSets = splitList(fixSets_->text());
    r.mechanisms = mechanisms();
    r.suspects = splitList(suspects_->text());
    r.seeds = seeds_->value();
    r.jobs = static_cast<unsigned>(jobs_->value());
    r.proposeFixes = propose_->isChecked();
    return r;
}

}  // namespace gatetune::ui
