#include "ui/diagnose_view.hpp"

#include <QFileDialog>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <sstream>

#include "gatetune/version.hpp"
#include "sim/diagnosis/candidate.hpp"
#include "sim/diagnosis/diagnosis_report.hpp"
#include "sim/diagnosis/status_summary.hpp"
#include "ui/diagnose_inputs.hpp"
#include "ui/display_path.hpp"
#include "ui/hypothesis_model.hpp"
#include "ui/job_message.hpp"
#include "ui/replay_view.hpp"
#include "ui/verdict_colours.hpp"

namespace gatetune::ui {

namespace dx = sim::diagnosis;

namespace {

// `stretch`: the column that takes the room the others leave (-1: the last), its text wrapped.
QTableView* makeTable(QAbstractItemModel* model, const QString& name, QWidget* parent, int stretch = -1) {
    auto* view = new QTableView(parent);
    view->setObjectName(name);
    view->setModel(model);
    view->verticalHeader()->hide();
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setWordWrap(true);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setStretchLastSection(stretch < 0);
    if (stretch >= 0) {
        // Columns appear with the model's headers: stretch this one whenever they do.
        QObject::connect(model, &QAbstractItemModel::headerDataChanged, view, [view, stretch] {
            if (stretch < view->horizontalHeader()->count()) view->horizontalHeader()->setSectionResizeMode(stretch, QHeaderView::Stretch);
        });
    }
    // Rows as tall as their wrapped text at the width the table has when shown (small tables).
    view->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    return view;
}

QStandardItem* item(const std::string& text, std::optional<bool> passes = std::nullopt) {
    auto* i = new QStandardItem(QString::fromStdString(text));
    if (passes) i->setBackground(*passes ? passTint() : failTint());
    return i;
}

// The progress of a run in the background reaches the window at most once per event-loop turn,
// however many simulations finish meanwhile (thousands a second on the seed incident).
}  // namespace

DiagnoseView::DiagnoseView(PresetDocument& doc, QWidget* parent) : QWidget(parent) {
    inputs_ = new DiagnoseInputs(doc, this);
    run_ = new QPushButton(tr("&Diagnose"), this);
    run_->setObjectName(QStringLiteral("diagnose"));
    stop_ = new QPushButton(tr("Cancel"), this);
    stop_->setEnabled(false);
    save_ = new QPushButton(tr("Save report…"), this);
    save_->setEnabled(false);
    save_->setToolTip(tr("The report `gatetune diagnose` prints: text, or JSON for a .json file"));
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 0);  // the search decides how many simulations it needs as it goes
    progress_->setVisible(false);
    connect(run_, &QPushButton::clicked, this, &DiagnoseView::start);
    connect(stop_, &QPushButton::clicked, this, &DiagnoseView::cancel);
    connect(save_, &QPushButton::clicked, this, &DiagnoseView::saveReportAs);
    auto* actions = new QHBoxLayout;
    actions->addWidget(run_);
    actions->addWidget(stop_);
    actions->addWidget(progress_, 1);
    actions->addStretch(0);
    actions->addWidget(save_);

    message_ = makeMessageLine(QStringLiteral("diagnoseMessage"), this);
    summary_ = new QLabel(this);
    summary_->setObjectName(QStringLiteral("diagnoseSummary"));
    summary_->setWordWrap(true);
    summary_->setTextFormat(Qt::PlainText);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = summary_->font();
    bold.setBold(true);
    summary_->setFont(bold);

    hypotheses_ = new HypothesisModel(this);
    hypothesisTable_ = makeTable(hypotheses_, QStringLiteral("hypotheses"), this);
    hypothesisTable_->setWordWrap(false);
    hypothesisTable_->horizontalHeader()->setStretchLastSection(false);
    hypothesisTable_->horizontalHeader()->setSectionResizeMode(HypothesisModel::Fitted, QHeaderView::Stretch);
    hypothesisTable_->setTextElideMode(Qt::ElideMiddle);
    connect(hypothesisTable_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { showHypothesis(current.row()); });

