// Trace files: good CSV and JSONL (every header order, comments, optional columns), stable
// sorting, every kind of mistake with its exact file:line and message, the cap on reported
// problems, and the shipped presets/traces/burst.csv.
#include "qtest_suite.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "qtest_std_string.hpp"
#include "sim/trace.hpp"

using namespace gatetune::sim;

namespace {

// The message of the TraceError that parsing throws, or "(no error)".
std::string error_of(std::string_view text, TraceFormat format = TraceFormat::Csv, const std::string& source = "t.csv") {
    try {
        parse_trace(text, format, source);
    } catch (const TraceError& e) {
        return e.what();
    }
    return "(no error)";
}

std::string load_error(const std::string& path) {
    try {
        load_trace(path);
    } catch (const TraceError& e) {
        return e.what();
    }
    return "(no error)";
}

bool same(const TraceRow& a, const TraceRow& b) {
    return a.t == b.t && a.input_tokens == b.input_tokens && a.output_tokens == b.output_tokens && a.api_key == b.api_key &&
           a.stream == b.stream;
}

}  // namespace

class TestTrace : public QObject {
    Q_OBJECT

private slots:
    void goodCsv() {
        const auto rows = parse_trace("\xEF\xBB\xBF# recorded 2024-06-01\r\n"
                                      "t,input_tokens,output_tokens\r\n"
                                      "\r\n"
                                      "0,664,2\r\n"
                                      "  0.5 , 2280 , 55   # the second call\r\n"
                                      "1e1,3737,321",
                                      TraceFormat::Csv, "t.csv");
        QCOMPARE(rows.size(), std::size_t{3});
        QVERIFY(same(rows[0], {0, 664, 2, -1, std::nullopt}));
        QVERIFY(same(rows[1], {0.5, 2280, 55, -1, std::nullopt}));
        QVERIFY(same(rows[2], {10, 3737, 321, -1, std::nullopt}));
    }

    void csvOptionalColumns() {
        const auto rows = parse_trace("t,input_tokens,output_tokens,api_key,stream\n"
                                      "1,10,20,3,true\n"
                                      "2,10,20,,FALSE\n"
                                      "3,10,20,0,1\n"
                                      "4,10,20,7,0\n"
                                      "5,10,20,\"2\",\n",
                                      TraceFormat::Csv, "t.csv");
        QCOMPARE(rows.size(), std::size_t{5});
        QVERIFY(same(rows[0], {1, 10, 20, 3, true}));
        QVERIFY(same(rows[1], {2, 10, 20, -1, false}));  // an empty cell: not given
        QVERIFY(same(rows[2], {3, 10, 20, 0, true}));
        QVERIFY(same(rows[3], {4, 10, 20, 7, false}));
        QVERIFY(same(rows[4], {5, 10, 20, 2, std::nullopt}));
    }

    // Every order of all five columns, and of the three required ones, reads the same rows.
    void csvHeaderPermutations() {
        const std::vector<std::pair<std::string, std::string>> all = {
            {"t", "2.5"}, {"input_tokens", "664"}, {"output_tokens", "2"}, {"api_key", "4"}, {"stream", "true"}};
        for (const std::size_t n : {std::size_t{3}, std::size_t{5}}) {
            std::array<std::size_t, 5> order{0, 1, 2, 3, 4};
            int permutations = 0;
            do {
                std::string header;
                std::string row;
                for (std::size_t i = 0; i < n; ++i) {
                    header += (i ? "," : "") + all[order[i]].first;
                    row += (i ? "," : "") + all[order[i]].second;
                }
                const auto rows = parse_trace(header + "\n" + row + "\n", TraceFormat::Csv, "t.csv");
                const TraceRow expected = n == 5 ? TraceRow{2.5, 664, 2, 4, true} : TraceRow{2.5, 664, 2, -1, std::nullopt};
                QVERIFY2(rows.size() == 1 && same(rows[0], expected), header.c_str());
                ++permutations;
            } while (std::next_permutation(order.begin(), order.begin() + static_cast<long>(n)));
            QCOMPARE(permutations, n == 5 ? 120 : 6);
        }
        // Spreadsheet style: quoted, capitalised names.
        const auto rows = parse_trace("\"T\",\"Output_Tokens\",\"Input_Tokens\"\n1,2,3\n", TraceFormat::Csv, "t.csv");
        QVERIFY(same(rows.at(0), {1, 3, 2, -1, std::nullopt}));
    }

