#pragma once
// One writer per exported file (internal to sim/export; export.hpp is the interface).
#include <string>
#include <string_view>

#include "sim/export/export.hpp"

namespace gatetune::sim::exporting {

struct ExportContext {
    const Config& cfg;
    const validation::ValidationReport& report;
    const ExportOptions& options;
};

// The header every file starts with: generator, preset, hash, and the validation verdict — a
// loud warning when the export was forced. Each line starts with `comment` ("#").
std::string file_header(const ExportContext& c, std::string_view comment);
// "server.workers — worker processes; …": the comment beside an exported value.
std::string provenance(std::string_view key, std::string_view note);

std::string write_dockerfile_cmd(const ExportContext& c);
std::string write_gunicorn_conf(const ExportContext& c);
std::string write_db_module(const ExportContext& c);
std::string write_http_client_module(const ExportContext& c);
std::string write_env_file(const ExportContext& c);
std::string write_validation_md(const ExportContext& c);

}  // namespace gatetune::sim::exporting
