#include "sim/experiment/capacity.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>

namespace gatetune::sim::experiment {
namespace {

struct CapacityKey {
    std::string_view key;
    bool zero_is_unlimited;  // 0 lifts the limit entirely: the largest capacity, not the smallest
};

constexpr std::array kCapacityKeys = {
    CapacityKey{"server.workers", false},
    CapacityKey{"server.threads", false},
    CapacityKey{"server.worker_connections", false},
    CapacityKey{"server.backlog", false},
    CapacityKey{"server.limit_concurrency", true},
    CapacityKey{"db_pool.pool_size", false},
    CapacityKey{"db_pool.max_overflow", false},
    CapacityKey{"db_server.max_connections", false},
    CapacityKey{"db_server.max_parallel_queries", false},
    CapacityKey{"http_client.max_connections", false},
    CapacityKey{"http_client.max_keepalive_connections", false},
    CapacityKey{"upstream.slots", true},
    CapacityKey{"upstream.max_queue", true},
    CapacityKey{"deployment.replicas", false},
};

const CapacityKey* find_capacity(const KeySpec& key) {
    const auto it = std::find_if(kCapacityKeys.begin(), kCapacityKeys.end(), [&](const CapacityKey& c) { return c.key == key.key; });
    return it == kCapacityKeys.end() ? nullptr : &*it;
}

}  // namespace

bool is_capacity_key(const KeySpec& key) { return key.type == KeyType::Int && find_capacity(key) != nullptr; }

bool is_monotone_axis(const Axis& axis) {
    if (!is_capacity_key(*axis.key)) return false;
    if (!find_capacity(*axis.key)->zero_is_unlimited) return true;
    return std::none_of(axis.values.begin(), axis.values.end(), [](const Value& v) { return std::get<std::int64_t>(v) == 0; });
}

}  // namespace gatetune::sim::experiment
