// gunicorn's settings from its three sources: gunicorn.conf.py assignments, a Dockerfile's
// CMD/ENTRYPOINT (exec or shell form, with its flags), ENV WEB_CONCURRENCY / GUNICORN_CMD_ARGS.
// What the real tools would reject, or what only exists at run time, is a problem with its line.
#include "qtest_suite.hpp"

#include <map>
#include <string>

#include "qtest_std_string.hpp"
#include "sim/import/dockerfile_reader.hpp"
#include "sim/import/module_assignments.hpp"
#include "sim/import/shell_words.hpp"

using namespace gatetune::sim::importing;

namespace {

std::map<std::string, std::string> values(const FileReading& r) {
    std::map<std::string, std::string> out;
    for (const auto& s : r.settings) out[s.key] = s.toml;
    return out;
}

std::string problems(const FileReading& r) {
    std::string out;
    for (const auto& p : r.problems) out += p.to_string() + "\n";
    return out;
}

FileReading conf(const std::string& src) {
    return read_module_assignments("gunicorn.conf.py", src, tokenize_python(src), gatetune::sim::exporting::Target::GunicornSetting, from_conf, true);
}

}  // namespace

class TestGunicornSources : public QObject {
    Q_OBJECT
private slots:
    void confAssignments() {
        const auto r = conf("bind = '0.0.0.0:8000'\nworkers = 4\nworker_class = 'uvicorn.workers.UvicornWorker'\ntimeout = '300'\n"
                            "keepalive = 5\nkeepalive = 75\n");
        QVERIFY2(r.problems.empty(), problems(r).c_str());
        const auto v = values(r);
        QCOMPARE(v.at("server.workers"), std::string("4"));
        QCOMPARE(v.at("server.worker_class"), std::string("\"uvicorn\""));
        QCOMPARE(v.at("server.timeout"), std::string("300"));   // gunicorn: int("300", 0)
        QCOMPARE(v.at("server.keepalive"), std::string("75"));  // the last assignment wins
        QCOMPARE(r.notes.size(), std::size_t{1});               // bind is not modelled
    }

    void confProblems() {
        const auto r = conf("import multiprocessing\nworkers = multiprocessing.cpu_count() * 2 + 1\ntimeout = 30.0\n"
                            "if DEBUG:\n    keepalive = 2\nworker_class = 'gevent'\n");
        QCOMPARE(r.problems.size(), std::size_t{4});
        const std::string all = problems(r);
        QVERIFY2(all.find("gunicorn.conf.py:2: `workers = multiprocessing.cpu_count() * 2 + 1` is not a literal") != std::string::npos, all.c_str());
        QVERIFY2(all.find("gunicorn.conf.py:3: `timeout = 30.0`: gunicorn's timeout takes a whole number") != std::string::npos, all.c_str());
        QVERIFY2(all.find("gunicorn.conf.py:5: `keepalive = 2` is inside a block") != std::string::npos, all.c_str());
        QVERIFY2(all.find("gunicorn.conf.py:6:") != std::string::npos && all.find("gevent") != std::string::npos, all.c_str());
    }

