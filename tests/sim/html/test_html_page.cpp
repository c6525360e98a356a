// The HTML report's writer without a browser: a page is one self-contained file whose data no
// string can break out of, written byte-identically twice; a waterfall keeps its cap and its
// failures, time series keep their peaks when thinned, section ids stay unique, and the Pareto
// front is exactly the unbeaten points. (tests/app/test_html_chromium.cpp opens real reports.)
#include "qtest_suite.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "qtest_std_string.hpp"
#include "sim/experiment/pareto.hpp"
#include "sim/html/reports.hpp"
#include "sim/preset/preset_io.hpp"
#include "sim/stack.hpp"

using namespace gatetune;
using namespace gatetune::sim;
using nlohmann::json;

namespace {

std::string preset_path(const char* rel) { return std::string(GATETUNE_SOURCE_DIR) + "/presets/" + rel; }

std::string html_of(const html::Page& page) {
    std::ostringstream out;
    page.write(out);
    return out.str();
}

std::size_t occurrences(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
}

// The data the page carries, read back the way its script reads it.
json page_data(const std::string& page) {
    const std::string open = "<script type=\"application/json\" id=\"report-data\">";
    const std::size_t from = page.find(open) + open.size();
    return json::parse(page.substr(from, page.find("</script>", from) - from));
}

const json* find_section(const json& sections, const std::string& id) {
    for (const json& s : sections) {
        if (s.at("id") == id) return &s;
        if (s.contains("children"))
            if (const json* c = find_section(s.at("children"), id)) return c;
    }
    return nullptr;
}

RunResult with_records(std::size_t n, std::size_t every_failure) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
    RunResult r{.timeseries = engine::TimeSeries(engine::kSecond, {"in_flight"})};
#pragma GCC diagnostic pop
    for (std::size_t i = 0; i < n; ++i) {
        RequestRecord rec;
        rec.id = i + 1;
        rec.start = static_cast<SimTime>(n - i) * 1000;  // recorded in end order, sent in reverse
        rec.end = rec.start + 500'000;
        rec.cause = i % every_failure == 0 ? Cause::DbPoolTimeout : Cause::Ok;
        rec.http_status = rec.ok() ? 200 : 500;
        rec.phases[static_cast<std::size_t>(Phase::DbPoolWait)] = 400'000;
        r.records.push_back(rec);
    }
    r.requests = n;
    r.explanations.push_back({Cause::DbPoolTimeout, 1, "QueuePool limit of size 5 overflow 0 reached"});
    return r;
}

}  // namespace

class TestHtmlPage : public QObject {
    Q_OBJECT

private slots:
    void run_page_is_one_self_contained_file() {
        const Config cfg = load_preset(preset_path("failure-modes/db-pool-exhaustion.toml"));
        const RunResult r = simulate(cfg);
        const std::string page = html_of(html::run_page(r, html::preset_source(cfg, "db-pool-exhaustion.toml", "")));
        QVERIFY(page.starts_with("<!DOCTYPE html>"));
        // Everything inline: no script, style sheet, image or font is fetched from anywhere.
        for (const char* fetch : {"<script src", "<link", "@import", "url(", "<img", "<iframe"}) QCOMPARE(occurrences(page, fetch), 0u);
        QVERIFY(page.find("var uPlot=") != std::string::npos);          // the vendored library
        QVERIFY(page.find("renderers.waterfall") != std::string::npos); // the report's own script
        QCOMPARE(occurrences(page, "</script>"), 3u);                  // data, uPlot, report

        const json data = page_data(page);
        QCOMPARE(data.at("kind").get<std::string>(), std::string("run"));
        for (const char* id : {"run-outcomes", "run-latency-cdf", "run-series-in-flight", "run-series-pool-waiters", "run-waterfall",
                               "run-calls", "run-why"})
            QVERIFY2(find_section(data.at("sections"), id), id);
        const json& footer = data.at("footer");
        QCOMPARE(footer.at("seeds"), json::array({cfg.simulation.seed}));
        QVERIFY(footer.at("presets").at(0).at("hash").get<std::string>().starts_with("fnv1a64:"));
        QCOMPARE(footer.at("presets").at(0).at("text").get<std::string>(), write_preset(cfg));  // no file text: the configuration
        QCOMPARE(footer.at("uplot").at("version").get<std::string>(), std::string("1.6.32"));
        // The waterfall rows are the JSON report's request objects.
        const json& rows = find_section(data.at("sections"), "run-waterfall")->at("data").at("requests");
        QCOMPARE(rows.size(), r.records.size());
        QVERIFY(rows.at(0).contains("phases_s") && rows.at(0).contains("cause"));
    }

    void same_run_same_bytes() {
        const Config cfg = load_preset(preset_path("seed-incident.toml"));
        const auto source = html::preset_source(cfg, "seed-incident.toml", "text");
        QCOMPARE(html_of(html::run_page(simulate(cfg), source)), html_of(html::run_page(simulate(cfg), source)));
    }

