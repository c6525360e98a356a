#pragma once
// One poll of the gateway's /metrics reduced to what the Live tab charts: the request counters
// (2xx = ok, everything else failed) and the gauges summed over all workers.
#include <optional>
#include <string>
#include <vector>

#include "ui/prometheus_text.hpp"

namespace gatetune::ui {

struct LiveSample {
    double okTotal = 0;       // gatetune_requests_total with a 2xx status (a counter)
    double failedTotal = 0;   // every other status (a counter)
    double inFlight = 0;
    double dbCheckedOut = 0;
    double dbWaiting = 0;
    double dbConnections = 0;  // gatetune_db_connections_total (a gauge, one value for all workers)
    double upstreamInFlight = 0;
    double workerTimeouts = 0;
};

// nullopt (with `error` set) when the text has none of the gateway's metrics — e.g. a page from
// something else that answered on the port.
std::optional<LiveSample> live_sample(const std::vector<PrometheusSample>& samples, std::string* error = nullptr);

// Requests per second between two polls `seconds` apart; 0 when the counters went backwards
// (a restarted gateway) or no time passed.
double per_second(double before, double after, double seconds);

}  // namespace gatetune::ui
