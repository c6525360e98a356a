// Saving an edited preset in place: comments and layout survive, missing keys land in their
// table (or a new one), unset optional keys disappear, and whatever cannot be patched is
// rewritten — the result always reads back as the edited configuration.
#include "qtest_suite.hpp"

#include "qtest_std_string.hpp"
#include "sim/preset/preset_edit.hpp"
#include "sim/preset/preset_io.hpp"

using namespace gatetune;

namespace {
const char* kPreset = R"(# A comment at the top
name = "edit-me"

[server]
workers = 4   # why four
worker_class = "uvicorn"

[db_pool]
# the pool
pool_size = 5

[workload]
users = 2
calls = [[100, 10],
         [200, 20]]   # two calls

[slo]
p99 = 10.0
)";

void set(sim::Config& c, const char* assignment) { sim::apply_override(c, assignment); }

void verifyReadsBack(const std::string& text, const sim::Config& expected) {
    const sim::Config back = sim::parse_preset(text, "edit.toml");
    for (const sim::KeySpec& k : sim::config_schema())
        if (!k.write_only) QVERIFY2(sim::values_equal(k.get(back), k.get(expected)), k.key.data());
}
}  // namespace

class TestPresetEdit : public QObject {
    Q_OBJECT
private slots:
    void changedValuesAreReplacedInPlace() {
        sim::Config c = sim::parse_preset(kPreset, "edit.toml");
        set(c, "server.workers=8");
        set(c, "workload.calls=[[300, 30]]");
        const sim::PresetText out = sim::update_preset_text(kPreset, c, "edit.toml");
        QVERIFY(out.comments_kept);
        QVERIFY(out.text.find("workers = 8   # why four") != std::string::npos);
        QVERIFY(out.text.find("calls = [[300, 30]]   # two calls") != std::string::npos);
        QVERIFY(out.text.find("# A comment at the top") == 0);
        QVERIFY(out.text.find("# the pool") != std::string::npos);
        verifyReadsBack(out.text, c);
    }

    void missingKeysGoToTheirTableOrANewOne() {
        sim::Config c = sim::parse_preset(kPreset, "edit.toml");
        set(c, "db_pool.max_overflow=0");
        set(c, "upstream.slots=4");
        set(c, "description=\"added\"");
        const sim::PresetText out = sim::update_preset_text(kPreset, c, "edit.toml");
        QVERIFY(out.comments_kept);
        QVERIFY(out.text.find("pool_size = 5\nmax_overflow = 0\n") != std::string::npos);
        QVERIFY(out.text.find("[upstream]\nslots = 4\n") != std::string::npos);
        QVERIFY(out.text.find("description = \"added\"") < out.text.find("[server]"));  // top-level keys before any table
        verifyReadsBack(out.text, c);
    }

    void anUnsetOptionalKeyIsRemoved() {
        sim::Config c = sim::parse_preset(kPreset, "edit.toml");
        set(c, "slo.p99=none");
        const sim::PresetText out = sim::update_preset_text(kPreset, c, "edit.toml");
        QVERIFY(out.comments_kept);
        QVERIFY(out.text.find("p99") == std::string::npos);
        verifyReadsBack(out.text, c);
    }

    void whatCannotBePatchedIsRewritten() {
        const std::string inline_table = "name = \"x\"\nserver = { workers = 2 }\n[workload]\ncalls = [[1, 1]]\n";
        sim::Config c = sim::parse_preset(inline_table, "edit.toml");
        set(c, "server.timeout=10");
        const sim::PresetText out = sim::update_preset_text(inline_table, c, "edit.toml");
        verifyReadsBack(out.text, c);
        // Nothing loaded yet (a new preset): written from scratch.
        const sim::PresetText fresh = sim::update_preset_text("", c, "new.toml");
        QVERIFY(!fresh.comments_kept);
        verifyReadsBack(fresh.text, c);
    }
};

GATETUNE_QTEST_MAIN(TestPresetEdit)
#include "test_preset_edit.moc"
