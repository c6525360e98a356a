#pragma once
// A thin RAII layer over libpq: a connection, results, statements sent with PQexecParams and
// their parameters kept apart from the SQL text, and PgError carrying the server's SQLSTATE.
// The gateway's workers drive the same connections from their event loops (pg_pipeline.hpp).
#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "app/live/db/database_error.hpp"

namespace gatetune::live {

class PgError : public DatabaseError {
public:
    PgError(std::string sqlstate, const std::string& what)
        : DatabaseError(what, sqlstate == "23505"), sqlstate_(std::move(sqlstate)) {}  // 23505: unique_violation
    const std::string& sqlstate() const { return sqlstate_; }

private:
    std::string sqlstate_;
};

// A statement's parameters: text, integers and bytea (sent binary, so no escaping anywhere).
class PgParams {
public:
    PgParams& text(std::string_view v);
    PgParams& int64(std::int64_t v);
    PgParams& bytes(const std::vector<unsigned char>& v);
    PgParams& null();

    // The arrays libpq's PQexecParams and PQsendQueryParams take; valid while this object lives.
    struct Bound {
        std::vector<const char*> values;
        std::vector<int> lengths, formats;
        int count() const { return static_cast<int>(values.size()); }
    };
    Bound bind() const;

private:
    struct Param {
        std::string value;
        bool is_null = false;
        bool binary = false;
    };
    std::vector<Param> params_;
};

class PgResult {
public:
    explicit PgResult(PGresult* r) : r_(r, &PQclear) {}
    int rows() const { return PQntuples(r_.get()); }
    bool is_null(int row, int col) const { return PQgetisnull(r_.get(), row, col) != 0; }
    std::string text(int row, int col) const;
    std::int64_t int64(int row, int col) const;
    std::vector<unsigned char> bytes(int row, int col) const;  // a bytea column in text (hex) format
    std::int64_t affected() const;                              // rows an INSERT/UPDATE/DELETE touched

private:
    std::unique_ptr<PGresult, decltype(&PQclear)> r_;
};

// The error a failed statement (r, cleared here) or a broken connection (r null) raises: the
// server's SQLSTATE, severity and primary message, or libpq's own message.
PgError pg_error(PGconn* c, PGresult* r, std::string_view doing);

class PgConnection {
public:
    // conninfo: a postgresql:// URI (or key=value string). Throws TooManyClients when the server
    // has no slot left for this role (53300), PgError for anything else.
    explicit PgConnection(const std::string& conninfo);
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    PgResult exec(const char* sql, const PgParams& params = {});
    bool alive() const { return PQstatus(c_.get()) == CONNECTION_OK; }
    PGconn* raw() const { return c_.get(); }
    // Several statements without parameters (the schema); throws PgError.
    void exec_script(const char* sql);
    // BEGIN … COMMIT around f; ROLLBACK when f throws (the connection stays usable).
    template <class F>
    auto transaction(F f) {
        exec("BEGIN");
        try {
            if constexpr (std::is_void_v<decltype(f())>) {
                f();
                exec("COMMIT");
            } else {
                auto v = f();
                exec("COMMIT");
                return v;
            }
        } catch (...) {
            rollback();
            throw;
        }
    }

private:
    void rollback() noexcept;

    std::unique_ptr<PGconn, decltype(&PQfinish)> c_{nullptr, &PQfinish};
};

}  // namespace gatetune::live
