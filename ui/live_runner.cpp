#include "ui/live_runner.hpp"

#include <signal.h>
#include <unistd.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTimer>

#include "sim/preset/preset_io.hpp"
#include "ui/display_path.hpp"
#include "ui/process_session.hpp"

namespace gatetune::ui {

namespace {
constexpr int kPortPollMs = 100;
constexpr int kKillGraceMs = 2000;  // SIGTERM first, so the gateway's workers may log why they stop
constexpr int kStderrLines = 6;
}  // namespace

LiveRunner::LiveRunner(QObject* parent) : QObject(parent) {
    portTimer_ = new QTimer(this);
    portTimer_->setInterval(kPortPollMs);
    connect(portTimer_, &QTimer::timeout, this, &LiveRunner::checkPortFile);
    killTimer_ = new QTimer(this);
    killTimer_->setSingleShot(true);
    killTimer_->setInterval(kKillGraceMs);
    connect(killTimer_, &QTimer::timeout, this, [this] {
        if (sessionId_ > 0) signal_session(static_cast<int>(sessionId_), SIGKILL);
    });
}

LiveRunner::~LiveRunner() {
    // Closing the window mid-run: no grace period, but no servers left behind either.
    if (running()) {
        disconnect(process_, nullptr, this, nullptr);
        signal_session(static_cast<int>(sessionId_), SIGKILL);
        process_->waitForFinished(3000);
    }
}

QString LiveRunner::locateCli(QStringList* searched) {
    QStringList candidates;
    const QString env = qEnvironmentVariable("GATETUNE_CLI");
    if (!env.isEmpty()) candidates << env;
    const QDir app(QCoreApplication::applicationDirPath());
    candidates << app.filePath(QStringLiteral("gatetune")) << QDir::cleanPath(app.filePath(QStringLiteral("../gatetune")));
    if (searched) *searched = candidates;
    for (const QString& c : candidates) {
        const QFileInfo f(c);
        if (f.isFile() && f.isExecutable()) return f.absoluteFilePath();
    }
    return {};
}

bool LiveRunner::running() const { return process_ && process_->state() != QProcess::NotRunning; }

QString LiveRunner::workDirectory() const { return dir_ ? dir_->filePath(QStringLiteral("run")) : QString(); }

void LiveRunner::fail(const QString& error) {
    LiveOutcome o;
    o.config = config_;
    o.error = error;
    emit finished(o);
}

bool LiveRunner::start(const sim::Config& config, double timeScale) {
    if (running()) return false;
    config_ = config;
    QStringList searched;
    const QString cli = cliPath_.isEmpty() ? locateCli(&searched) : cliPath_;
    if (cli.isEmpty() || !QFileInfo(cli).isExecutable()) {
        for (QString& c : searched) c = displayPath(c);
        fail(tr("The gatetune command-line program was not found (looked for %1). Build it (cmake --build … --target gatetune) "
                "or set GATETUNE_CLI to its path.")
                 .arg(cli.isEmpty() ? searched.join(QStringLiteral(", ")) : displayPath(cli)));
        return false;
    }
    dir_ = std::make_unique<QTemporaryDir>(QDir::temp().filePath(QStringLiteral("gatetune-gui-live-XXXXXX")));
    if (!dir_->isValid()) {
        fail(tr("Cannot create a work directory: %1").arg(dir_->errorString()));
        return false;
    }
    const QString preset = dir_->filePath(QStringLiteral("preset.toml"));
    QFile file(preset);
    const std::string text = sim::write_preset(config, false, preset.toStdString());
    if (!file.open(QIODevice::WriteOnly) || file.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size())) {
        fail(tr("Cannot write %1: %2").arg(displayPath(preset), file.errorString()));
        return false;
    }
    file.close();

    process_ = new QProcess(this);
    // Its own session, so cancel() finds the upstream and gateway it starts (process_session.hpp).
    process_->setChildProcessModifier([] { ::setsid(); });
    connect(process_, &QProcess::readyReadStandardError, this, [this] { stderr_ += process_->readAllStandardError(); });
    connect(process_, &QProcess::finished, this, &LiveRunner::processFinished);
    connect(process_, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e != QProcess::FailedToStart) return;  // the other errors end in finished()
        portTimer_->stop();
        fail(tr("Cannot start %1: %2").arg(displayPath(process_->program()), process_->errorString()));
        process_->deleteLater();
        process_ = nullptr;
    });
    stderr_.clear();
    cancelled_ = false;
    process_->start(cli, {QStringLiteral("live"), preset, QStringLiteral("--time-scale"), QString::number(timeScale, 'g', 6),
                          QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("--out"),
                          dir_->filePath(QStringLiteral("report.json")), QStringLiteral("--workdir"), workDirectory()});
    if (!process_) return false;  // failed to start: already reported
    sessionId_ = process_->processId();
    portTimer_->start();
    emit started();
    return true;
}

void LiveRunner::cancel() {
    if (!running()) return;
    cancelled_ = true;
    signal_session(static_cast<int>(sessionId_), SIGTERM);
    killTimer_->start();
}

void LiveRunner::checkPortFile() {
    QFile f(QDir(workDirectory()).filePath(QStringLiteral("gateway.port")));
    if (!f.open(QIODevice::ReadOnly)) return;
    bool ok = false;
    const uint port = QString::fromUtf8(f.readAll()).trimmed().toUInt(&ok);
    if (!ok || port == 0 || port > 65535) return;  // still being written
    portTimer_->stop();
    emit gatewayPort(static_cast<quint16>(port));
}

QString LiveRunner::lastStderrLines() const {
    QStringList lines = QString::fromUtf8(stderr_).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    if (lines.size() > kStderrLines) lines = lines.mid(lines.size() - kStderrLines);
    return lines.join(QLatin1Char('\n'));
}

void LiveRunner::processFinished(int exitCode, QProcess::ExitStatus status) {
    portTimer_->stop();
    killTimer_->stop();
    // The CLI is gone; whatever it left running in its session (after a crash) goes too.
    signal_session(static_cast<int>(sessionId_), SIGKILL);
    stderr_ += process_->readAllStandardError();
    process_->deleteLater();
    process_ = nullptr;

    LiveOutcome o;
    o.config = config_;
    if (cancelled_) {
        o.cancelled = true;
    } else if (status != QProcess::NormalExit || exitCode != 0) {
        o.error = tr("gatetune live %1:\n%2")
                      .arg(status != QProcess::NormalExit ? tr("crashed") : tr("exited with status %1").arg(exitCode), lastStderrLines());
    } else {
        QFile f(dir_->filePath(QStringLiteral("report.json")));
        if (!f.open(QIODevice::ReadOnly)) {
            o.error = tr("gatetune live wrote no report (%1)").arg(f.errorString());
        } else {
            try {
                o.report = sim::LiveReport::parse(f.readAll().toStdString());
            } catch (const std::exception& e) {
                o.error = QString::fromStdString(e.what());
            }
        }
    }
    emit finished(o);
}

}  // namespace gatetune::ui
