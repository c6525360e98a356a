#include "ui/live_view.hpp"

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

#include "ui/display_path.hpp"
#include "ui/live_charts.hpp"
#include "ui/live_comparison_view.hpp"
#include "ui/live_metrics_poller.hpp"
#include "ui/preset_document.hpp"

namespace gatetune::ui {

namespace {
constexpr double kDefaultTimeScale = 0.2;  // as the CLI's tests run the failure modes: seconds, not minutes
}

LiveView::LiveView(PresetDocument& doc, QWidget* parent) : QWidget(parent), doc_(doc) {
    runner_ = new LiveRunner(this);
    poller_ = new LiveMetricsPoller(this);

    startButton_ = new QPushButton(tr("&Start live run"), this);
    startButton_->setToolTip(tr("Start the mock upstream and the gateway on loopback with the current configuration and run its workload"));
    stopButton_ = new QPushButton(tr("St&op"), this);
    stopButton_->setToolTip(tr("Stop the load, the gateway and the upstream"));
    stopButton_->setEnabled(false);
    timeScale_ = new QDoubleSpinBox(this);
    timeScale_->setRange(0.01, 10.0);
    timeScale_->setDecimals(2);
    timeScale_->setSingleStep(0.1);
    timeScale_->setValue(kDefaultTimeScale);
    timeScale_->setToolTip(tr("Multiplies every duration of the preset (latencies and timeouts alike): 0.2 runs a 40 s scenario in 8 s. "
                              "Reports stay in preset seconds."));
    auto* scaleLabel = new QLabel(tr("&Time scale:"), this);
    scaleLabel->setBuddy(timeScale_);
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 0);  // the CLI reports no fraction done: busy while it runs
    progress_->setMaximumWidth(160);
    progress_->setVisible(false);
    status_ = new QLabel(this);
    status_->setWordWrap(true);

    auto* bar = new QHBoxLayout;
    bar->addWidget(startButton_);
    bar->addWidget(stopButton_);
    bar->addSpacing(12);
    bar->addWidget(scaleLabel);
    bar->addWidget(timeScale_);
    bar->addSpacing(12);
    bar->addWidget(progress_);
    bar->addWidget(status_, 1);

    charts_ = new LiveCharts(this);
    comparison_ = new LiveComparisonView(this);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(charts_);
    split->addWidget(comparison_);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(split, 1);

    ticker_ = new QTimer(this);
    ticker_->setInterval(500);  // the elapsed time moves even before the gateway answers
    connect(ticker_, &QTimer::timeout, this, &LiveView::updateProgress);

    connect(startButton_, &QPushButton::clicked, this, &LiveView::start);
    connect(stopButton_, &QPushButton::clicked, this, &LiveView::cancel);
    connect(runner_, &LiveRunner::started, this, &LiveView::started);
    connect(runner_, &LiveRunner::gatewayPort, poller_, &LiveMetricsPoller::start);
    connect(runner_, &LiveRunner::finished, this, &LiveView::finished);
    connect(poller_, &LiveMetricsPoller::sampled, this, &LiveView::sampled);
    connect(poller_, &LiveMetricsPoller::problem, this, [this](const QString& m) { lastProblem_ = m; });
    status_->setText(tr("Runs `gatetune live` with the configuration in the editor (its time scale below)."));
}

bool LiveView::running() const { return runner_->running(); }
void LiveView::setTimeScale(double scale) { timeScale_->setValue(scale); }

void LiveView::start() {
    if (runner_->running()) return;
    if (!doc_.runnable()) {
        status_->setText(tr("Fix the problems marked in the editor first."));
        return;
    }
    charts_->clear();
    comparison_->showMessage(tr("Running…"));
    runner_->start(doc_.config(), timeScale_->value());  // failing to start ends in finished()
}

void LiveView::cancel() {
    if (!runner_->running()) return;
    stopButton_->setEnabled(false);
    status_->setText(tr("Stopping the load, the gateway and the upstream…"));
    runner_->cancel();
}

void LiveView::started() {
    startButton_->setEnabled(false);
    stopButton_->setEnabled(true);
    timeScale_->setEnabled(false);
    progress_->setVisible(true);
    last_ = {};
    lastProblem_.clear();
    clock_.start();
    ticker_->start();
    status_->setText(tr("Starting the mock upstream and the gateway (logs in %1)…").arg(displayPath(runner_->workDirectory())));
}

void LiveView::sampled(double seconds, const LiveSample& sample) {
    last_ = sample;
    lastProblem_.clear();
    charts_->addSample(seconds, sample);
    updateProgress();
}

void LiveView::updateProgress() {
    if (!runner_->running()) return;
    const double elapsed = static_cast<double>(clock_.elapsed()) / 1000.0;
    if (charts_->samples() == 0) {
        status_->setText(tr("Starting… %1 s").arg(elapsed, 0, 'f', 1) + (lastProblem_.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(lastProblem_)));
        return;
    }
    status_->setText(tr("Running… %1 s · %2 answered (%3 failed) · %4 in flight")
                         .arg(elapsed, 0, 'f', 1)
                         .arg(last_.okTotal + last_.failedTotal)
                         .arg(last_.failedTotal)
                         .arg(last_.inFlight));
}

void LiveView::finished(const LiveOutcome& outcome) {
    poller_->stop();
    ticker_->stop();
    startButton_->setEnabled(true);
    stopButton_->setEnabled(false);
    timeScale_->setEnabled(true);
    progress_->setVisible(false);
    ++runsFinished_;
    if (outcome.cancelled) {
        status_->setText(tr("Live run stopped."));
        comparison_->showMessage(tr("The live run was stopped before it ended: there is nothing to compare."));
        return;
    }
    if (!outcome.report) {
        status_->setText(tr("The live run failed."));
        comparison_->showMessage(tr("The live run failed: %1").arg(outcome.error).toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>")));
        return;
    }
    const auto& c = outcome.report->comparison;
    status_->setText(tr("Finished: %1 requests live, %2 simulated.").arg(c.right_requests).arg(c.left_requests));
    comparison_->show(*outcome.report);
    emit runFinished(outcome);
}

}  // namespace gatetune::ui
