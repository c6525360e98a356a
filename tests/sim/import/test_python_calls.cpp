// Reading create_async_engine / httpx calls: literal keywords become settings, library defaults
// fill what a call leaves out, anything else is a problem with file and line, and the client's
// lifetime decides http_client.mode.
#include "qtest_suite.hpp"

#include <map>
#include <string>

#include "qtest_std_string.hpp"
#include "sim/import/module_assignments.hpp"
#include "sim/import/python_calls.hpp"

using namespace gatetune::sim::importing;

namespace {

FileReading read(const std::string& source) { return read_python_calls("app.py", source, tokenize_python(source)); }

// key → "toml@line" of the explicit (non-implied) settings.
std::map<std::string, std::string> explicit_settings(const FileReading& r) {
    std::map<std::string, std::string> out;
    for (const auto& s : r.settings) {
        if (s.precedence != Precedence::ImpliedDefault) out[s.key] = s.toml + "@" + std::to_string(s.place.line);
    }
    return out;
}

std::string problems(const FileReading& r) {
    std::string out;
    for (const auto& p : r.problems) out += p.to_string() + "\n";
    return out;
}

}  // namespace

class TestPythonCalls : public QObject {
    Q_OBJECT
private slots:
    void engineKeywords() {
        const auto r = read("from sqlalchemy.ext.asyncio import create_async_engine\n"
                            "engine = create_async_engine(\n    str(settings.DATABASE_URL),\n    pool_pre_ping=True,\n"
                            "    echo=False,\n    pool_size=20,\n    max_overflow=30,\n    pool_timeout=30,\n    pool_recycle=3600,\n"
                            "    pool_reset_on_return='rollback',\n)\n");
        QVERIFY2(r.problems.empty(), problems(r).c_str());
        const auto s = explicit_settings(r);
        QCOMPARE(s.at("db_pool.pool_size"), std::string("20@6"));
        QCOMPARE(s.at("db_pool.max_overflow"), std::string("30@7"));
        QCOMPARE(s.at("db_pool.pool_recycle"), std::string("3600@9"));
        QCOMPARE(s.at("db_pool.pool_pre_ping"), std::string("true@4"));
        bool lifo_default = false;
        for (const auto& x : r.settings) lifo_default |= x.key == "db_pool.pool_use_lifo" && x.precedence == Precedence::ImpliedDefault && x.toml == "false";
        QVERIFY(lifo_default);
    }

    void unreadableArgumentsAreProblemsWithTheirLine() {
        const auto r = read("import httpx\nfrom sqlalchemy import create_engine\n"
                            "e = create_engine(url,\n  pool_size=POOL * 2)\n"
                            "c = httpx.AsyncClient(timeout=settings.timeout)\n");
        QCOMPARE(r.problems.size(), std::size_t{2});
        QCOMPARE(r.problems[0].place.to_string(), std::string("app.py:4"));
        QVERIFY(r.problems[0].message.find("pool_size=POOL * 2") != std::string::npos);
        QCOMPARE(r.problems[1].place.to_string(), std::string("app.py:5"));
        QVERIFY(r.problems[1].message.find("timeout=settings.timeout") != std::string::npos);
    }

    void theReportsSingletonClient() {
        // The incident report's fix #3, verbatim.
        const auto r = read("import httpx\n_http_client = None\n\nasync def get_http_client():\n    global _http_client\n"
                            "    if _http_client is None:\n        async with _client_lock:\n            if _http_client is None:\n"
                            "                _http_client = httpx.AsyncClient(\n"
                            "                    timeout=httpx.Timeout(120.0, connect=10.0),\n"
                            "                    limits=httpx.Limits(\n                        max_connections=100,\n"
                            "                        max_keepalive_connections=20,\n                    ),\n"
                            "                    http2=True,\n                )\n    return _http_client\n");
        QVERIFY2(r.problems.empty(), problems(r).c_str());
        const auto s = explicit_settings(r);
        QCOMPARE(s.at("http_client.connect_timeout"), std::string("10.0@10"));
        QCOMPARE(s.at("http_client.read_timeout"), std::string("120.0@10"));
        QCOMPARE(s.at("http_client.pool_timeout"), std::string("120.0@10"));
        QCOMPARE(s.at("http_client.max_connections"), std::string("100@12"));
        QCOMPARE(s.at("http_client.keepalive_expiry"), std::string("5.0@11"));  // Limits' own default
        QCOMPARE(s.at("http_client.http2"), std::string("true@15"));
        QCOMPARE(s.at("http_client.mode"), std::string("\"shared\"@9"));
    }

