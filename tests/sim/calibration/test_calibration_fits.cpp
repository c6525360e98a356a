// sim/calibration: the pieces of `gatetune calibrate` on data whose answer is known — family fits
// on samples drawn from each family, the straight-line fits, the log readers (every format, bad
// lines with their numbers, out-of-order starts, empty logs) and the slot and rate-limit
// inference on constructed traffic.
#include "qtest_suite.hpp"

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/distribution.hpp"
#include "sim/calibration/calibration.hpp"
#include "sim/calibration/family_fit.hpp"
#include "sim/calibration/linear_fit.hpp"
#include "sim/calibration/log_reader.hpp"

using namespace gatetune;
using namespace gatetune::sim::calibration;
using engine::Distribution;

namespace {

std::vector<double> draw(const Distribution& d, int n, std::uint64_t seed) {
    engine::Rng rng(seed);
    std::vector<double> out(static_cast<std::size_t>(n));
    for (double& x : out) x = d.sample(rng);
    std::sort(out.begin(), out.end());
    return out;
}

bool near_rel(double got, double want, double tol) { return std::fabs(got - want) <= tol * std::fabs(want); }

#define VERIFY_NEAR_REL(got, want, tol) \
    QVERIFY2(near_rel((got), (want), (tol)), qPrintable(QString("%1 = %2, expected %3 ± %4 %").arg(#got).arg(got).arg(want).arg((tol) * 100)))

struct Collected {
    std::vector<LogRecord> records;
    std::vector<std::string> models;
    ReadStats stats;
};

Collected read(const std::string& text, const std::string& name = "log", LogFormat f = LogFormat::Auto) {
    Collected c;
    c.stats = read_log_text(text, name, f, [&](const LogRecord& r) {
        c.records.push_back(r);
        c.models.emplace_back(r.model);
    });
    return c;
}

QString thrown(const std::function<void()>& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

}  // namespace

class TestCalibrationFits : public QObject {
    Q_OBJECT

private slots:
    // Each family's maximum-likelihood fit recovers the parameters it was drawn with, and the
    // likelihood ranks the true family first.
    void familiesRecoverTheirParameters() {
        const auto ln = fit_quantity(draw(Distribution::lognormal(-0.5, 0.4), 20000, 1));
        QVERIFY(ln && !ln->empirical);
        QCOMPARE(ln->chosen.kind_name(), std::string_view("lognormal"));
        const auto& l = std::get<Distribution::LogNormal>(ln->chosen.params());
        QVERIFY(std::fabs(l.mu + 0.5) < 0.01);
        VERIFY_NEAR_REL(l.sigma, 0.4, 0.02);

        const auto ga = fit_quantity(draw(Distribution::gamma(2.5, 0.3), 20000, 2));
        QVERIFY(ga && !ga->empirical);
        QCOMPARE(ga->chosen.kind_name(), std::string_view("gamma"));
        VERIFY_NEAR_REL(std::get<Distribution::Gamma>(ga->chosen.params()).shape, 2.5, 0.04);
        VERIFY_NEAR_REL(std::get<Distribution::Gamma>(ga->chosen.params()).scale, 0.3, 0.04);

        const auto wb = fit_quantity(draw(Distribution::weibull(0.8, 2.0), 20000, 3));
        QVERIFY(wb && !wb->empirical);
        QCOMPARE(wb->chosen.kind_name(), std::string_view("weibull"));
        VERIFY_NEAR_REL(std::get<Distribution::Weibull>(wb->chosen.params()).shape, 0.8, 0.03);
        VERIFY_NEAR_REL(std::get<Distribution::Weibull>(wb->chosen.params()).scale, 2.0, 0.03);
        // The true family sits within the KS test's critical value; the worst family does not.
        QVERIFY(wb->chosen_ks < wb->ks_critical);
        QVERIFY(wb->candidates.back().ks > wb->ks_critical);
    }

    // A two-humped sample fits no family: the empirical distribution is chosen, and it is close.
    void bimodalFallsBackToEmpirical() {
        std::vector<double> x = draw(Distribution::normal(1.0, 0.05), 5000, 4);
        const std::vector<double> y = draw(Distribution::normal(3.0, 0.05), 5000, 5);
        x.insert(x.end(), y.begin(), y.end());
        std::sort(x.begin(), x.end());
        const auto q = fit_quantity(x);
        QVERIFY(q);
        QVERIFY(q->empirical);
        QCOMPARE(q->chosen.kind_name(), std::string_view("empirical"));
        QVERIFY(q->chosen_ks < 0.02);
        QVERIFY(q->candidates.front().ks > q->ks_critical);
    }

    void ksDistance() {
        QCOMPARE(ks_distance({1.0, 2.0}, Distribution::uniform(0.0, 4.0)), 0.5);
        // Against its own CDF a sample's gap is at most one step.
        const auto s = draw(Distribution::exponential(1.0), 1000, 6);
        QVERIFY(ks_distance(s, Distribution::exponential(1.0)) < 0.05);
        QVERIFY(ks_distance(s, Distribution::exponential(3.0)) > 0.3);
        QVERIFY(!fit_quantity({1.0, 2.0, 3.0}));  // too few values
    }

    void linearFits() {
        LinearFit one;
        for (int x = 0; x < 100; ++x) one.add(x, 0.2 + 0.001 * x);
        QVERIFY(std::fabs((*one.solve1())[0] - 0.2) < 1e-9);
        QVERIFY(std::fabs((*one.solve1())[1] - 0.001) < 1e-12);
        LinearFit two;
        for (int x = 0; x < 30; ++x) {
            for (int z = 0; z < 30; ++z) two.add(x * 10, 0.1 + 0.0002 * x * 10 + 0.02 * z, z);
        }
        const auto p = two.solve2();
        QVERIFY(p);
        QVERIFY(std::fabs((*p)[0] - 0.1) < 1e-9 && std::fabs((*p)[1] - 0.0002) < 1e-12 && std::fabs((*p)[2] - 0.02) < 1e-12);
        LinearFit flat;
        for (int i = 0; i < 10; ++i) flat.add(5, i);
        QVERIFY(!flat.solve1());  // x never varies: no slope
    }

    void readsJsonLinesCsvAndK6() {
        const auto j = read(
            "{\"start\": \"2024-05-01T12:00:00Z\", \"status\": 200, \"latency_ms\": 850, \"ttft_ms\": 120, \"prompt_tokens\": 900, "
            "\"completion_tokens\": 40, \"model\": \"m1\", \"session\": \"u1\"}\n"
            "{\"created\": 1714564801, \"model\": \"m2\", \"usage\": {\"prompt_tokens\": 10, \"completion_tokens\": 5, \"total_tokens\": 15}}\n"
            "{\"started_at_us\": 1714564802000000, \"status\": \"429\", \"latency_us\": 1500, \"ttft_us\": null}\n");
        QCOMPARE(j.stats.format, LogFormat::JsonLines);
        QCOMPARE(j.records.size(), std::size_t(3));
        QCOMPARE(*j.records[0].start_us, std::int64_t(1714564800000000));
        QCOMPARE(*j.records[0].latency_us, std::int64_t(850000));
        QCOMPARE(*j.records[0].ttft_us, std::int64_t(120000));
        QCOMPARE(*j.records[0].prompt_tokens, 900);
        QCOMPARE(j.models[0], std::string("m1"));
        QCOMPARE(j.records[1].status, std::string("200"));  // a response body with usage succeeded
        QCOMPARE(*j.records[1].completion_tokens, 5);
        QCOMPARE(*j.records[1].start_us, std::int64_t(1714564801000000));
        QCOMPARE(j.records[2].http_status, 429);
        QCOMPARE(*j.records[2].start_us, std::int64_t(1714564802000000));
        QVERIFY(!j.records[2].ttft_us);

        const auto c = read("# exported\nstart_s,status,latency_s,ttft_s,input_tokens,output_tokens,user\n0.5,200,1.25,0.3,100,20,-1\n1.0,ReadTimeout,5,,100,20,7\n");
        QCOMPARE(c.stats.format, LogFormat::Csv);
        QCOMPARE(c.records.size(), std::size_t(2));
        QCOMPARE(*c.records[0].ttft_us, std::int64_t(300000));
        QVERIFY(c.records[0].session.empty());  // user -1: an open-loop arrival, no session
        QCOMPARE(c.records[1].status, std::string("ReadTimeout"));
        QCOMPARE(c.records[1].http_status, 0);

        const auto k = read(
            "{\"type\":\"Metric\",\"data\":{\"name\":\"http_req_duration\",\"type\":\"trend\"},\"metric\":\"http_req_duration\"}\n"
            "{\"type\":\"Point\",\"data\":{\"time\":\"2024-05-01T12:00:00.5Z\",\"value\":512.5,\"tags\":{\"status\":\"200\",\"vu\":\"3\"}},\"metric\":\"http_req_duration\"}\n"
            "{\"type\":\"Point\",\"data\":{\"time\":\"2024-05-01T12:00:00.5Z\",\"value\":1,\"tags\":{\"status\":\"200\"}},\"metric\":\"http_reqs\"}\n");
        QCOMPARE(k.stats.format, LogFormat::K6);
        QCOMPARE(k.records.size(), std::size_t(1));
        QCOMPARE(*k.records[0].latency_us, std::int64_t(512500));
        QCOMPARE(k.stats.skipped, std::uint64_t(2));
    }

    // AWS ALB access logs: start from request_creation_time, latency from the three processing
    // times, the status the client got; an entry the target never answered has -1 times, and a
    // quoted user agent may hold spaces, commas and escaped quotes.
    void readsAlbAccessLogs() {
        const std::string tail = " \"POST https://api.example.com:443/v1/chat/completions HTTP/1.1\" \"python-httpx/0.27.0 (x, \\\"y\\\")\" "
                                 "ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:1:targetgroup/gw/7 "
                                 "\"Root=1-5\" \"api.example.com\" \"-\" 0 ";
        const auto a = read(
            "https 2024-05-01T12:00:02.500000Z app/lb/1 10.0.0.9:2817 10.0.1.1:8000 0.001 2.400 0.000 200 200 612 1843" + tail +
            "2024-05-01T12:00:00.099000Z \"forward\" \"-\" \"-\" \"10.0.1.1:8000\" \"200\" \"-\" \"-\"\n"
            "h2 2024-05-01T12:01:00.000000Z app/lb/1 10.0.0.9:2818 10.0.1.1:8000 0.000 -1 -1 502 - 612 0" + tail +
            "2024-05-01T12:00:59.000000Z \"forward\" \"-\" \"TargetResponseError\" \"10.0.1.1:8000\" \"-\" \"-\" \"-\"\n"
            "https 2024-05-01T12:01:01.000000Z app/lb/1 10.0.0.9:2819 10.0.1.1:8000 0.000 0.250 0.000 429 429 612 200 \"POST x HTTP/1.1\"\n");
        QCOMPARE(a.stats.format, LogFormat::Alb);
        QCOMPARE(a.stats.bad, std::uint64_t(0));
        QCOMPARE(a.records.size(), std::size_t(3));
        QCOMPARE(*a.records[0].start_us, std::int64_t(1714564800099000));
        QCOMPARE(*a.records[0].latency_us, std::int64_t(2401000));
        QCOMPARE(a.records[0].http_status, 200);
        QVERIFY(!a.records[0].ttft_us && !a.records[0].prompt_tokens);
        QCOMPARE(a.records[1].status, std::string("502"));
        QCOMPARE(*a.records[1].latency_us, std::int64_t(1000000));  // -1 times: time − request_creation_time
        QCOMPARE(a.records[2].http_status, 429);
        QCOMPARE(*a.records[2].latency_us, std::int64_t(250000));
        QCOMPARE(*a.records[2].start_us, std::int64_t(1714564861000000 - 250000));  // no creation time: time − latency
        // Given explicitly (--input-format alb), the same.
        QCOMPARE(read("http 2024-05-01T12:00:00Z a b:1 c:2 0 0 0 200 200 1 1 \"GET / HTTP/1.1\"\n", "log", LogFormat::Alb).records.size(), std::size_t(1));

        // Bad entries are counted with their line numbers, and the rest is read.
        const auto b = read(
            "http 2024-05-01T12:00:00Z a b:1 c:2 0 0.5 0 200 200 1 1 \"GET / HTTP/1.1\"\n"
            "http 2024-05-01T12:00:00Z a b:1 c:2 0 fast 0 200 200 1 1 \"GET / HTTP/1.1\"\n"
            "http 2024-05-01T12:00:00Z a b:1 c:2 0 0.5 0 2000 200 1 1 \"GET / HTTP/1.1\"\n"
            "http yesterday a b:1 c:2 0 0.5 0 200 200 1 1 \"GET / HTTP/1.1\"\n"
            "http 2024-05-01T12:00:00Z a b:1 c:2 0 0.5\n"
            "http 2024-05-01T12:00:00Z a b:1 c:2 0 0.5 0 200 200 1 1 \"GET / HTTP/1.1\n"
            "{\"status\": 200}\n"
            "http 2024-05-01T12:00:01Z a b:1 c:2 0 -2 0 200 200 1 1 \"GET / HTTP/1.1\"\n");
        QCOMPARE(b.stats.format, LogFormat::Alb);
        QCOMPARE(b.records.size(), std::size_t(1));
        QCOMPARE(b.stats.lines, std::uint64_t(8));
        QCOMPARE(b.stats.bad, std::uint64_t(7));
        const std::vector<std::pair<int, const char*>> want{{2, "log:2: field 7 (a processing time): \"fast\" is not seconds"},
                                                            {3, "log:3: elb_status_code: \"2000\""},
                                                            {4, "log:4: time: \"yesterday\" is not an ISO 8601 time"},
                                                            {5, "log:5: an ALB entry with 7 fields (allowed: at least 13"},
                                                            {6, "log:6: a quoted field is not closed"},
                                                            {7, "log:7: not an ALB access log entry"},
                                                            {8, "log:8: field 7 (a processing time): \"-2\""}};
        for (std::size_t i = 0; i < want.size(); ++i) {
            QCOMPARE(b.stats.first_bad[i].line, want[i].first);
            const QString got = QString::fromStdString(b.stats.first_bad[i].to_string());
            QVERIFY2(got.startsWith(QString::fromUtf8(want[i].second)), qPrintable(got));
        }
    }

    // The points of the CDF and QQ plots for a known sample: 1 … 250. At K = 100 probabilities
    // p_k = (k − ½)/100 the data's quantile is the ⌈250·p_k⌉-th value (= that value here) and its
    // CDF that rank / 250; each family's CDF is its cdf() there, and its quantile inverts its cdf.
    void fitPointsAtKnownQuantiles() {
        std::vector<double> sample;
        for (int i = 1; i <= 250; ++i) sample.push_back(i);
        const auto q = fit_quantity(sample);
        QVERIFY(q);
        const FitPoints& p = q->points;
        QCOMPARE(p.x.size(), std::size_t(100));
        QCOMPARE(p.p[0], 0.005);
        QCOMPARE(p.x[0], 2.0);            // ⌈1.25⌉ = 2
        QCOMPARE(p.data_cdf[0], 2.0 / 250);
        QCOMPARE(p.p[49], 0.495);
        QCOMPARE(p.x[49], 124.0);         // ⌈123.75⌉ = 124
        QCOMPARE(p.data_cdf[49], 124.0 / 250);
        QCOMPARE(p.x[99], 249.0);         // ⌈248.75⌉ = 249
        QCOMPARE(p.family_cdf.size(), q->candidates.size());
        QCOMPARE(q->candidates.size(), std::size_t(3));
        for (std::size_t c = 0; c < q->candidates.size(); ++c) {
            const auto& d = q->candidates[c].distribution;
            QCOMPARE(p.family_cdf[c][49], d.cdf(124.0));
            for (std::size_t k : {std::size_t(0), std::size_t(49), std::size_t(99)})
                QVERIFY(std::fabs(d.cdf(p.family_quantile[c][k]) - p.p[k]) < 1e-9);
        }
        // Fewer values than 100: one point per value, at p = (k − ½)/n.
        std::vector<double> small;
        for (int i = 1; i <= 30; ++i) small.push_back(i * 0.1);
        const FitPoints s = fit_quantity(small)->points;
        QCOMPARE(s.x.size(), std::size_t(30));
        QCOMPARE(s.x[0], 0.1);
        QCOMPARE(s.data_cdf[29], 1.0);
        // The lognormal's quantile at ½ is its median.
        const auto ln = fit_lognormal(sample);
        QVERIFY(ln);
        const auto* params = std::get_if<gatetune::engine::Distribution::LogNormal>(&ln->distribution.params());
        QVERIFY(params);
        VERIFY_NEAR_REL(quantile_of(ln->distribution, 0.5, 100), std::exp(params->mu), 1e-8);
    }

    // Reading goes block by block (4 MiB): lines across a block boundary are read whole.
    void readsAcrossBlockBoundaries() {
        std::string text;
        int lines = 0;
        while (text.size() < (9u << 20)) {
            text += "{\"start\": " + std::to_string(lines) + ", \"status\": 200, \"latency_ms\": " + std::to_string(100 + lines % 977) +
                    ", \"model\": \"" + std::string(static_cast<std::size_t>(lines % 53), 'm') + "\"}\n";
            ++lines;
        }
        std::int64_t sum = 0, want = 0;
        for (int i = 0; i < lines; ++i) want += (100 + i % 977) * 1000;
        const ReadStats s = read_log_text(text, "big", LogFormat::Auto, [&](const LogRecord& r) { sum += *r.latency_us; });
        QCOMPARE(s.records, std::uint64_t(lines));
        QCOMPARE(s.bad, std::uint64_t(0));
        QCOMPARE(sum, want);
    }

    // Bad lines are counted and named with their line numbers; reading goes on past them.
    void badLinesAreCountedWithLineNumbers() {
        const auto j = read("{\"status\": 200, \"latency\": 1}\nnot json at all\n\n{\"status\": \"abc\", \"latency\": 1}\n{\"status\": 200, \"latency\": -3}\n{\"latency\": 2}\n");
        QCOMPARE(j.records.size(), std::size_t(1));
        QCOMPARE(j.stats.lines, std::uint64_t(5));
        QCOMPARE(j.stats.bad, std::uint64_t(4));
        QCOMPARE(j.stats.first_bad[0].line, 2);
        QCOMPARE(j.stats.first_bad[1].line, 5 - 1);
        QVERIFY(QString::fromStdString(j.stats.first_bad[1].message).contains("status"));
        QCOMPARE(j.stats.first_bad[2].line, 5);
        QVERIFY(QString::fromStdString(j.stats.first_bad[2].message).contains("duration"));
        QCOMPARE(j.stats.first_bad[3].line, 6);
        QVERIFY(QString::fromStdString(j.stats.first_bad[3].to_string()).startsWith("log:6: status: missing"));
        const auto c = read("start,status,latency\n1,200,0.5\n2,200\n");
        QCOMPARE(c.stats.bad, std::uint64_t(1));
        QCOMPARE(c.stats.first_bad[0].line, 3);
    }

    void emptyAndForeignInputIsRefused() {
        QVERIFY(thrown([] { read("\n\n  \n"); }).contains("empty log"));
        QVERIFY(thrown([] { read("start,status,latency\n"); }).contains("empty log"));
        QVERIFY(thrown([] { read("hello world\n"); }).contains("unrecognised format"));
        QVERIFY(thrown([] { read(std::string("\x1f\x8b\x08", 3)); }).contains("gzip"));
        QVERIFY(thrown([] { read("a,b,c\n1,2,3\n"); }).contains("no known column"));
    }

    // Logs written at the end of each request list starts out of order; the reorder window puts
    // them back, so inter-arrival times are never negative and the rate is right.
    void outOfOrderStartsAreReordered() {
        std::string text = "start_s,status,latency_s\n";
        for (int i = 0; i < 1000; ++i) {
            const int j = i ^ 1;  // swap neighbours
            text += std::to_string(j * 0.1) + ",200," + std::to_string(0.05 + (j % 7) * 0.01) + "\n";
        }
        Calibrator c;
        c.add_read("log", read_log_text(text, "log", LogFormat::Auto, [&](const LogRecord& r) { c.add(r); }));
        const Calibration cal = c.finish();
        QCOMPARE(cal.timing.late, std::uint64_t(0));
        QCOMPARE(cal.timing.timed, std::uint64_t(1000));
        VERIFY_NEAR_REL(cal.timing.rate, 10.0, 0.001);
        QVERIFY(cal.timing.inter_arrival->sample > 0);
        QCOMPARE(cal.timing.arrival_kind, std::string("regular"));
    }

    // A constructed upstream with 6 slots: latency is flat up to 6 in flight, then grows with the queue.
    void slotsFromLatencyAgainstConcurrency() {
        UpstreamFit fit;
        fit.ttft_base = 1.0;
        std::vector<ConcurrencyLevel> levels(20);
        for (std::size_t c = 0; c < levels.size(); ++c) {
            const double latency = c < 6 ? 1.0 : 1.0 + 0.5 * static_cast<double>(c - 5);
            levels[c] = {100, 100 * latency, 0, 0};
        }
        const SlotsEstimate s = infer_slots(levels, fit);
        QVERIFY(s.found);
        QCOMPARE(*s.found, 6);
        for (auto& l : levels) l.latency = 100;
        const SlotsEstimate none = infer_slots(levels, fit);
        QVERIFY(!none.found);
        QVERIFY(QString::fromStdString(none.reason).contains("no request appears to have queued"));
    }

    // A rolling-minute limit of 30 requests at 1 request/s: every 429 comes when exactly 30 were admitted.
    void requestsPerMinuteFrom429Timing() {
        std::string text = "start_s,status,latency_s,prompt_tokens,completion_tokens\n";
        std::vector<double> admitted;
        for (int i = 0; i < 600; ++i) {
            const double t = i * 1.0;
            while (!admitted.empty() && admitted.front() <= t - 60) admitted.erase(admitted.begin());
            const bool limited = admitted.size() >= 30;
            if (!limited) admitted.push_back(t);
            text += std::to_string(t) + (limited ? ",429,0.01" : ",200,0.5") + ",100,50\n";
        }
        Calibrator c;
        c.add_read("log", read_log_text(text, "log", LogFormat::Auto, [&](const LogRecord& r) { c.add(r); }));
        const Calibration cal = c.finish();
        QVERIFY(cal.timing.rate_limited > 100);
        QVERIFY(cal.timing.rpm);
        QCOMPARE(cal.timing.rpm->value, 30.0);
        QCOMPARE(cal.timing.tpm->value, 30.0 * 150);
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestCalibrationFits)
#include "test_calibration_fits.moc"
