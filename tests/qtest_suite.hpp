#pragma once
// Several QtTest suites share one test program (tests/CMakeLists.txt groups them, so far fewer
// executables are compiled and linked). A suite ends with GATETUNE_QTEST_MAIN,
// GATETUNE_QTEST_GUILESS_MAIN or GATETUNE_QTEST_APPLESS_MAIN(Class) where it would use QTest's
// QTEST_MAIN, QTEST_GUILESS_MAIN or QTEST_APPLESS_MAIN: instead of defining main, it registers
// itself under its class name, and the program's main (qtest_suite_main.cpp) runs the suite named
// by its first argument — one suite per process, with the application object QTest would make.
#include <QtTest>

#if defined(QT_WIDGETS_LIB)
#include <QApplication>
#endif

namespace gatetune::test {

using SuiteMain = int (*)(int argc, char** argv);

// Called during static initialisation by the macros below; returns true.
bool register_suite(const char* name, SuiteMain main);

}  // namespace gatetune::test

// The body of QTest's QTEST_MAIN_WRAPPER (qtest.h), with `setup` making the application object.
#define GATETUNE_QTEST_SUITE_(TestObject, setup)                                                              \
    namespace {                                                                                             \
    int gatetune_qtest_main(int argc, char** argv) {                                                        \
        QTest::Internal::callInitMain<TestObject>();                                                         \
        setup                                                                                               \
        TestObject tc;                                                                                      \
        QTEST_SET_MAIN_SOURCE_PATH                                                                          \
        return QTest::qExec(&tc, argc, argv);                                                               \
    }                                                                                                       \
    [[maybe_unused]] const bool gatetune_qtest_registered = ::gatetune::test::register_suite(#TestObject, gatetune_qtest_main); \
    }

#define GATETUNE_QTEST_APP_(Application)  \
    Application app(argc, argv);          \
    app.setAttribute(Qt::AA_Use96Dpi, true);

#define GATETUNE_QTEST_APPLESS_MAIN(TestObject) GATETUNE_QTEST_SUITE_(TestObject, )
#define GATETUNE_QTEST_GUILESS_MAIN(TestObject) GATETUNE_QTEST_SUITE_(TestObject, GATETUNE_QTEST_APP_(QCoreApplication))
// As QTEST_MAIN: a QApplication when the program links Qt Widgets, else a QCoreApplication.
#if defined(QT_WIDGETS_LIB)
#define GATETUNE_QTEST_MAIN(TestObject) GATETUNE_QTEST_SUITE_(TestObject, GATETUNE_QTEST_APP_(QApplication))
#else
#define GATETUNE_QTEST_MAIN(TestObject) GATETUNE_QTEST_SUITE_(TestObject, GATETUNE_QTEST_APP_(QCoreApplication))
#endif
