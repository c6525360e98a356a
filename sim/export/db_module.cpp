// db.py: the SQLAlchemy async engine with the preset's pool settings.
#include "sim/export/python_keywords.hpp"
#include "sim/export/writers.hpp"
#include "sim/validation/wording.hpp"

namespace gatetune::sim::exporting {

std::string write_db_module(const ExportContext& c) {
    const Config& cfg = c.cfg;
    const int per_worker = cfg.db_pool.pool_size + cfg.db_pool.max_overflow;
    std::string out = file_header(c, "#");
    out += "\"\"\"The SQLAlchemy async engine (SQLAlchemy 1.4 and 2.0).\n\n"
           "Import it in the worker processes, not in gunicorn's master (no --preload): pooled\n"
           "connections are not shared across fork, so every worker owns one pool (MODEL.md §3).\n"
           "\"\"\"\n"
           "import os\n\n"
           "from sqlalchemy.ext.asyncio import create_async_engine\n\n";
    out += "# PostgreSQL connections at peak: " + validation::counted(cfg.server.workers, "worker", "workers") + " × (" +
           std::to_string(cfg.db_pool.pool_size) + " + " + std::to_string(cfg.db_pool.max_overflow) + ") × " +
           validation::counted(cfg.replicas, "replica", "replicas") + " = " +
           std::to_string(static_cast<long long>(cfg.server.workers) * per_worker * cfg.replicas) +
           ", against max_connections − superuser_reserved_connections = " +
           std::to_string(cfg.db_server.max_connections - cfg.db_server.superuser_reserved_connections) + ".\n";
    out += "engine = create_async_engine(\n"
           "    os.environ[\"DATABASE_URL\"],  # e.g. postgresql+asyncpg://user:password@host:5432/dbname\n";
    out += python_keywords(cfg, Target::EngineKwarg, "    ");
    out += ")\n";
    return out;
}

}  // namespace gatetune::sim::exporting
