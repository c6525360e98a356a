#include "sim/validation/rule_support.hpp"

#include "sim/validation/wording.hpp"

namespace gatetune::sim::validation {

WorkerClass effective_worker_class(const ServerConfig& s) {
    return s.worker_class == WorkerClass::Sync && s.threads > 1 ? WorkerClass::Gthread : s.worker_class;
}

std::string worker_class_phrase(WorkerClass c) {
    switch (c) {
        case WorkerClass::Sync: return "sync workers";
        case WorkerClass::Gthread: return "gthread workers";
        case WorkerClass::Uvicorn: return "UvicornWorker";
    }
    return {};
}

std::string call_tokens(const CallEstimate& c) {
    std::string out(1, '(');  // appended piecewise: GCC 12 warns falsely on "(" + std::string&&
    out.append(std::to_string(c.input_tokens)).append(" + ").append(std::to_string(c.output_tokens)).append(" tokens)");
    return out;
}

std::string lb_idle_phrase(const LbIdle& lb) {
    return "the load balancer's idle timeout " + secs(lb.seconds) + " (" + lb.source + ")";
}

}  // namespace gatetune::sim::validation
