#include "sim/export/export.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "sim/export/writers.hpp"

namespace gatetune::sim::exporting {
namespace {

// The values are pasted into Python strings and a JSON array: no quotes, backslashes, spaces or
// control characters, so no quoting rules are needed anywhere.
bool plain_token(const std::string& s) {
    if (s.empty()) return false;
    for (const char ch : s) {
        const auto u = static_cast<unsigned char>(ch);
        if (u <= 0x20 || u == 0x7f || ch == '"' || ch == '\'' || ch == '\\' || ch == '#') return false;
    }
    return true;
}

}  // namespace

std::string check_options(const ExportOptions& o) {
    if (!plain_token(o.app) || o.app.find(':') == std::string::npos) {
        return "--app \"" + o.app + "\" is not usable (allowed: module:variable, e.g. main:app or src.main:app, without spaces or quotes)";
    }
    if (!plain_token(o.bind)) {
        return "--bind \"" + o.bind + "\" is not usable (allowed: HOST:PORT or unix:PATH, without spaces or quotes)";
    }
    return {};
}

std::vector<ExportedFile> export_files(const Config& cfg, const validation::ValidationReport& report,
                                       const ExportOptions& options) {
    if (const std::string problem = check_options(options); !problem.empty()) throw std::invalid_argument(problem);
    if (!report.valid() && !options.forced) {
        throw std::invalid_argument("the configuration is not valid (" + report.verdict() + "); export it only with --force");
    }
    const ExportContext c{cfg, report, options};
    return {
        {"Dockerfile.cmd", write_dockerfile_cmd(c)},
        {"gunicorn.conf.py", write_gunicorn_conf(c)},
        {"db.py", write_db_module(c)},
        {"http_client.py", write_http_client_module(c)},
        {"gatetune.env", write_env_file(c)},
        {"VALIDATION.md", write_validation_md(c)},
    };
}

void write_files(const std::string& dir, const std::vector<ExportedFile>& files) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw std::runtime_error("cannot create directory " + dir + ": " + ec.message());
    for (const ExportedFile& f : files) {
        const fs::path path = fs::path(dir) / f.name;
        const fs::path tmp = fs::path(path).concat(".tmp");
        {
            std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
            if (!out || !(out << f.content) || !out.flush()) throw std::runtime_error("cannot write " + tmp.string());
        }
        fs::rename(tmp, path, ec);
        if (ec) throw std::runtime_error("cannot write " + path.string() + ": " + ec.message());
    }
}

}  // namespace gatetune::sim::exporting