    // A preset comment is data: it must not close the data element or start a script.
    void no_string_can_close_the_data_element() {
        const Config cfg = load_preset(preset_path("seed-incident.toml"));
        const std::string hostile = "# </script><script>alert(1)</script> <!-- \xff not UTF-8\n";
        const std::string page = html_of(html::run_page(simulate(cfg), html::preset_source(cfg, "x.toml", hostile)));
        QCOMPARE(occurrences(page, "</script>"), 3u);
        QCOMPARE(occurrences(page, "alert(1)"), 1u);  // inside the JSON string, escaped
        const std::string text = page_data(page).at("footer").at("presets").at(0).at("text").get<std::string>();
        QVERIFY(text.starts_with("# </script><script>alert(1)</script> <!-- "));
        QVERIFY(text.find("\xef\xbf\xbd") != std::string::npos);  // the invalid byte became U+FFFD
        QCOMPARE(html::escape_html("<a href=\"x\">&</a>"), std::string("&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;"));
    }

    void waterfall_is_capped_and_keeps_failures() {
        const RunResult r = with_records(20'000, 7);  // 2,858 failures
        const html::Section s = html::waterfall_section(r, "run", {.waterfall_rows = 5000});
        const json& rows = s.data.at("requests");
        QCOMPARE(rows.size(), 5000u);
        QCOMPARE(s.notes.size(), 1u);
        QVERIFY2(s.notes[0].starts_with("Showing 5,000 of 20,000 requests: the 1 explained below, "), s.notes[0].c_str());
        std::size_t failures = 0;
        bool explained = false;
        double last_start = -1;
        for (const json& row : rows) {
            failures += row.at("cause") != "ok";
            explained = explained || row.at("id") == 1;
            QVERIFY(row.at("start_s").get<double>() >= last_start);  // sending order
            last_start = row.at("start_s").get<double>();
        }
        QVERIFY(explained);
        // Successes keep half of the 4,999 rows besides the explained request (2,499); failures fill
        // the other 2,500, plus the explained one.
        QCOMPARE(failures, 2501u);
        QVERIFY2(s.notes[0].find("2,500 of 2,857 other failures and 2,499 of 17,142 successes") != std::string::npos, s.notes[0].c_str());
        QVERIFY(s.data.at("causes").contains("db_pool_timeout"));
        QCOMPARE(s.data.at("causes").at("db_pool_timeout").at("explained_request").get<int>(), 1);

        // Under the cap: every record, no note.
        const html::Section all = html::waterfall_section(with_records(300, 7), "run", {.waterfall_rows = 5000});
        QCOMPARE(all.data.at("requests").size(), 300u);
        QVERIFY(all.notes.empty());

        // No records: a note, not an empty chart.
        RunResult none = with_records(0, 7);
        none.requests = 12;
        const html::Section empty = html::waterfall_section(none, "run");
        QCOMPARE(empty.data.at("requests").size(), 0u);
        QVERIFY(empty.notes.at(0).find("no per-request records") != std::string::npos);
    }

    void thinned_series_keep_their_peaks() {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
        RunResult r{.timeseries = engine::TimeSeries(engine::kSecond, {"in_flight", "ok_per_s"})};
#pragma GCC diagnostic pop
        for (int i = 0; i < 10'000; ++i) {
            const double level = i == 5003 ? 977 : 3;  // one short peak
            const double values[] = {level, 2.0};
            r.timeseries.record(static_cast<std::int64_t>(i) * engine::kSecond, values);
        }
        const auto sections = html::series_sections(r, "run", {.series_points = 1500});
        QCOMPARE(sections.size(), 2u);  // in flight; ends per second
        const json& in_flight = sections[0].data;
        QCOMPARE(in_flight.at("t_s").size(), 1429u);  // every 7th sample
        const json& values = in_flight.at("lines").at(0).at("values");
        QCOMPARE(values.size(), 1429u);
        QCOMPARE(*std::max_element(values.begin(), values.end()), json(977.0));
        QCOMPARE(values.at(714), json(977.0));  // samples 4998..5004
        QCOMPARE(sections[1].data.at("lines").at(0).at("values").at(3), json(2.0));  // a rate: the mean
        QVERIFY(sections[0].notes.at(0).find("each the largest of 7 samples") != std::string::npos);
    }

    void section_ids_are_unique() {
        html::Page page("run", "t");
        page.add(html::text_section("a", "A", {"x"}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, page.add(html::row_section("b", "B", {html::text_section("a", "A again", {})})));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, html::Table({{"one"}}).add_row({"1", "2"}));
    }

    void pareto_front_is_the_unbeaten_points() {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        //                         0   1   2   3   4   5    6    7
        const std::vector<double> x{10, 20, 20, 30, 40, 10, nan, 5};
        const std::vector<double> y{.5, .2, .2, .3, .0, .5, 0, nan};
        // 5 equals 0 (only the first is listed), 2 equals 1, 3 is beaten by 1, NaN never counts.
        QCOMPARE(experiment::pareto_front(x, y), (std::vector<std::size_t>{0, 1, 4}));
        QVERIFY(experiment::pareto_front({}, {}).empty());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, experiment::pareto_front({1}, {}));
    }
};

GATETUNE_QTEST_GUILESS_MAIN(TestHtmlPage)
#include "test_html_page.moc"
