#pragma once
// Lets QCOMPARE print both sides of a std::string comparison on failure.
#include <QtTest>

#include <string>

namespace QTest {
template <>
inline char* toString(const std::string& s) {
    return qstrdup(s.c_str());
}
}  // namespace QTest
