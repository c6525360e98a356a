#include "ui/replay_view.hpp"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

#include "sim/diagnosis/replay.hpp"
#include "ui/diagnose_job.hpp"
#include "ui/side_by_side_model.hpp"
#include "ui/waterfall_tab.hpp"
#include "ui/waterfall_view.hpp"

namespace gatetune::ui {

namespace dx = sim::diagnosis;

ReplayView::ReplayView(QWidget* parent) : QWidget(parent) {
    heading_ = new QLabel(this);
    heading_->setObjectName(QStringLiteral("replayHeading"));
    heading_->setWordWrap(true);
    model_ = new SideBySideModel(this);
    table_ = new QTableView(this);
    table_->setObjectName(QStringLiteral("sideBySide"));
    table_->setModel(model_);
    table_->verticalHeader()->hide();
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setStretchLastSection(true);
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { chooseGroup(current.row()); });
    waterfall_ = new WaterfallTab(this);
    waterfall_->setDetailsBelow(true);

    auto* split = new QSplitter(this);
    split->addWidget(table_);
    split->addWidget(waterfall_);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setSizes({520, 520});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(heading_);
    layout->addWidget(split, 1);
    connect(&watcher_, &QFutureWatcher<Replayed>::finished, this, &ReplayView::done);
    clear();
}

ReplayView::~ReplayView() {
    pending_.reset();
    watcher_.waitForFinished();  // one simulation of the observed workload
}

void ReplayView::clear(const QString& message) {
    pending_.reset();
    shown_ = requested_;  // a replay still running is dropped when it ends
    run_.reset();
    model_->clear();
    waterfall_->setRun(nullptr);
    heading_->setText(message.isEmpty() ? tr("Select a hypothesis to see the observed workload replayed under it, beside what was observed.")
                                        : message);
}

void ReplayView::show(std::shared_ptr<const DiagnoseOutcome> outcome, const dx::Hypothesis& h, const QString& heading) {
    pending_ = Request{std::move(outcome), h, heading, ++requested_};
    heading_->setText(tr("Replaying under %1…").arg(heading));
    if (!watcher_.isRunning()) launch();  // else done() launches the newest request
}

void ReplayView::launch() {
    if (!pending_) return;
    Request r = std::move(*pending_);
    pending_.reset();
    watcher_.setFuture(QtConcurrent::run([r = std::move(r)]() -> Replayed {
        Replayed out;
        out.heading = r.heading;
        out.serial = r.serial;
        try {
            auto run = std::make_shared<sim::RunResult>(dx::replay_run(r.outcome->observation, r.outcome->config, r.hypothesis));
            sim::Config planned = r.outcome->config;
            const dx::Replay replay = dx::plan_replay(r.outcome->observation, planned);  // the map replay_run used
            out.sides = dx::side_by_side(r.outcome->observation, replay, *run);
            out.run = std::move(run);
        } catch (const std::exception& e) {
            out.error = QString::fromStdString(e.what());
        }
        return out;
    }));
}

void ReplayView::done() {
    if (pending_) {  // a newer selection came in while this one ran: show that one instead
        launch();
        return;
    }
    Replayed r = watcher_.result();
    if (r.serial != requested_) return;  // cleared since it was asked for
    shown_ = r.serial;
    if (!r.error.isEmpty()) {
        clear(tr("The replay under %1 failed: %2").arg(r.heading, r.error));
        emit replayed();
        return;
    }
    run_ = r.run;
    heading_->setText(tr("Under %1 — %2 of %3 observed requests agree with the replay (first seed).")
                          .arg(r.heading)
                          .arg(r.sides.matched)
                          .arg(r.sides.total));
    model_->setComparison(std::move(r.sides));
    // Records without latencies (the seed incident's have none) leave that column out.
    bool observedLatency = false;
    for (const dx::GroupComparison& g : model_->comparison().groups) observedLatency = observedLatency || g.observed.median_latency_s;
    table_->setColumnHidden(SideBySideModel::ObservedLatency, !observedLatency);
    // The comparison is what the pane is for: it keeps the width of its columns, the waterfall the rest.
    table_->resizeColumnsToContents();
    table_->setMinimumWidth(table_->horizontalHeader()->length() + 2 * table_->frameWidth() + table_->verticalScrollBar()->sizeHint().width());
    waterfall_->setRun(run_);
    emit replayed();
}

void ReplayView::chooseGroup(int row) {
    if (!run_ || row < 0 || row >= model_->rowCount()) return;
    // The group's first failure, which is what needs explaining; else its first request.
    const auto& simulated = model_->comparison().groups[static_cast<std::size_t>(row)].simulated.requests;
    if (simulated.empty()) return;
    const auto failed = std::find_if(simulated.begin(), simulated.end(), [&](std::size_t k) { return !run_->records[k].ok(); });
    waterfall_->view()->selectRecord(failed != simulated.end() ? *failed : simulated.front());
}

}  // namespace gatetune::ui
