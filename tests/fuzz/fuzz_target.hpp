#pragma once
// One fuzz target = one function taking the input as text. GATETUNE_FUZZ_TARGET(name) turns
// gatetune::fuzz::name into libFuzzer's entry point in a fuzzer build (GATETUNE_LIBFUZZER, preset
// `fuzz`) and registers it for the corpus replay test (test_fuzz_corpus.cpp) otherwise: the same
// body runs in both, and every target can be linked into the one replay test because only the
// fuzzer build defines LLVMFuzzerTestOneInput.
//
// A body catches exactly the errors its parser documents; anything else (another exception, a
// PropertyViolation, a crash, a sanitizer report) escapes so the fuzzer reports it.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace gatetune::fuzz {

using Body = void (*)(std::string_view input);

struct Target {
    std::string_view name;  // also the name of its seed corpus directory, tests/fuzz/corpus/<name>
    Body body;
};

// Every target linked into this executable, in registration order.
inline std::vector<Target>& targets() {
    static std::vector<Target> all;
    return all;
}

struct Registration {
    Registration(std::string_view name, Body body) { targets().push_back({name, body}); }
};

// A documented property of a successful parse does not hold (e.g. a preset that does not read
// back as written): a bug as much as a crash, so it is not one of the parsers' error types.
struct PropertyViolation : std::logic_error {
    using std::logic_error::logic_error;
};

}  // namespace gatetune::fuzz

#ifdef GATETUNE_LIBFUZZER
#define GATETUNE_FUZZ_TARGET(name)                                                              \
    extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {         \
        gatetune::fuzz::name(std::string_view(reinterpret_cast<const char*>(data), size));      \
        return 0;                                                                               \
    }
#else
#define GATETUNE_FUZZ_TARGET(name) \
    static const gatetune::fuzz::Registration gatetune_fuzz_registration_##name{#name, &gatetune::fuzz::name};
#endif
