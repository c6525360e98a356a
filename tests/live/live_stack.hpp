#pragma once
// A mock upstream and a gateway started from the gatetune executable for one test, on loopback
// ports chosen by the kernel, with a fresh database (or the given one) and API key; stopped when
// destroyed.
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "app/live/db/api_keys.hpp"
#include "app/live/db/open_database.hpp"
#include "app/live/db/sqlite_store.hpp"
#include "app/live/net/child_process.hpp"

namespace gatetune::test {

// Usage rows in a gateway's SQLite database.
inline std::int64_t usage_rows(const std::string& db) { return live::SqliteStore(db).count_usage(); }

// The completion tokens the usage rows recorded, summed (as counted from the upstream's `usage`).
inline std::int64_t usage_completion_tokens(const std::string& db) {
    live::SqliteConnection c(db, false);
    auto s = c.prepare("SELECT coalesce(sum(completion_tokens), 0) FROM usage");
    s.step();
    return s.int64(0);
}

// SQLite's PRAGMA integrity_check: "ok" when no page or index is damaged.
inline std::string integrity(const std::string& db) {
    live::SqliteConnection c(db, false);
    auto s = c.prepare("PRAGMA integrity_check");
    s.step();
    return s.text(0);
}

struct LiveStack {
    QTemporaryDir dir;
    std::string database;  // set before start(): a postgresql:// URI (empty: a fresh SQLite file)
    std::string db_path, key;
    std::unique_ptr<live::ChildProcess> upstream, gateway;
    unsigned short upstream_port = 0, gateway_port = 0;

    std::string path(const char* name) const { return (dir.path() + "/" + name).toStdString(); }

    // preset_text: the TOML preset; extra: more arguments for `serve`.
    // upstream_port: a server the test runs itself (0: start the mock upstream).
    bool start(const std::string& preset_text, double time_scale, const std::vector<std::string>& extra = {},
               const std::vector<std::string>& sets = {}, unsigned short upstream_port_override = 0) {
        std::ofstream(path("preset.toml")) << preset_text;
        db_path = database.empty() ? path("gateway.sqlite3") : database;
        const auto where = live::parse_database_location(db_path);
        live::create_database(where);
        key = live::add_key(*live::open_database(where), "test").key;
        std::vector<std::string> common{path("preset.toml"), "--time-scale", std::to_string(time_scale)};
        for (const auto& s : sets) common.insert(common.end(), {"--set", s});
        if (upstream_port_override) {
            upstream_port = upstream_port_override;
            return start_gateway(common, extra);
        }
        std::vector<std::string> up{"upstream"};
        up.insert(up.end(), common.begin(), common.end());
        up.insert(up.end(), {"--listen", "127.0.0.1:0", "--port-file", path("upstream.port")});
        upstream = std::make_unique<live::ChildProcess>(GATETUNE_CLI, up, path("upstream.log"));
        upstream_port = live::wait_for_port_file(path("upstream.port"), 30, *upstream);
        if (!upstream_port) return false;
        return start_gateway(common, extra);
    }

    // (Re)starts only the gateway, on the same database and upstream.
    bool start_gateway(const std::vector<std::string>& common, const std::vector<std::string>& extra) {
        std::remove(path("gateway.port").c_str());
        std::vector<std::string> gw{"serve"};
        gw.insert(gw.end(), common.begin(), common.end());
        gw.insert(gw.end(), {"--listen", "127.0.0.1:0", "--port-file", path("gateway.port"), "--db", db_path, "--upstream",
                             "http://127.0.0.1:" + std::to_string(upstream_port)});
        gw.insert(gw.end(), extra.begin(), extra.end());
        gateway = std::make_unique<live::ChildProcess>(GATETUNE_CLI, gw, path("gateway.log"));
        gateway_port = live::wait_for_port_file(path("gateway.port"), 30, *gateway);
        return gateway_port != 0;
    }

    // The gateway's log once it contains `needle` (or after `timeout_s`, as it is then).
    std::string wait_for_log(const std::string& needle, double timeout_s = 5) const {
        QElapsedTimer t;
        t.start();
        std::string log = gateway_log();
        while (log.find(needle) == std::string::npos && t.elapsed() < timeout_s * 1000) {
            QTest::qWait(20);
            log = gateway_log();
        }
        return log;
    }

    std::string gateway_log() const {
        std::ifstream in(path("gateway.log"));
        return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
};

}  // namespace gatetune::test
