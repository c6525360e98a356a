#include "app/live/db/database_location.hpp"

#include <libpq-fe.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <system_error>

namespace gatetune::live {

namespace {

using ConnInfo = std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)>;

// libpq's own parser, so that what is accepted here is exactly what PQconnectdb accepts.
ConnInfo parse_uri(const std::string& uri) {
    char* err = nullptr;
    ConnInfo opts(PQconninfoParse(uri.c_str(), &err), &PQconninfoFree);
    if (!opts) {
        std::string why = err ? err : "out of memory";
        PQfreemem(err);
        while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
        // libpq quotes the whole URI, password included: not in a message.
        if (const auto at = why.find(uri); at != std::string::npos) why.replace(at, uri.size(), "…");
        throw DatabaseLocationError("malformed PostgreSQL URI: " + why);
    }
    return opts;
}

}  // namespace

DatabaseLocation parse_database_location(std::string_view text) {
    if (text.empty()) throw DatabaseLocationError("empty database location: give a SQLite file path or a postgresql:// URI");
    const auto scheme_end = text.find("://");
    if (scheme_end == std::string_view::npos) return {DatabaseLocation::Engine::Sqlite, std::string(text)};
    const std::string_view scheme = text.substr(0, scheme_end);
    if (scheme != "postgresql" && scheme != "postgres")
        throw DatabaseLocationError("unsupported database URL scheme \"" + std::string(scheme) +
                                    "://\": give a SQLite file path or a postgresql:// URI");
    DatabaseLocation loc{DatabaseLocation::Engine::Postgres, std::string(text)};
    parse_uri(loc.target);
    return loc;
}

std::string DatabaseLocation::describe() const {
    if (!postgres()) return target;
    std::map<std::string, std::string> v;
    const ConnInfo opts = parse_uri(target);
    for (const PQconninfoOption* o = opts.get(); o->keyword; ++o)
        if (o->val && *o->val) v[o->keyword] = o->val;
    std::string out = "postgresql://";
    if (v.count("user")) out += v["user"] + "@";
    out += v.count("host") ? v["host"] : (v.count("hostaddr") ? v["hostaddr"] : "localhost");
    if (v.count("port")) out += ":" + v["port"];
    if (v.count("dbname")) out += "/" + v["dbname"];
    return out;
}

std::string describe_database(std::string_view text) {
    try {
        return parse_database_location(text).describe();
    } catch (const DatabaseLocationError&) {
        return text.find("://") == std::string_view::npos ? std::string(text) : "the database URI";
    }
}

std::string default_database_path() {
    std::filesystem::path dir;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) dir = xdg;
    else if (const char* home = std::getenv("HOME"); home && *home) dir = std::filesystem::path(home) / ".local/share";
    else dir = ".";
    dir /= "gatetune";
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (!ec) ::chmod(dir.c_str(), 0700);
    return (dir / "gateway.sqlite3").string();
}

}  // namespace gatetune::live
