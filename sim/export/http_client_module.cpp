// http_client.py: one process-wide httpx.AsyncClient per worker with the preset's timeouts and
// limits, a getter, a close function for app shutdown, and the retry loop's constants.
#include "sim/export/python_keywords.hpp"
#include "sim/export/writers.hpp"

namespace gatetune::sim::exporting {

std::string write_http_client_module(const ExportContext& c) {
    const Config& cfg = c.cfg;
    std::string out = file_header(c, "#");
    if (cfg.http_client.mode != HttpClientMode::Shared) {
        out += "# The preset simulates a new client per request (http_client.mode = " +
               std::string(to_string(cfg.http_client.mode)) +
               ", GT050); this file is the\n# shared client instead. Validate with --set http_client.mode=shared.\n";
    }
    out += "\"\"\"One httpx.AsyncClient per worker process, shared by every request of that worker (httpx 0.23-0.28).\n\n"
           "Call get_http_client() wherever the app talks to the upstream, and await close_http_client()\n"
           "in the app's shutdown (lifespan) handler. A client per request would pay a TCP + TLS handshake\n"
           "and a blocking SSLContext set-up every time, and its limits would bound nothing (MODEL.md §4).\n"
           "\"\"\"\n"
           "from typing import Optional\n\n"
           "import httpx\n\n"
           "# The app's retry loop around each upstream call (httpx itself does not retry). An abandoned\n"
           "# attempt keeps running upstream (MODEL.md §9 O6), so every retry adds load.\n";
    for (const Binding* b : exported_bindings(cfg)) {
        if (b->target != Target::AppConstant) continue;
        out += std::string(b->name) + " = " + python_value(*b, cfg) + "  # " + provenance(b->key, b->note) + "\n";
    }
    const Binding& mode = *binding_for_key("http_client.mode");
    out += "\n_client: Optional[httpx.AsyncClient] = None\n\n\n"
           "def get_http_client() -> httpx.AsyncClient:\n"
           "    \"\"\"The worker's client, created on first use: after the fork, so no two processes share it.\"\"\"\n"
           "    global _client\n"
           "    # No lock needed: nothing is awaited between the check and the assignment.\n"
           "    if _client is None:\n"
           "        # " + provenance(mode.key, mode.note) + "\n"
           "        _client = httpx.AsyncClient(\n"
           "            timeout=httpx.Timeout(\n";
    out += python_keywords(cfg, Target::HttpxTimeout, "                ");
    out += "            ),\n"
           "            limits=httpx.Limits(\n";
    out += python_keywords(cfg, Target::HttpxLimits, "                ");
    out += "            ),\n";
    out += python_keywords(cfg, Target::HttpxClient, "            ");
    out += "        )\n"
           "    return _client\n\n\n"
           "async def close_http_client() -> None:\n"
           "    \"\"\"Close the client's connections; call it from the app's shutdown handler.\"\"\"\n"
           "    global _client\n"
           "    if _client is not None:\n"
           "        await _client.aclose()\n"
           "        _client = None\n";
    return out;
}

}  // namespace gatetune::sim::exporting
