#pragma once
// The environment for a `gatetune` a suite starts with QProcess: the program ends when the
// suite's process dies, even by a crash or a sanitizer abort, so no server outlives its test
// (app/live/net/child_process.hpp, exit_with_parent).
#include <unistd.h>

#include <QProcessEnvironment>

namespace gatetune::test {

inline QProcessEnvironment exits_with_this_test() {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("GATETUNE_PARENT_PID", QString::number(::getpid()));
    return env;
}

}  // namespace gatetune::test
