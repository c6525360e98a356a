#pragma once
// A view's long job (a diagnosis, a calibration) on Qt's thread pool, with what every such view
// needs: a stop flag the job polls; its progress coalesced, so that at most one update waits in
// the GUI thread's queue however often the job reports; its outcome handed back on the GUI
// thread; and the view's Run and Stop buttons, progress bar and message following the job.
#include <QFutureWatcher>
#include <QLabel>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <functional>
#include <memory>
#include <utility>

namespace gatetune::ui {

struct JobControls {
    QPushButton* run = nullptr;
    QPushButton* stop = nullptr;
    QProgressBar* progress = nullptr;
    QLabel* message = nullptr;
};

template <class Outcome>
class BackgroundJob {
public:
    // `done(outcome)` runs on the GUI thread, in `owner`'s context, when a job ends: finished,
    // stopped or failed. The controls are enabled, disabled and hidden before it runs.
    BackgroundJob(QObject* owner, JobControls controls, std::function<void(Outcome)> done)
        : owner_(owner), controls_(controls) {
        QObject::connect(&watcher_, &QFutureWatcher<Outcome>::finished, owner, [this, done = std::move(done)] {
            controls_.run->setEnabled(true);
            controls_.stop->setEnabled(false);
            controls_.progress->setVisible(false);
            done(watcher_.result());
        });
    }
    // The job's progress callback posts to the owner; the owner waits for the job to end.
    ~BackgroundJob() {
        stop();
        watcher_.waitForFinished();
    }
    BackgroundJob(const BackgroundJob&) = delete;
    BackgroundJob& operator=(const BackgroundJob&) = delete;

    bool running() const { return watcher_.isRunning(); }
    void stop() {
        if (stop_) *stop_ = true;
    }

    // Shows `text`, then runs work(stopped, report) on the thread pool: stopped() tells whether
    // Stop was pressed, report(value) hands the latest progress value to show(value) on the GUI
    // thread (while the job still runs). Returns at once.
    template <class Progress, class Work, class Show>
    void start(const QString& text, Work work, Show show) {
        controls_.message->setStyleSheet(QString());
        controls_.message->setText(text);
        controls_.progress->setVisible(true);
        controls_.run->setEnabled(false);
        controls_.stop->setEnabled(true);
        auto flag = std::make_shared<std::atomic<bool>>(false);
        stop_ = flag;
        struct Relay {
            std::atomic<Progress> latest{};
            std::atomic<bool> posted{false};
        };
        auto relay = std::make_shared<Relay>();
        QPointer<QObject> owner(owner_);
        // While the owner lives, so does this job (the owner's member): `this` is checked through it.
        auto report = [relay, owner, show = std::move(show), job = this](Progress value) {
            relay->latest = value;
            if (relay->posted.exchange(true)) return;
            QMetaObject::invokeMethod(
                owner,
                [relay, owner, show, job] {
                    relay->posted = false;
                    if (owner && job->running()) show(relay->latest.load());
                },
                Qt::QueuedConnection);
        };
        watcher_.setFuture(QtConcurrent::run([work = std::move(work), report = std::move(report), flag]() {
            return work([flag] { return flag->load(); }, report);
        }));
    }

private:
    QObject* owner_;
    JobControls controls_;
    std::shared_ptr<std::atomic<bool>> stop_;
    QFutureWatcher<Outcome> watcher_;
};

}  // namespace gatetune::ui
