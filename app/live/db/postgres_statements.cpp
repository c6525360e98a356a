#include "app/live/db/postgres_statements.hpp"

namespace gatetune::live::pg_sql {

ApiKeyRow read_key(const PgResult& r, int row) {
    ApiKeyRow k;
    k.id = r.int64(row, 0);
    k.name = r.text(row, 1);
    k.prefix = r.text(row, 2);
    k.salt = r.bytes(row, 3);
    k.hash = r.bytes(row, 4);
    k.created_at = r.text(row, 5);
    if (!r.is_null(row, 6)) k.revoked_at = r.text(row, 6);
    return k;
}

PgParams usage_params(const UsageRow& u) {
    PgParams p;
    p.text(u.request_id).int64(u.api_key_id);
    if (u.session_id) p.int64(*u.session_id);
    else p.null();
    p.int64(u.prompt_tokens).int64(u.completion_tokens).text(u.model).int64(u.started_at_us).int64(u.latency_us);
    if (u.ttft_us) p.int64(*u.ttft_us);
    else p.null();
    p.int64(u.status);
    return p;
}

}  // namespace gatetune::live::pg_sql