    void goodJsonl() {
        const auto rows = parse_trace("# one object per line\n"
                                      "{\"t\": 0, \"input_tokens\": 664, \"output_tokens\": 2}\n"
                                      "\n"
                                      "  {\"output_tokens\": 55, \"t\": 0.25, \"input_tokens\": 2280, \"api_key\": 1, \"stream\": true}\r\n"
                                      "{\"t\": 1, \"input_tokens\": 3737, \"output_tokens\": 321, \"api_key\": null, \"stream\": 0}\n",
                                      TraceFormat::Jsonl, "t.jsonl");
        QCOMPARE(rows.size(), std::size_t{3});
        QVERIFY(same(rows[0], {0, 664, 2, -1, std::nullopt}));
        QVERIFY(same(rows[1], {0.25, 2280, 55, 1, true}));
        QVERIFY(same(rows[2], {1, 3737, 321, -1, false}));
    }

    // Sorted by t; rows with the same t keep their file order.
    void rowsAreSortedStably() {
        const auto rows = parse_trace("t,input_tokens,output_tokens,api_key\n"
                                      "5,1,1,0\n"
                                      "1,1,1,1\n"
                                      "5,1,1,2\n"
                                      "0,1,1,3\n"
                                      "5,1,1,4\n",
                                      TraceFormat::Csv, "t.csv");
        std::vector<int> keys;
        for (const TraceRow& r : rows) keys.push_back(r.api_key);
        QCOMPARE(keys, (std::vector<int>{3, 1, 0, 2, 4}));
    }

    // ---- errors: every bad cell of every row, at its line ----------------------------------

    void csvBadCells() {
        QCOMPARE(error_of("# header next\n"
                          "t,input_tokens,output_tokens,api_key,stream\n"
                          "0,664,2,,\n"
                          "abc,664,2,,\n"
                          "-1,664,2,,\n"
                          "inf,664,2,,\n"
                          "1,0,2,,\n"
                          "1,12.5,2,,\n"
                          "1,664,x,,\n"
                          "1,664,20000000,,\n"
                          "1,664,2,-1,\n"
                          "1,664,2,1.5,\n"
                          "1,664,2,,yes\n"
                          "1,664,2,,2\n"
                          ",664,,,\n"
                          "1,664,2\n"
                          "1,664,2,0,true,9\n"
                          "-5,0,0,0,maybe\n"),
                 std::string("t.csv:4: t: \"abc\" is not a number (allowed: seconds 0 to 1000000000)\n"
                             "t.csv:5: t: -1 is out of range (allowed: seconds 0 to 1000000000)\n"
                             "t.csv:6: t: \"inf\" is not a number (allowed: seconds 0 to 1000000000)\n"
                             "t.csv:7: input_tokens: 0 is out of range (allowed: integer 1 to 10000000)\n"
                             "t.csv:8: input_tokens: 12.5 is not an integer (allowed: integer 1 to 10000000)\n"
                             "t.csv:9: output_tokens: \"x\" is not a number (allowed: integer 1 to 10000000)\n"
                             "t.csv:10: output_tokens: 20000000 is out of range (allowed: integer 1 to 10000000)\n"
                             "t.csv:11: api_key: -1 is out of range (allowed: integer 0 to 1000000)\n"
                             "t.csv:12: api_key: 1.5 is not an integer (allowed: integer 0 to 1000000)\n"
                             "t.csv:13: stream: \"yes\" is not a boolean (allowed: true, false, 1 or 0)\n"
                             "t.csv:14: stream: 2 is not a boolean (allowed: true, false, 1 or 0)\n"
                             "t.csv:15: t: missing (allowed: seconds 0 to 1000000000)\n"
                             "t.csv:15: output_tokens: missing (allowed: integer 1 to 10000000)\n"
                             "t.csv:16: expected 5 fields (t, input_tokens, output_tokens, api_key, stream), got 3\n"
                             "t.csv:17: expected 5 fields (t, input_tokens, output_tokens, api_key, stream), got 6\n"
                             "t.csv:18: t: -5 is out of range (allowed: seconds 0 to 1000000000)\n"
                             "t.csv:18: input_tokens: 0 is out of range (allowed: integer 1 to 10000000)\n"
                             "t.csv:18: output_tokens: 0 is out of range (allowed: integer 1 to 10000000)\n"
                             "t.csv:18: stream: \"maybe\" is not a boolean (allowed: true, false, 1 or 0)"));
    }

