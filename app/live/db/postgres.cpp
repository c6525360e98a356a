#include "app/live/db/postgres.hpp"

#include <charconv>
#include <system_error>

#include "sim/postgres_admission.hpp"

namespace gatetune::live {

namespace {

// libpq's messages end in newlines and may span lines (one per host tried): one line for logs
// and the error JSON.
std::string one_line(std::string_view m) {
    std::string out;
    for (char ch : m) {
        if (ch == '\n') out += "; ";
        else if (ch != '\t') out += ch;  // libpq indents its hints with a tab
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == ';')) out.pop_back();
    return out;
}

// The server refused the connection for want of slots (SQLSTATE 53300). A failed connection has
// no PGresult to read the SQLSTATE from, so the (untranslated, lc_messages=C) texts are matched.
bool out_of_slots(std::string_view m) { return sim::is_pg_refusal(m); }

}  // namespace

PgParams& PgParams::text(std::string_view v) {
    params_.push_back({std::string(v), false, false});
    return *this;
}
PgParams& PgParams::int64(std::int64_t v) {
    params_.push_back({std::to_string(v), false, false});
    return *this;
}
PgParams& PgParams::bytes(const std::vector<unsigned char>& v) {
    params_.push_back({std::string(v.begin(), v.end()), false, true});
    return *this;
}
PgParams& PgParams::null() {
    params_.push_back({std::string(), true, false});
    return *this;
}

PgParams::Bound PgParams::bind() const {
    Bound b;
    for (const Param& p : params_) {
        b.values.push_back(p.is_null ? nullptr : p.value.c_str());
        b.lengths.push_back(static_cast<int>(p.value.size()));
        b.formats.push_back(p.binary ? 1 : 0);
    }
    return b;
}

std::string PgResult::text(int row, int col) const {
    return std::string(PQgetvalue(r_.get(), row, col), static_cast<std::size_t>(PQgetlength(r_.get(), row, col)));
}

std::int64_t PgResult::int64(int row, int col) const {
    const char* p = PQgetvalue(r_.get(), row, col);
    const char* end = p + PQgetlength(r_.get(), row, col);
    std::int64_t v = 0;
    if (std::from_chars(p, end, v).ec != std::errc{}) throw PgError("", "not an integer in column " + std::to_string(col));
    return v;
}

std::vector<unsigned char> PgResult::bytes(int row, int col) const {
    std::size_t n = 0;
    unsigned char* p = PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(r_.get(), row, col)), &n);
    if (!p) throw PgError("", "cannot decode a bytea value");
    std::vector<unsigned char> out(p, p + n);
    PQfreemem(p);
    return out;
}

std::int64_t PgResult::affected() const {
    const char* t = PQcmdTuples(r_.get());
    std::int64_t v = 0;
    std::from_chars(t, t + std::char_traits<char>::length(t), v);
    return v;
}

PgConnection::PgConnection(const std::string& conninfo) {
    c_.reset(PQconnectdb(conninfo.c_str()));
    if (!c_) throw PgError("", "libpq could not allocate a connection");
    if (PQstatus(c_.get()) != CONNECTION_OK) {
        const std::string msg = one_line(PQerrorMessage(c_.get()));
        if (out_of_slots(msg)) throw TooManyClients(msg);
        throw PgError("08001", msg);  // sqlclient_unable_to_establish_sqlconnection
    }
    // NOTICEs ("relation … already exists, skipping") would go to stderr, once per connection.
    PQsetNoticeProcessor(c_.get(), [](void*, const char*) {}, nullptr);
}

PgError pg_error(PGconn* c, PGresult* r, std::string_view doing) {
    std::string sqlstate, msg;
    if (r) {
        if (const char* s = PQresultErrorField(r, PG_DIAG_SQLSTATE)) sqlstate = s;
        // Severity and primary message only: DETAIL would repeat the row's values (a user's name).
        const char* severity = PQresultErrorField(r, PG_DIAG_SEVERITY_NONLOCALIZED);
        const char* primary = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
        if (primary) msg = std::string(severity ? severity : "ERROR") + ": " + primary;
        PQclear(r);
    }
    if (msg.empty()) msg = one_line(PQerrorMessage(c));  // no result: the connection broke
    if (msg.empty()) msg = "unknown error";
    return PgError(sqlstate, std::string(doing) + ": " + msg);
}

PgResult PgConnection::exec(const char* sql, const PgParams& params) {
    const PgParams::Bound b = params.bind();
    PGresult* r = PQexecParams(c_.get(), sql, b.count(), nullptr, b.values.data(), b.lengths.data(), b.formats.data(), 0);
    const ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) throw pg_error(c_.get(), r, "executing a statement");
    return PgResult(r);
}

void PgConnection::exec_script(const char* sql) {
    PGresult* r = PQexec(c_.get(), sql);
    const ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) throw pg_error(c_.get(), r, "creating the schema");
    PQclear(r);
}

void PgConnection::rollback() noexcept {
    if (PQtransactionStatus(c_.get()) == PQTRANS_IDLE) return;
    PQclear(PQexec(c_.get(), "ROLLBACK"));
}

}  // namespace gatetune::live
