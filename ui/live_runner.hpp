#pragma once
// Runs `gatetune live` for the Live tab as a QProcess: writes the configuration to a preset file
// in a private work directory, starts the CLI with --format json --out, announces the gateway's
// port once the CLI has written it, and reads the report back when the process ends. The CLI is
// the one next to gatetune-gui (the build tree and an install both put it there) unless
// GATETUNE_CLI or setCliPath() says otherwise. Nothing here blocks the event loop.
#include <QObject>
#include <QProcess>
#include <QTemporaryDir>

#include <memory>
#include <optional>

#include "sim/config.hpp"
#include "sim/live_report.hpp"

class QTimer;

namespace gatetune::ui {

struct LiveOutcome {
    sim::Config config;               // the configuration that ran (unscaled)
    std::optional<sim::LiveReport> report; // set when the run finished and its report was read
    QString error;                    // why there is no report (not for a cancelled run)
    bool cancelled = false;
};

class LiveRunner : public QObject {
    Q_OBJECT
public:
    explicit LiveRunner(QObject* parent = nullptr);
    ~LiveRunner() override;

    // GATETUNE_CLI, then `gatetune` in the application's directory and its parent; "" when none
    // is executable, with the places tried in *searched.
    static QString locateCli(QStringList* searched = nullptr);
    void setCliPath(const QString& path) { cliPath_ = path; }

    // False (and finished() with the reason) when it cannot start; a run already going is kept.
    bool start(const sim::Config& config, double timeScale);
    void cancel();
    bool running() const;
    QString workDirectory() const;  // the CLI's --workdir (logs, database) of the current run
    qint64 sessionId() const { return sessionId_; }  // of the last run started (0: none)

signals:
    void started();
    void gatewayPort(quint16 port);
    void finished(const gatetune::ui::LiveOutcome& outcome);

private:
    void processFinished(int exitCode, QProcess::ExitStatus status);
    void checkPortFile();
    void fail(const QString& error);
    QString lastStderrLines() const;

    QString cliPath_;
    QProcess* process_ = nullptr;
    std::unique_ptr<QTemporaryDir> dir_;
    QTimer* portTimer_;
    QTimer* killTimer_;
    sim::Config config_;
    QByteArray stderr_;
    bool cancelled_ = false;
    qint64 sessionId_ = 0;  // the CLI's pid: it leads its own session (ui/process_session.hpp)
};

}  // namespace gatetune::ui