    void csvBadHeader() {
        QCOMPARE(error_of("t,input_tokens,output_token,user\n1,2,3,4\n"),
                 std::string("t.csv:1: unknown column \"output_token\" (allowed: t, input_tokens, output_tokens, api_key, "
                             "stream)\n"
                             "t.csv:1: unknown column \"user\" (allowed: t, input_tokens, output_tokens, api_key, stream)\n"
                             "t.csv:1: missing column output_tokens (the header needs t, input_tokens and output_tokens; "
                             "api_key and stream are optional)"));
        QCOMPARE(error_of("\n# no header\n0.5,664,2\n1,2280,55\n"),
                 std::string("t.csv:3: expected a header line naming the columns (t, input_tokens, output_tokens, and "
                             "optionally api_key and stream, in any order), got a row of values"));
        QCOMPARE(error_of("t,input_tokens,t,output_tokens\n"), std::string("t.csv:1: column t appears twice"));
        QCOMPARE(error_of("t,input_tokens,output_tokens,\n"),
                 std::string("t.csv:1: unknown column \"\" (allowed: t, input_tokens, output_tokens, api_key, stream)"));
        QCOMPARE(error_of("# only a comment\n\n"),
                 std::string("t.csv: empty file: expected a header line such as t,input_tokens,output_tokens"));
        QCOMPARE(error_of("t,input_tokens,output_tokens\n# no rows\n"),
                 std::string("t.csv: the trace has no rows (it needs at least one request)"));
    }

    void jsonlBadLines() {
        QCOMPARE(error_of("{\"t\": 0, \"input_tokens\": 664, \"output_tokens\": 2}\n"
                          "{\"t\": 0, \"input_tokens\": 664, \"output_tokens\": 2\n"
                          "[0, 664, 2]\n"
                          "{\"t\": 0, \"input_tokens\": 664, \"output_tokens\": 2, \"user\": \"a\"}\n"
                          "{\"t\": \"0\", \"input_tokens\": 664.0, \"output_tokens\": true}\n"
                          "{\"input_tokens\": 664}\n"
                          "{\"t\": 1, \"input_tokens\": 664, \"output_tokens\": 2, \"api_key\": \"k1\", \"stream\": \"yes\"}\n"
                          "{\"t\": 1e10, \"input_tokens\": 18446744073709551615, \"output_tokens\": 2, \"stream\": 2}\n"
                          "nonsense\n",
                          TraceFormat::Jsonl, "t.jsonl"),
                 std::string("t.jsonl:2: invalid JSON at column 49: syntax error while parsing object - unexpected "
                             "end of input; expected '}'\n"
                             "t.jsonl:3: expected a JSON object such as {\"t\": 0.5, \"input_tokens\": 664, "
                             "\"output_tokens\": 2}, got [0,664,2]\n"
                             "t.jsonl:4: unknown field \"user\" (allowed: t, input_tokens, output_tokens, api_key, stream)\n"
                             "t.jsonl:5: t: \"0\" is not a number (allowed: seconds 0 to 1000000000)\n"
                             "t.jsonl:5: input_tokens: 664.0 is not an integer (allowed: integer 1 to 10000000)\n"
                             "t.jsonl:5: output_tokens: true is not a number (allowed: integer 1 to 10000000)\n"
                             "t.jsonl:6: t: missing (allowed: seconds 0 to 1000000000)\n"
                             "t.jsonl:6: output_tokens: missing (allowed: integer 1 to 10000000)\n"
                             "t.jsonl:7: api_key: \"k1\" is not a number (allowed: integer 0 to 1000000)\n"
                             "t.jsonl:7: stream: \"yes\" is not a boolean (allowed: true, false, 1 or 0)\n"
                             "t.jsonl:8: t: 10000000000.0 is out of range (allowed: seconds 0 to 1000000000)\n"
                             "t.jsonl:8: input_tokens: 18446744073709551615 is not an integer (allowed: integer 1 to "
                             "10000000)\n"
                             "t.jsonl:8: stream: 2 is not a boolean (allowed: true, false, 1 or 0)\n"
                             "t.jsonl:9: invalid JSON at column 2: syntax error while parsing value - invalid literal; "
                             "last read: 'no'"));
    }

    // A number beyond a double is a problem of its line, like a syntax error (fuzzing found that
    // nlohmann reports it as out_of_range, which used to escape as an unexpected exception).
    void jsonlNumberOverflow() {
        QCOMPARE(error_of("{\"t\": 1e400, \"input_tokens\": 1, \"output_tokens\": 1}\n"
                          "{\"t\": 0, \"input_tokens\": -1e999, \"output_tokens\": 1}\n",
                          TraceFormat::Jsonl, "t.jsonl"),
                 std::string("t.jsonl:1: invalid JSON: number overflow parsing '1e400' (numbers must fit a double)\n"
                             "t.jsonl:2: invalid JSON: number overflow parsing '-1e999' (numbers must fit a double)"));
    }

