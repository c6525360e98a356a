#include "sim/import/reading.hpp"

namespace gatetune::sim::importing {

std::string Place::to_string() const { return line > 0 ? file + ":" + std::to_string(line) : file; }

std::string ImportMessage::to_string() const { return place.to_string() + ": " + message; }

void FileReading::setting(std::string key, std::string toml, Place place, std::string written, Precedence p) {
    settings.push_back({std::move(key), std::move(toml), std::move(place), std::move(written), p});
}

void FileReading::problem(Place place, std::string message) { problems.push_back({std::move(place), std::move(message)}); }

void FileReading::note(Place place, std::string message) { notes.push_back({std::move(place), std::move(message)}); }

void FileReading::append(FileReading&& other) {
    for (auto& s : other.settings) settings.push_back(std::move(s));
    for (auto& p : other.problems) problems.push_back(std::move(p));
    for (auto& n : other.notes) notes.push_back(std::move(n));
}

std::string base_name(const std::string& path) {
    const auto slash = path.find_last_of("/\\");
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace gatetune::sim::importing