    replay_ = new ReplayView(this);
    indistinct_ = new QLabel(this);
    indistinct_->setWordWrap(true);
    predictions_ = new QStandardItemModel(this);
    auto* apart = new QWidget(this);
    auto* al = new QVBoxLayout(apart);
    al->addWidget(indistinct_);
    al->addWidget(makeTable(predictions_, QStringLiteral("predictions"), apart), 1);
    suspects_ = new QStandardItemModel(this);
    fixes_ = new QStandardItemModel(this);
    details_ = new QTabWidget(this);
    details_->setDocumentMode(true);
    details_->addTab(replay_, tr("Beside the observation"));
    details_->addTab(apart, tr("Cannot tell apart"));
    details_->addTab(makeTable(suspects_, QStringLiteral("suspects"), this), tr("Suspects"));
    details_->addTab(makeTable(fixes_, QStringLiteral("fixes"), this, 0), tr("Fix check"));

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(hypothesisTable_);
    split->addWidget(details_);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(inputs_);
    layout->addLayout(actions);
    layout->addWidget(message_);
    layout->addWidget(summary_);
    layout->addWidget(split, 1);
    job_ = std::make_unique<BackgroundJob<DiagnoseOutcome>>(this, JobControls{run_, stop_, progress_, message_},
                                                            [this](const DiagnoseOutcome& o) { done(o); });
    message_->setText(tr("Add what was observed during the incident, say which configuration was running, and Diagnose: "
                         "every mechanism the model has is fitted to the observation and ranked by how well it reproduces it."));
    show(nullptr);
}

DiagnoseView::~DiagnoseView() = default;

bool DiagnoseView::running() const { return job_->running(); }

void DiagnoseView::cancel() { job_->stop(); }

void DiagnoseView::start() {
    if (running()) return;
    QString problem;
    const std::optional<DiagnoseRequest> request = inputs_->request(problem);
    if (!request) {
        showError(problem);
        return;
    }
    job_->start<std::uint64_t>(
        tr("Diagnosing…"),
        [request = *request](const std::function<bool()>& stopped, const std::function<void(std::uint64_t)>& report) {
            return runDiagnosis(request, stopped, report);
        },
        [this](std::uint64_t done) { message_->setText(tr("Diagnosing… %Ln simulation(s)", nullptr, static_cast<int>(done))); });
}

void DiagnoseView::done(const DiagnoseOutcome& result) {
    auto outcome = std::make_shared<const DiagnoseOutcome>(result);
    ++finished_;
    if (outcome->cancelled) {
        message_->setStyleSheet(QString());
        message_->setText(tr("Diagnosis cancelled."));
    } else if (!outcome->error.isEmpty()) {
        outcome_ = outcome;
        show(nullptr);
        showError(outcome->error);
    } else {
        outcome_ = outcome;
        show(outcome);
    }
    emit finished();
}

void DiagnoseView::showError(const QString& error) { emit statusMessage(showFailure(message_, error)); }

void DiagnoseView::show(std::shared_ptr<const DiagnoseOutcome> outcome) {
    const dx::Diagnosis* d = outcome ? &outcome->diagnosis : nullptr;
    hypotheses_->setDiagnosis(d ? std::shared_ptr<const dx::Diagnosis>(outcome, d) : nullptr);
    save_->setEnabled(d != nullptr);
    replay_->clear();
    predictions_->clear();
    suspects_->clear();
    fixes_->clear();
    indistinct_->clear();
    if (!d) {
        summary_->clear();
        for (int i = 1; i < details_->count(); ++i) details_->setTabEnabled(i, false);
        return;
    }
    message_->setStyleSheet(QString());
    QString facts = tr("%1 requests observed (%2): %3. Configuration: %4; %5 seed(s) from %6; %7 simulations.")
                        .arg(d->observed)
                        .arg(outcome->observationNames, QString::fromStdString(dx::status_summary(d->observed_statuses)),
                             outcome->configName)
                        .arg(d->seeds)
                        .arg(d->first_seed)
                        .arg(d->simulations);
    for (const std::string& note : d->notes) facts += QLatin1Char('\n') + tr("Note: %1").arg(QString::fromStdString(note));
    message_->setText(facts);
    summary_->setText(QString::fromStdString(dx::summary_text(*d)));
    fillPredictions(*d);
    fillSuspects(*d);
    fillFixes(*d);
    details_->setTabEnabled(1, !d->indistinct.empty());
    details_->setTabEnabled(2, !d->suspects.empty());
    details_->setTabEnabled(3, !d->fix_checks.empty());
    details_->setTabText(1, d->indistinct.empty() ? tr("Cannot tell apart") : tr("Cannot tell apart (%1)").arg(d->indistinct.size()));
    details_->setTabText(2, tr("Suspects (%1)").arg(d->suspects.size()));
    details_->setTabText(3, tr("Fix check (%1)").arg(d->fix_checks.size()));
    details_->setCurrentWidget(replay_);
    selectHypothesis(0);
    emit statusMessage(d->reproduced() ? tr("Diagnosed: %1 reproduces what was observed.").arg(QString::fromStdString(d->ranked.front().title))
                                       : tr("Diagnosed: no mechanism reproduces what was observed."));
}

QString DiagnoseView::hypothesisHeading(int row) const {
    const dx::Hypothesis* h = hypotheses_->hypothesis(row);
    if (!h) return {};
    if (hypotheses_->isAsConfigured(row)) return tr("the configuration as it was");
    return QStringLiteral("#%1 %2 (%3)").arg(row + 1).arg(QString::fromStdString(h->title), QString::fromStdString(dx::describe(h->fit.best.candidate)));
}

