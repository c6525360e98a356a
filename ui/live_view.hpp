#pragma once
// Live: the current configuration for real on loopback — `gatetune live` started in the
// background (Start / Stop, a time scale), charts fed from the gateway's /metrics while it runs,
// then the simulated-vs-live comparison. The window never waits for the run.
#include <QElapsedTimer>
#include <QWidget>

#include "ui/live_runner.hpp"
#include "ui/live_sample.hpp"

class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTimer;

namespace gatetune::ui {

class LiveCharts;
class LiveComparisonView;
class LiveMetricsPoller;
class PresetDocument;

class LiveView : public QWidget {
    Q_OBJECT
public:
    explicit LiveView(PresetDocument& doc, QWidget* parent = nullptr);

    void start();
    void cancel();
    bool running() const;
    void setTimeScale(double scale);
    void setCliPath(const QString& path) { runner_->setCliPath(path); }

    LiveRunner* runner() const { return runner_; }
    LiveCharts* charts() const { return charts_; }
    LiveComparisonView* comparison() const { return comparison_; }
    QLabel* status() const { return status_; }
    int runsFinished() const { return runsFinished_; }

signals:
    // A run that produced its report (not a cancelled or failed one).
    void runFinished(const gatetune::ui::LiveOutcome& outcome);

private:
    void started();
    void sampled(double seconds, const LiveSample& sample);
    void finished(const LiveOutcome& outcome);
    void updateProgress();

    PresetDocument& doc_;
    LiveRunner* runner_;
    LiveMetricsPoller* poller_;
    QPushButton* startButton_;
    QPushButton* stopButton_;
    QDoubleSpinBox* timeScale_;
    QProgressBar* progress_;
    QLabel* status_;
    LiveCharts* charts_;
    LiveComparisonView* comparison_;
    QTimer* ticker_;
    QElapsedTimer clock_;
    LiveSample last_;
    QString lastProblem_;
    int runsFinished_ = 0;
};

}  // namespace gatetune::ui
