#include "sim/config.hpp"

// The names of the configuration's enumerations, as presets, reports and exported files spell them.
namespace gatetune::sim {

const char* to_string(WorkerClass c) {
    switch (c) {
        case WorkerClass::Sync: return "sync";
        case WorkerClass::Gthread: return "gthread";
        case WorkerClass::Uvicorn: return "uvicorn";
    }
    return "?";
}
const char* to_string(DbHolding h) {
    switch (h) {
        case DbHolding::PerRequest: return "per_request";
        case DbHolding::PerQuery: return "per_query";
    }
    return "?";
}
const char* to_string(HttpClientMode m) {
    switch (m) {
        case HttpClientMode::PerRequest: return "per_request";
        case HttpClientMode::Shared: return "shared";
    }
    return "?";
}
const char* to_string(RateWindow w) {
    switch (w) {
        case RateWindow::TokenBucket: return "token_bucket";
        case RateWindow::Rolling: return "rolling";
        case RateWindow::Fixed: return "fixed";
    }
    return "?";
}
const char* to_string(LeakReclaim r) {
    switch (r) {
        case LeakReclaim::Gc: return "gc";
        case LeakReclaim::Never: return "never";
    }
    return "?";
}
const char* to_string(TokenCount c) {
    switch (c) {
        case TokenCount::Requested: return "requested";
        case TokenCount::Served: return "served";
    }
    return "?";
}

const char* to_string(RestartSignal s) {
    switch (s) {
        case RestartSignal::Term: return "term";
        case RestartSignal::Hup: return "hup";
    }
    return "?";
}
const char* to_string(WorkloadKind k) {
    switch (k) {
        case WorkloadKind::Sessions: return "sessions";
        case WorkloadKind::Open: return "open";
        case WorkloadKind::Trace: return "trace";
    }
    return "?";
}

}  // namespace gatetune::sim
