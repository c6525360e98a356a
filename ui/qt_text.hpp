#pragma once
// Text from the standard-C++ layers (UTF-8 std::string_view) as Qt text.
#include <QString>

#include <string_view>

namespace gatetune::ui {

inline QString qs(std::string_view s) { return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())); }

}  // namespace gatetune::ui
