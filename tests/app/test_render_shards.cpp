// scripts/render-shards.sh: the Kubernetes manifests parse as YAML and say what the README says
// (an Indexed Job of N shards, then a merge Job), the Slurm script parses as bash, and — run as the
// cluster would run them, with its index variables — the shards and the merge step give exactly
// the bytes of the unsharded sweep. Bad arguments are usage errors (exit 2) that say what is wrong.
#include "qtest_suite.hpp"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <yaml-cpp/yaml.h>

#include "run_program.hpp"

namespace {

using gatetune::test::ProgramOptions;
using gatetune::test::ProgramRun;

const QString kScript = QStringLiteral(GATETUNE_SOURCE_DIR "/scripts/render-shards.sh");
// A sweep small enough to run three times over: 6 points × 2 seeds of the 12-call seed incident.
const QStringList kSweep = {"seed-incident", "--seeds", "2", "--vary", "db_pool.pool_size=1..6"};

ProgramRun render(const QStringList& args) { return gatetune::test::run_program(QStringLiteral("bash"), QStringList{kScript} + args); }

// The environment of a cluster node: the installed gatetune first on PATH, and the given variables.
ProgramOptions on_node(const QString& dir, const QList<QPair<QString, QString>>& vars) {
    ProgramOptions o;
    o.working_dir = dir;
    o.env.insert(QStringLiteral("PATH"), QFileInfo(QStringLiteral(GATETUNE_CLI)).absolutePath() + ':' + o.env.value("PATH"));
    o.env.remove(QStringLiteral("GATETUNE_PRESETS"));
    for (const auto& [k, v] : vars) o.env.insert(k, v);
    return o;
}

QByteArray file_bytes(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing " + path.toUtf8() + ">");
}

// What `gatetune sweep` writes without shards, into DIR/full.csv.
QByteArray unsharded(const QString& dir) {
    const ProgramRun r = gatetune::test::run_program(QStringLiteral(GATETUNE_CLI),
                                                     QStringList{"sweep"} + kSweep + QStringList{"--jobs", "1", "--out", dir + "/full.csv"},
                                                     on_node(dir, {}));
    if (r.code != 0) return "sweep failed: " + r.err;
    return file_bytes(dir + "/full.csv");
}

YAML::Node container(const YAML::Node& job) { return job["spec"]["template"]["spec"]["containers"][0]; }

}  // namespace

class TestRenderShards : public QObject {
    Q_OBJECT
private slots:
    void kubernetesManifestsAreAnIndexedJobAndAMerge() {
        const ProgramRun r = render(QStringList{"kubernetes", "--shards", "3", "--image", "registry.example.com/gatetune:1", "--"} + kSweep);
        QVERIFY2(r.code == 0, r.err.constData());
        const std::vector<YAML::Node> docs = YAML::LoadAll(r.out.toStdString());
        QCOMPARE(docs.size(), std::size_t{2});
        const YAML::Node& sweep = docs[0];
        QCOMPARE(sweep["kind"].as<std::string>(), std::string("Job"));
        QCOMPARE(sweep["spec"]["completionMode"].as<std::string>(), std::string("Indexed"));
        QCOMPARE(sweep["spec"]["completions"].as<int>(), 3);
        QCOMPARE(sweep["spec"]["parallelism"].as<int>(), 3);
        QCOMPARE(sweep["metadata"]["labels"]["gatetune/step"].as<std::string>(), std::string("sweep"));
        QCOMPARE(container(sweep)["image"].as<std::string>(), std::string("registry.example.com/gatetune:1"));
        QCOMPARE(container(sweep)["volumeMounts"][0]["mountPath"].as<std::string>(), std::string("/results"));
        const YAML::Node& merge = docs[1];
        QCOMPARE(merge["metadata"]["name"].as<std::string>(), std::string("gatetune-sweep-merge"));
        QCOMPARE(merge["metadata"]["labels"]["gatetune/step"].as<std::string>(), std::string("merge"));
        QVERIFY(QString::fromStdString(container(merge)["args"][0].as<std::string>()).contains("gatetune merge /results/shard-*.csv"));
    }

