#pragma once
// Numbers in finding messages, which people read: configured values exactly as they were set
// ("30 s", "2.5 s", "200"), estimates rounded and marked as such ("≈ 5.3 s"). Locale-independent.
#include <string>

namespace gatetune::sim::validation {

// A configured value: integral values without decimals, others in the shortest exact form.
std::string num(double v);
// "30 s", "0.5 s".
std::string secs(double v);
// An estimate: three decimals below 0.1, two below 1, one below 1000, whole numbers above;
// trailing zeros dropped. No "≈".
std::string approx(double v);
// "≈ 5.3 s".
std::string approx_secs(double v);
// "1 replica", "4 workers": the count and the noun, plural unless the count is 1.
std::string counted(long long n, const std::string& singular, const std::string& plural);

}  // namespace gatetune::sim::validation
