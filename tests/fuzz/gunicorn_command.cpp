// One shell command line, as a shell-form CMD runs it → shell words → the gunicorn command and
// its flags (sim/import/shell_words.hpp, gunicorn_command.hpp), then merged into a preset like
// the other import targets. Documented error: std::invalid_argument from split_shell_words (an
// unterminated quote); read_gunicorn_command reports everything else as a problem.
#include "fuzz_target.hpp"
#include "import_check.hpp"
#include "sim/import/gunicorn_command.hpp"

namespace gatetune::fuzz {

void gunicorn_command(std::string_view input) {
    std::vector<sim::importing::ShellWord> words;
    try {
        words = sim::importing::split_shell_words(input);
    } catch (const std::invalid_argument&) {
        return;
    }
    sim::importing::FileReading reading;
    sim::importing::read_gunicorn_command(words, {"Dockerfile", 1}, reading);
    expect_importable(std::move(reading));
}

}  // namespace gatetune::fuzz

GATETUNE_FUZZ_TARGET(gunicorn_command)
