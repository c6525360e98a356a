#pragma once
// Where each exported preset key lands in the real service: a gunicorn setting (a flag in
// Dockerfile.cmd and an assignment in gunicorn.conf.py), a keyword of create_async_engine(...),
// httpx.Timeout(...), httpx.Limits(...) or httpx.AsyncClient(...), a constant of the app's retry
// loop, or the client's lifetime. Export writes from this table and import reads back through
// it, so a key is mapped in exactly one place. Key semantics live in sim/preset/config_schema.cpp.
#include <string>
#include <string_view>
#include <vector>

#include "sim/config.hpp"
#include "sim/preset/config_schema.hpp"

namespace gatetune::sim::exporting {

enum class Target {
    GunicornSetting,  // gunicorn 20–23 setting: `name` in gunicorn.conf.py, `flag` on the command line
    EngineKwarg,      // create_async_engine(url, name=…) (SQLAlchemy 1.4 / 2.0)
    HttpxTimeout,     // httpx.Timeout(name=…)
    HttpxLimits,      // httpx.Limits(name=…)
    HttpxClient,      // httpx.AsyncClient(name=…)
    AppConstant,      // module-level NAME = … in http_client.py, read by the app's retry loop
    ClientLifetime,   // http_client.mode: one client per worker process (the getter in http_client.py)
};

struct Binding {
    std::string_view key;         // preset key, "server.workers"
    Target target = Target::GunicornSetting;
    std::string_view name;        // setting, keyword or constant name
    std::string_view flag;        // gunicorn long flag ("--workers"); "" for other targets
    std::string_view short_flag;  // gunicorn short flag ("-w"); "" when it has none
    std::string_view note;        // what the value does, for the comment beside it
    const KeySpec& spec() const;  // the schema entry of `key`
};

// Every binding, grouped by target, in the order the files list them.
const std::vector<Binding>& bindings();
const Binding* binding_for_key(std::string_view key);
// The bindings export writes for this configuration: all of them, except http_client.mode when
// it is not `shared` (http_client.py is always the process-wide client).
std::vector<const Binding*> exported_bindings(const Config& cfg);

// GATETUNE_SERVER_WORKERS for server.workers.
std::string env_variable(const Binding& b);

// gunicorn's spelling of a worker class: "sync", "gthread", "uvicorn.workers.UvicornWorker".
std::string_view gunicorn_worker_class(WorkerClass c);

// The value of a binding's key in `cfg` as Python source ("4", "30.0", "True",
// "\"uvicorn.workers.UvicornWorker\"") and as a gunicorn command-line argument ("4", "300",
// "uvicorn.workers.UvicornWorker"). gunicorn takes whole seconds: a fractional duration is
// rounded (rule GT023 reports it as an error first).
std::string python_value(const Binding& b, const Config& cfg);
std::string gunicorn_argument(const Binding& b, const Config& cfg);
// The preset spelling without TOML quotes, for environment variables ("uvicorn", "30.0", "true").
std::string env_value(const Binding& b, const Config& cfg);
// True when a duration had to be rounded for gunicorn.
bool rounded_for_gunicorn(const Binding& b, const Config& cfg);

}  // namespace gatetune::sim::exporting