    void aClientPerRequest() {
        const auto r = read("import httpx\nasync def call():\n    async with httpx.AsyncClient(timeout=30.0) as client:\n"
                            "        return await client.get(url)\n");
        QVERIFY2(r.problems.empty(), problems(r).c_str());
        const auto s = explicit_settings(r);
        QCOMPARE(s.at("http_client.mode"), std::string("\"per_request\"@3"));
        QCOMPARE(s.at("http_client.write_timeout"), std::string("30.0@3"));
        bool limits_default = false;
        for (const auto& x : r.settings) limits_default |= x.key == "http_client.max_connections" && x.toml == "100";
        QVERIFY(limits_default);
    }

    void importedNamesAndModuleLevelValues() {
        const auto r = read("from httpx import AsyncClient as Client, Timeout, Limits\n"
                            "TIMEOUT = Timeout(60, pool=5)\nLIMITS = Limits(max_connections=50)\nclient = Client(timeout=TIMEOUT, limits=LIMITS)\n");
        QVERIFY2(r.problems.empty(), problems(r).c_str());
        const auto s = explicit_settings(r);
        QCOMPARE(s.at("http_client.pool_timeout"), std::string("5@2"));
        QCOMPARE(s.at("http_client.read_timeout"), std::string("60@2"));
        QCOMPARE(s.at("http_client.max_connections"), std::string("50@3"));
        // Limits without a keep-alive limit keeps as many as max_connections (httpcore takes the minimum).
        QCOMPARE(s.at("http_client.max_keepalive_connections"), std::string("50@3"));
        QCOMPARE(s.at("http_client.mode"), std::string("\"shared\"@4"));
    }

    void timeoutWithoutDefaultIsHttpxsError() {
        const auto r = read("import httpx\nt = httpx.Timeout(connect=5.0)\n");
        QCOMPARE(r.problems.size(), std::size_t{1});
        QVERIFY(r.problems[0].message.find("httpx.Timeout must either include a default, or set all four parameters explicitly.") != std::string::npos);
    }

    void noneMeansNoLimitAndIsAProblem() {
        const auto r = read("import httpx\nc = httpx.AsyncClient(timeout=None, limits=httpx.Limits(max_connections=None))\n");
        QCOMPARE(r.problems.size(), std::size_t{2});
    }

    void starArgumentsStopTheDefaults() {
        const auto r = read("from sqlalchemy.ext.asyncio import create_async_engine\ne = create_async_engine(url, **POOL)\n");
        QVERIFY(r.problems.empty());
        QVERIFY(r.settings.empty());
        QCOMPARE(r.notes.size(), std::size_t{1});
    }

    void otherPoolClassesAreNotModelled() {
        const auto r = read("from sqlalchemy.ext.asyncio import create_async_engine\ne = create_async_engine(url, poolclass=NullPool)\n");
        QCOMPARE(r.problems.size(), std::size_t{1});
    }

    void retryConstants() {
        const std::string src = "UPSTREAM_MAX_ATTEMPTS = 3\nUPSTREAM_RETRY_BACKOFF = 0.5\nUPSTREAM_RETRY_ON_5XX = RETRY\n";
        const auto r = read_module_assignments("c.py", src, tokenize_python(src), gatetune::sim::exporting::Target::AppConstant, from_constant, false);
        QCOMPARE(r.settings.size(), std::size_t{2});
        QCOMPARE(r.problems.size(), std::size_t{1});
        QCOMPARE(r.problems[0].place.line, 3);
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestPythonCalls)
#include "test_python_calls.moc"