void DiagnoseView::selectHypothesis(int row) {
    if (row < 0 || row >= hypotheses_->rowCount()) return;
    if (hypothesisTable_->currentIndex().row() == row) showHypothesis(row);
    else hypothesisTable_->setCurrentIndex(hypotheses_->index(row, 0));  // shows it through currentRowChanged
}

void DiagnoseView::showHypothesis(int row) {
    const dx::Hypothesis* h = hypotheses_->hypothesis(row);
    if (h && outcome_) replay_->show(outcome_, *h, hypothesisHeading(row));
}

void DiagnoseView::fillPredictions(const dx::Diagnosis& d) {
    if (d.indistinct.empty()) return;
    QStringList ids;
    QStringList headers{tr("Traffic")};
    for (std::size_t i = 0; i < d.indistinct.size(); ++i) {
        ids << QString::fromStdString(d.indistinct[i]);
        headers << tr("under #%1 %2").arg(i + 1).arg(QString::fromStdString(d.indistinct[i]));
    }
    indistinct_->setText(tr("The observation cannot tell apart %1: they reproduce it equally well. The server's logs would "
                            "(the exception behind each failure), and so would other traffic — what the model predicts under each; "
                            "a row whose predictions differ is an experiment that separates them:")
                             .arg(ids.join(QStringLiteral(", "))));
    predictions_->setHorizontalHeaderLabels(headers);
    for (const dx::Prediction& p : d.experiments) {
        QList<QStandardItem*> row{item(p.variant + (p.separates ? "" : " (same)"))};
        for (const std::string& o : p.outcomes) row << item(o);
        if (p.separates) {
            QFont f = row.front()->font();
            f.setBold(true);
            row.front()->setFont(f);
        }
        predictions_->appendRow(row);
    }
}

void DiagnoseView::fillSuspects(const dx::Diagnosis& d) {
    suspects_->setHorizontalHeaderLabels({tr("Suspect"), tr("Requests"), tr("Verdict")});
    for (const dx::Suspect& s : d.suspects) {
        const bool reproduces = s.hypothesis.fit.reproduces();
        suspects_->appendRow({item(s.label), item(dx::requests_text(s.hypothesis, d.observed), reproduces), item(s.verdict)});
    }
}

void DiagnoseView::fillFixes(const dx::Diagnosis& d) {
    if (d.fix_checks.empty()) return;
    QStringList headers{tr("Change")};
    for (const dx::FixOutcome& o : d.fix_checks.front().outcomes) {
        std::size_t rank = 0;
        while (rank < d.ranked.size() && d.ranked[rank].id != o.hypothesis_id) ++rank;
        headers << tr("under #%1 %2").arg(rank + 1).arg(QString::fromStdString(o.hypothesis_id));
    }
    headers << tr("p99");
    fixes_->setHorizontalHeaderLabels(headers);
    for (const dx::FixCheck& f : d.fix_checks) {
        QList<QStandardItem*> row{item(dx::fix_label(f))};
        double p99 = 0;
        for (const dx::FixOutcome& o : f.outcomes) {
            row << item(dx::fix_outcome_text(o), o.passing_seeds == o.seeds);
            p99 = std::max(p99, o.p99_s);
        }
        auto* p = new QStandardItem(QStringLiteral("%1 s").arg(p99, 0, 'f', 1));
        p->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        row << p;
        fixes_->appendRow(row);
    }
}

void DiagnoseView::saveReportAs() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the diagnosis"), QString(), tr("Text (*.txt);;JSON (*.json)"));
    if (!path.isEmpty() && saveReport(path)) emit statusMessage(tr("Saved the diagnosis to %1").arg(displayPath(path)));
}

bool DiagnoseView::saveReport(const QString& path) {
    if (!outcome_ || !outcome_->ok()) return false;
    const dx::ReportContext ctx{outcome_->observationNames.toStdString(), outcome_->configName.toStdString(), gatetune::kVersion};
    std::ostringstream text;
    if (path.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive)) text << dx::to_json(outcome_->diagnosis, ctx).dump(2) << "\n";
    else dx::write_text(text, outcome_->diagnosis, ctx);
    QSaveFile file(path);  // all or nothing: no partial report
    const std::string bytes = text.str();
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes.data(), static_cast<qint64>(bytes.size())) != static_cast<qint64>(bytes.size()) ||
        !file.commit()) {
        showError(tr("Cannot write %1: %2").arg(displayPath(path), file.errorString()));
        return false;
    }
    return true;
}

}  // namespace gatetune::ui
