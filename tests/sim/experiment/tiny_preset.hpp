#pragma once
// A preset small enough to simulate in about a millisecond, with a sharp DB-pool boundary: 12
// users start within 0.2 s (so each connection goes to whichever worker's loop is free; at one
// instant they would all go to one worker, docs/MODEL.md O7) and each request holds a connection
// for about 1.1 s, while a pool wait
// gives up after 1 s. Too few connections in total (workers × (pool_size + max_overflow)) and
// requests fail with db_pool_timeout; enough, and none do — the shape tune bisects.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <string>
#include <string_view>

namespace gatetune::test {

inline constexpr std::string_view kTinyPreset = R"(name = "tiny"
[server]
workers = 1
worker_class = "uvicorn"
[db_pool]
pool_size = 2
max_overflow = 0
pool_timeout = 1.0
[http_client]
timeout = 60.0
[request]
parse_cpu = 0.0005          # set here, not taken from the defaults: the grids cross the pool boundary at these
response_cpu = 0.0003
[upstream]
ttft_base = 0.1
prefill_tokens_per_s = 10000.0
time_per_output_token = 0.01
[workload]
users = 12
start_spread = 0.2
calls = [[500, 100], [500, 100]]
[slo]
max_error_rate = 0.0
p99 = 10.0
)";

// The tiny preset with another pool size (12 passes, 2 fails).
inline std::string tiny_preset_with_pool(int pool_size) {
    std::string text(kTinyPreset);
    const std::string from = "pool_size = 2";
    text.replace(text.find(from), from.size(), "pool_size = " + std::to_string(pool_size));
    return text;
}

// Writes `text` to dir/name and returns the path.
inline std::string write_file(const QTemporaryDir& dir, const char* name, std::string_view text) {
    const QString path = QDir(dir.path()).filePath(name);
    QFile f(path);
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        f.write(text.data(), static_cast<qint64>(text.size()));
    }
    return path.toStdString();
}

}  // namespace gatetune::test
