#include "ui/run_controller.hpp"

#include <QElapsedTimer>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

#include "sim/stack.hpp"

namespace gatetune::ui {

struct RunController::Job {
    sim::Config config;
    std::atomic<bool> stop{false};
};

RunController::RunController(QObject* parent) : QObject(parent) {
    debounce_.setSingleShot(true);
    debounce_.setInterval(120);
    connect(&debounce_, &QTimer::timeout, this, &RunController::launch);
    connect(&watcher_, &QFutureWatcher<RunOutcome>::finished, this, &RunController::jobDone);
}

RunController::~RunController() {
    if (job_) job_->stop = true;
    watcher_.waitForFinished();  // the job posts progress to this object: it must not outlive it
}

void RunController::request(const sim::Config& config) {
    pending_ = config;
    if (job_) job_->stop = true;  // its result is stale already
    debounce_.start();
}

void RunController::cancel() {
    pending_.reset();
    debounce_.stop();
    if (job_) job_->stop = true;
}

double RunController::estimateProgress(const sim::Config& c, double simulatedSeconds, std::uint64_t requests) {
    double share = -1;
    if (c.workload.kind == sim::WorkloadKind::Sessions) {
        const double total = static_cast<double>(c.workload.users) * static_cast<double>(c.workload.calls.size()) * c.workload.repeats;
        if (total > 0) share = static_cast<double>(requests) / total;
    } else if (c.workload.kind == sim::WorkloadKind::Open && c.workload.duration > 0) {
        share = simulatedSeconds / c.workload.duration;
    }
    if (c.simulation.max_time > 0) share = std::max(share, simulatedSeconds / c.simulation.max_time);
    return share < 0 ? -1 : std::clamp(share, 0.0, 1.0);
}

void RunController::launch() {
    if (job_ || !pending_) return;  // jobDone() launches the pending request once the old run stopped
    job_ = std::make_shared<Job>();
    job_->config = std::move(*pending_);
    pending_.reset();
    emit started();
    std::shared_ptr<Job> job = job_;
    QPointer<RunController> self(this);
    watcher_.setFuture(QtConcurrent::run([job, self]() -> RunOutcome {
        RunOutcome out;
        out.config = job->config;
        QElapsedTimer clock;
        clock.start();
        sim::RunControl control;
        control.cancelled = [&job] { return job->stop.load(); };
        control.progress = [&](const sim::RunProgress& p) {
            if (clock.elapsed() < 100) return;  // ten updates a second are plenty
            clock.restart();
            const double seconds = engine::to_seconds(p.now);
            const double share = estimateProgress(job->config, seconds, p.requests);
            const QString text = QObject::tr("simulated %1 s, %2 requests").arg(seconds, 0, 'f', 0).arg(p.requests);
            QMetaObject::invokeMethod(self, [self, share, text] { if (self) emit self->progress(share, text); }, Qt::QueuedConnection);
        };
        try {
            out.result = std::make_shared<const sim::RunResult>(sim::simulate(job->config, control));
        } catch (const sim::RunCancelled&) {
            out.cancelled = true;
        } catch (const std::exception& e) {
            out.error = QString::fromStdString(e.what());
        }
        return out;
    }));
}

void RunController::jobDone() {
    job_.reset();
    const RunOutcome outcome = watcher_.result();
    emit finished(outcome);
    if (pending_ && !debounce_.isActive()) launch();
}

}  // namespace gatetune::ui
