#pragma once
// Simulations in the background: a request is debounced (so typing or dragging does not start
// a run per keystroke), a newer request cancels the run in flight through sim::RunControl, and
// results come back on the GUI thread. The UI never waits for a simulation.
#include <QFutureWatcher>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <memory>
#include <optional>

#include "sim/config.hpp"
#include "sim/run_result.hpp"

namespace gatetune::ui {

struct RunOutcome {
    std::shared_ptr<const sim::RunResult> result;  // null when cancelled or failed
    sim::Config config;
    QString error;
    bool cancelled = false;
};

class RunController : public QObject {
    Q_OBJECT
public:
    explicit RunController(QObject* parent = nullptr);
    ~RunController() override;

    void setDebounceMs(int ms) { debounce_.setInterval(ms); }
    // Runs `config` once the debounce interval has passed without another request.
    void request(const sim::Config& config);
    // Stops the run in flight and drops any pending request.
    void cancel();
    bool busy() const { return job_ != nullptr || debounce_.isActive(); }

    // Share of the run done (0–1), or -1 when it cannot be estimated (a trace).
    static double estimateProgress(const sim::Config& config, double simulatedSeconds, std::uint64_t requests);

signals:
    void started();
    void progress(double fraction, const QString& text);
    void finished(const gatetune::ui::RunOutcome& outcome);  // also for cancelled and failed runs

private:
    struct Job;
    void launch();
    void jobDone();

    QTimer debounce_;
    std::optional<sim::Config> pending_;
    std::shared_ptr<Job> job_;
    QFutureWatcher<RunOutcome> watcher_;
};

}  // namespace gatetune::ui