    void kubernetesShardsMergeToTheUnshardedSweep() {
        QTemporaryDir dir;
        const QString results = dir.path() + "/shared volume";  // a space: the paths must be quoted
        QVERIFY(QDir().mkpath(results));
        const ProgramRun r = render(QStringList{"kubernetes", "--shards", "3", "--results", results, "--"} + kSweep);
        QVERIFY2(r.code == 0, r.err.constData());
        const std::vector<YAML::Node> docs = YAML::LoadAll(r.out.toStdString());
        QCOMPARE(docs.size(), std::size_t{2});
        QCOMPARE(container(docs[0])["command"][0].as<std::string>(), std::string("bash"));
        const QString shard = QString::fromStdString(container(docs[0])["args"][0].as<std::string>());
        for (int index = 0; index < 3; ++index) {  // JOB_COMPLETION_INDEX is 0-based
            const ProgramRun s = gatetune::test::run_program(QStringLiteral("bash"), {"-c", shard},
                                                             on_node(dir.path(), {{"JOB_COMPLETION_INDEX", QString::number(index)}}));
            QVERIFY2(s.code == 0, (shard.toUtf8() + "\n" + s.err).constData());
        }
        QVERIFY(QFileInfo::exists(results + "/shard-3.csv"));
        const QString merge = QString::fromStdString(container(docs[1])["args"][0].as<std::string>());
        const ProgramRun m = gatetune::test::run_program(QStringLiteral("bash"), {"-c", merge}, on_node(dir.path(), {}));
        QVERIFY2(m.code == 0, m.err.constData());
        QCOMPARE(file_bytes(results + "/sweep.csv"), unsharded(dir.path()));
    }

    void slurmArrayMergesToTheUnshardedSweep() {
        QTemporaryDir dir;
        const ProgramRun r = render(QStringList{"slurm", "--shards", "4", "--cpus", "2", "--"} + kSweep);
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(r.out.contains("#SBATCH --array=1-4\n"));
        QVERIFY(r.out.contains("#SBATCH --cpus-per-task=2\n"));
        const QString script = dir.path() + "/sweep.sbatch";
        QFile f(script);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(r.out);
        f.close();
        const ProgramRun syntax = gatetune::test::run_program(QStringLiteral("bash"), {"-n", script});
        QVERIFY2(syntax.code == 0, syntax.err.constData());
        QVERIFY(QDir(dir.path()).mkpath("results"));
        for (int task = 1; task <= 4; ++task) {
            const ProgramRun s = gatetune::test::run_program(
                QStringLiteral("bash"), {script},
                on_node(dir.path(), {{"SLURM_ARRAY_TASK_ID", QString::number(task)}, {"SLURM_ARRAY_TASK_COUNT", "4"}}));
            QVERIFY2(s.code == 0, s.err.constData());
        }
        const ProgramRun m = gatetune::test::run_program(QStringLiteral("bash"), {script, "merge"}, on_node(dir.path(), {}));
        QVERIFY2(m.code == 0, m.err.constData());
        QCOMPARE(file_bytes(dir.path() + "/results/sweep.csv"), unsharded(dir.path()));
    }

    void badArgumentsAreUsageErrors() {
        const QList<QPair<QStringList, QByteArray>> cases = {
            {{"nomad", "--shards", "2", "--", "load"}, "unknown target 'nomad' (allowed: kubernetes, slurm)"},
            {{"slurm", "--", "load"}, "--shards must be a whole number from 1 to 10000, got ''"},
            {{"slurm", "--shards", "0", "--", "load"}, "--shards must be a whole number from 1 to 10000, got '0'"},
            {{"kubernetes", "--shards", "2", "--name", "Sweep_1", "--", "load"}, "--name must be lower-case letters"},
            {{"slurm", "--shards", "2"}, "no sweep arguments after '--'"},
            {{"slurm", "--shards", "2", "--", "load", "--out", "x.csv"}, "'--out' is set per shard by the script"},
            {{"slurm", "--shards", "2", "--", "load", "--jobs", "4"}, "give the CPUs per shard with --cpus"},
            {{"slurm", "--shards", "2", "--cpu", "4", "--", "load"}, "unknown option '--cpu'"},
        };
        for (const auto& [args, message] : cases) {
            const ProgramRun r = render(args);
            QVERIFY2(r.code == 2, qPrintable(args.join(' ')));
            QVERIFY2(r.err.contains(message), r.err.constData());
            QVERIFY(r.out.isEmpty());
        }
        const ProgramRun help = render({"--help"});
        QCOMPARE(help.code, 0);
        QVERIFY(help.out.startsWith("Usage: scripts/render-shards.sh kubernetes|slurm --shards N"));
    }
};

GATETUNE_QTEST_GUILESS_MAIN(TestRenderShards)
#include "test_render_shards.moc"