    // At most kMaxTraceIssues are listed; the rest are counted.
    void manyProblemsAreCapped() {
        std::string text = "t,input_tokens,output_tokens\n";
        for (int i = 0; i < 25; ++i) text += "-1,5,5\n";
        try {
            parse_trace(text, TraceFormat::Csv, "many.csv");
            QFAIL("no error");
        } catch (const TraceError& e) {
            QCOMPARE(e.issues().size(), kMaxTraceIssues);
            QCOMPARE(e.more(), std::size_t{5});
            QCOMPARE(e.file(), std::string("many.csv"));
            QCOMPARE(e.line(), 2);
            QCOMPARE(e.issues().back().line, 21);
            const std::string what = e.what();
            QCOMPARE(std::count(what.begin(), what.end(), '\n'), 20L);
            QVERIFY(what.ends_with("\nmany.csv:21: t: -1 is out of range (allowed: seconds 0 to 1000000000)\n… and 5 more problems"));
        }
    }

    // ---- files ----------------------------------------------------------------------------------

    void formatFromExtension() {
        QVERIFY(trace_format_of("a/b.csv") == TraceFormat::Csv);
        QVERIFY(trace_format_of("B.CSV") == TraceFormat::Csv);
        QVERIFY(trace_format_of("x.jsonl") == TraceFormat::Jsonl);
        QVERIFY(trace_format_of("x.NDJSON") == TraceFormat::Jsonl);
        QVERIFY(!trace_format_of("x.json"));
        QVERIFY(!trace_format_of("x.csv.gz"));
        QVERIFY(!trace_format_of("dir.csv/trace"));
        QVERIFY(!trace_format_of("csv"));
    }

    void loadFromFiles() {
        const auto dir = std::filesystem::temp_directory_path() / "gatetune_test_trace";
        std::filesystem::create_directories(dir);
        const std::string jsonl = (dir / "calls.ndjson").string();
        std::ofstream(jsonl) << "{\"t\": 2, \"input_tokens\": 5, \"output_tokens\": 6}\n{\"t\": 1, \"input_tokens\": 3, \"output_tokens\": 4}\n";
        const auto rows = load_trace(jsonl);
        QCOMPARE(rows.size(), std::size_t{2});
        QVERIFY(same(rows[0], {1, 3, 4, -1, std::nullopt}));
        const std::string bad = (dir / "bad.CSV").string();
        std::ofstream(bad) << "t,input_tokens,output_tokens\n1,2\n";
        QCOMPARE(load_error(bad), bad + ":2: expected 3 fields (t, input_tokens, output_tokens), got 2");
        const std::string txt = (dir / "calls.txt").string();
        std::ofstream(txt) << "t,input_tokens,output_tokens\n1,2,3\n";
        QCOMPARE(load_error(txt), txt + ": unknown trace format (allowed extensions: .csv, .jsonl, .ndjson)");
        const std::string missing = (dir / "missing.csv").string();
        QCOMPARE(load_error(missing), missing + ": cannot open the trace file");
        std::filesystem::remove_all(dir);
    }

    // The shipped burst: a trickle over 120 s with a burst of long calls from one key around 60 s.
    void shippedBurstTrace() {
        const auto rows = load_trace(std::string(GATETUNE_SOURCE_DIR) + "/presets/traces/burst.csv");
        QCOMPARE(rows.size(), std::size_t{300});
        QVERIFY(rows.front().t >= 0 && rows.back().t < 120);
        const auto burst = std::count_if(rows.begin(), rows.end(), [](const TraceRow& r) { return r.t >= 58 && r.t < 63; });
        const auto long_calls = std::count_if(rows.begin(), rows.end(), [](const TraceRow& r) { return r.api_key == 3; });
        QCOMPARE(long_calls, 120L);
        QVERIFY(burst >= 120 && burst < 135);
        QVERIFY(std::all_of(rows.begin(), rows.end(), [](const TraceRow& r) { return r.api_key >= 0 && r.api_key <= 3 && !r.stream; }));
    }
};

GATETUNE_QTEST_APPLESS_MAIN(TestTrace)
#include "test_trace.moc"
