#pragma once
// Runs a program to the end and keeps what it printed: for suites that check an executable (or a
// shell) from the outside.
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace gatetune::test {

struct ProgramRun {
    int code = -1;  // -1: did not start, crashed or timed out
    QByteArray out;
    QByteArray err;
};

struct ProgramOptions {
    QString working_dir;                 // "" = this process's
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    QByteArray input;                    // written to standard input, which is then closed
    int timeout_ms = 120000;
};

inline ProgramRun run_program(const QString& program, const QStringList& args, const ProgramOptions& o = {}) {
    QProcess p;
    p.setProcessEnvironment(o.env);
    if (!o.working_dir.isEmpty()) p.setWorkingDirectory(o.working_dir);
    p.start(program, args);
    ProgramRun r;
    if (!p.waitForStarted()) return r;
    p.write(o.input);
    p.closeWriteChannel();
    if (!p.waitForFinished(o.timeout_ms)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

}  // namespace gatetune::test
