// The main of every test program: `test_<program> SUITE [QtTest options…]` runs one registered
// suite (tests/qtest_suite.hpp) with the remaining arguments, as that suite's own QTest main would.
#include <cstdio>
#include <cstring>
#include <map>
#include <string>

#include "qtest_suite.hpp"

namespace gatetune::test {

namespace {
std::map<std::string, SuiteMain>& suites() {
    static std::map<std::string, SuiteMain> all;
    return all;
}
}  // namespace

bool register_suite(const char* name, SuiteMain main) {
    suites().emplace(name, main);
    return true;
}

}  // namespace gatetune::test

int main(int argc, char** argv) {
    const auto& suites = gatetune::test::suites();
    const auto found = argc >= 2 ? suites.find(argv[1]) : suites.end();
    if (found == suites.end()) {
        std::fprintf(stderr, "usage: %s SUITE [QtTest options…]%s%s; the suites here:\n", argv[0],
                     argc >= 2 ? " — no suite " : "", argc >= 2 ? argv[1] : "");
        for (const auto& [name, main] : suites) std::fprintf(stderr, "  %s\n", name.c_str());
        return 2;
    }
    // The suite sees the program's name and the options after SUITE, as if it were the program.
    argv[1] = argv[0];
    return found->second(argc - 1, argv + 1);
}