    void shellWords() {
        const auto w = split_shell_words("exec gunicorn -w \"$W\" --bind '0.0.0.0:8000' a\\ b && echo x # comment");
        QCOMPARE(w.size(), std::size_t{10});  // …, "a b", "&&", "echo", "x"; the comment is dropped
        QVERIFY(w[3].expanded);
        QCOMPARE(w[5].text, std::string("0.0.0.0:8000"));
        QCOMPARE(w[6].text, std::string("a b"));
        QVERIFY(w[7].separator);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, split_shell_words("gunicorn 'open"));
    }

    void execFormCmd() {
        const auto r = read_dockerfile("Dockerfile", "FROM python:3.11\n# the service\nCMD [\"gunicorn\", \"-k\", \"uvicorn.workers.UvicornWorker\", \\\n"
                                                     "     \"-w\", \"4\", \"--timeout=300\", \"--keep-alive\", \"75\", \"src.main:app\"]\n");
        QVERIFY2(r.problems.empty(), problems(r).c_str());
        const auto v = values(r);
        QCOMPARE(v.at("server.workers"), std::string("4"));
        QCOMPARE(v.at("server.timeout"), std::string("300"));
        QCOMPARE(v.at("server.keepalive"), std::string("75"));
        QCOMPARE(r.settings.front().place.to_string(), std::string("Dockerfile:3"));
        QVERIFY(r.settings.front().precedence == Precedence::CommandLine);
    }

    void shellFormEntrypointAndStages() {
        const auto r = read_dockerfile("Dockerfile", "FROM base AS build\nCMD [\"gunicorn\", \"-w\", \"9\"]\nFROM python:3.11\n"
                                                     "ENV WEB_CONCURRENCY=3 GUNICORN_CMD_ARGS=\"--timeout 60\"\n"
                                                     "ENTRYPOINT [\"/bin/sh\", \"-c\"]\nCMD [\"alembic upgrade head && exec python -m gunicorn -t 90 -w4 app:app\"]\n");
        QVERIFY2(r.problems.empty(), problems(r).c_str());
        std::map<std::string, std::vector<std::string>> by_key;
        for (const auto& s : r.settings) by_key[s.key].push_back(s.toml);
        QCOMPARE(by_key.at("server.workers"), (std::vector<std::string>{"3", "4"}));  // ENV default, then -w4
        QCOMPARE(by_key.at("server.timeout"), (std::vector<std::string>{"60", "90"}));
    }

    void theIncidentReportsDockerfileIsBroken() {
        // Fix #1 as the report wrote it: comments after the line-continuation backslashes end
        // the CMD early, so it is not JSON, and the next line is not an instruction.
        const auto r = read_dockerfile("Dockerfile",
            "CMD [\"gunicorn\", \"-k\", \"uvicorn.workers.UvicornWorker\", \"-w\", \"4\", \"-b\", \"0.0.0.0:8000\", \\\n"
            "     \"--timeout\", \"300\", \\              # 5 minutes for worker timeout\n"
            "     \"--graceful-timeout\", \"320\", \\     # 20 seconds grace period\n"
            "     \"--keep-alive\", \"75\", \\            # Keep connections alive\n"
            "     \"src.main:app\"]\n");
        QVERIFY(r.settings.empty());
        const std::string all = problems(r);
        QVERIFY2(all.find("Dockerfile:1: CMD [") != std::string::npos && all.find("is not a JSON array") != std::string::npos, all.c_str());
        QVERIFY2(all.find("Dockerfile:3: `\"--GRACEFUL-TIMEOUT\",` is not a Dockerfile instruction") != std::string::npos, all.c_str());
    }

    void runTimeValuesAreNotGuessed() {
        const auto r = read_dockerfile("Dockerfile", "CMD gunicorn -w $WEB_CONCURRENCY --timeout 300 app:app\n");
        QCOMPARE(r.problems.size(), std::size_t{1});
        QVERIFY(r.problems[0].message.find("`-w $WEB_CONCURRENCY` is expanded by the shell") != std::string::npos);
        QCOMPARE(values(r).at("server.timeout"), std::string("300"));
        const auto exec = read_dockerfile("Dockerfile", "CMD [\"gunicorn\", \"-w\", \"$WEB_CONCURRENCY\"]\n");
        QCOMPARE(exec.problems.size(), std::size_t{1});  // exec form passes "$WEB_CONCURRENCY" literally: gunicorn rejects it
    }

    void noGunicorn() {
        QCOMPARE(read_dockerfile("Dockerfile", "FROM x\nCMD [\"uvicorn\", \"app:app\"]\n").problems.size(), std::size_t{1});
        QCOMPARE(read_dockerfile("Dockerfile", "FROM x\nRUN true\n").problems.size(), std::size_t{1});
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestGunicornSources)
#include "test_gunicorn_sources.moc"
