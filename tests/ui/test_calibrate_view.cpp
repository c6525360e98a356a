// The Calibrate view (issue 22 item 3): a JSON Lines log written from known parameters
// (lognormal latency factor around a TTFT line, lognormal prompts, gamma completions, Poisson
// arrivals) is read in the background; the view lists every fitted quantity with each family's KS
// distance and the chosen one, charts the data's histogram with the families over it, says what
// the logs cannot identify; "Accept into preset" applies the calibrated values to the editor's
// preset as one undo step, and one undo restores the old values. A dropped log is calibrated;
// bad logs show file and line.
#include <QChart>
#include <QChartView>
#include <QFile>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QUrl>
#include "qtest_suite.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

#include "gui_fixture.hpp"
#include "sim/calibration/calibrated_preset.hpp"
#include "sim/preset/config_schema.hpp"
#include "ui/calibrate_view.hpp"
#include "ui/parameter_editor.hpp"
#include "ui/parameter_model.hpp"

using namespace gatetune;

namespace {

// The truth the log is drawn from (docs/MODEL.md §7): TTFT = (base + prompt / prefill) · F,
// decode = completion · tpot · F, F lognormal with mean 1.
constexpr double kTtftBase = 0.2;
constexpr double kPrefill = 5000;
constexpr double kTpot = 0.02;
constexpr double kSigma = 0.3;
constexpr double kRate = 10;
constexpr int kRequests = 6000;

std::string number(double v) { return QString::number(v, 'g', 10).toStdString(); }

bool writeFile(const QString& path, const std::string& text) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text.data(), static_cast<qint64>(text.size())) == static_cast<qint64>(text.size());
}

std::string knownLog() {
    std::mt19937_64 rng(22);
    std::exponential_distribution<double> gap(kRate);
    std::lognormal_distribution<double> factor(-kSigma * kSigma / 2, kSigma);
    std::lognormal_distribution<double> prompt(std::log(1000.0), 0.5);
    std::gamma_distribution<double> completion(2.0, 60.0);
    std::string out;
    double start = 0;
    for (int i = 0; i < kRequests; ++i) {
        start += gap(rng);
        const double f = factor(rng);
        const double p = std::max(1.0, std::round(prompt(rng)));
        const double c = std::max(1.0, std::round(completion(rng)));
        const double ttft = (kTtftBase + p / kPrefill) * f;
        const double latency = ttft + c * kTpot * f;
        out += "{\"start\": " + number(start) + ", \"status\": 200, \"latency_ms\": " + number(latency * 1e3) + ", \"ttft_ms\": " +
               number(ttft * 1e3) + ", \"prompt_tokens\": " + number(p) + ", \"completion_tokens\": " + number(c) +
               ", \"model\": \"m\"}\n";
    }
    return out;
}

bool nearRel(double got, double want, double tol) { return std::fabs(got - want) <= tol * std::fabs(want); }

bool waitForCalibration(ui::CalibrateView& view, int before) {
    return QTest::qWaitFor([&] { return view.calibrationsFinished() > before && !view.running(); }, 120000);
}

// The fits table's rows of one quantity (its label stands in the first of them).
QList<int> rowsOf(const QStandardItemModel* m, const QString& label) {
    QList<int> rows;
    int r = 0;
    while (r < m->rowCount() && m->item(r, ui::CalibrateView::Quantity)->text() != label) ++r;
    if (r < m->rowCount()) rows << r++;
    while (r < m->rowCount() && m->item(r, ui::CalibrateView::Quantity)->text().isEmpty()) rows << r++;
    return rows;
}

QString editorValue(ui::MainWindow& w, const QString& key) {
    return w.editor()->model()->indexOf(key).data().toString();
}

}  // namespace

class TestCalibrateView : public QObject {
    Q_OBJECT
private slots:
    void calibratesAKnownLogAndAcceptsIntoThePresetAsOneUndoStep() {
        test::GuiFixture f;
        QVERIFY(f.open(QStringLiteral("seed-incident.toml")));
        ui::MainWindow& w = *f.window;
        ui::CalibrateView& view = *w.calibrate();
        w.tabs()->setCurrentWidget(&view);
        QTemporaryDir dir;
        const QString log = dir.filePath(QStringLiteral("requests.jsonl"));
        QVERIFY(writeFile(log, knownLog()));

        view.setLogFiles({log});
        QVERIFY(!view.acceptButton()->isEnabled());
        const int before = view.calibrationsFinished();
        view.start();
        QVERIFY(view.running());
        QVERIFY(waitForCalibration(view, before));
        QVERIFY2(view.outcome() && view.outcome()->ok(), qPrintable(view.message()->text()));
        const sim::calibration::Calibration& c = view.outcome()->calibration;
        QCOMPARE(c.requests, std::uint64_t(kRequests));
        QVERIFY2(view.message()->text().startsWith(QStringLiteral("%1 requests from ").arg(kRequests)), qPrintable(view.message()->text()));

        // Every fitted quantity of the library's report, in its order, with each family's KS
        // distance as the library computed it and the chosen family marked.
        const auto& quantities = view.quantities();
        QVERIFY(quantities.size() >= 4);
        QCOMPARE(quantities[0].label, std::string("latency factor (TTFT, m)"));
        QStringList labels;
        for (const auto& q : quantities) labels << QString::fromStdString(q.label);
        QVERIFY(labels.contains(QStringLiteral("prompt tokens")));
        QVERIFY(labels.contains(QStringLiteral("completion tokens")));
        QVERIFY(labels.contains(QStringLiteral("inter-arrival s")));
        const QStandardItemModel* fits = view.fits();
        for (const auto& q : quantities) {
            QVERIFY2(q.fit, q.label.c_str());
            const QList<int> rows = rowsOf(fits, QString::fromStdString(q.label));
            QCOMPARE(rows.size(), static_cast<qsizetype>(q.fit->candidates.size() + (q.fit->empirical ? 1 : 0)));
            int chosen = 0;
            for (std::size_t k = 0; k < q.fit->candidates.size(); ++k) {
                const auto& family = q.fit->candidates[k];
                const int r = rows[static_cast<qsizetype>(k)];
                QCOMPARE(fits->item(r, ui::CalibrateView::Family)->text(), QString::fromUtf8(family.distribution.kind_name().data()));
                QCOMPARE(fits->item(r, ui::CalibrateView::Ks)->text(), QString::number(family.ks, 'f', 4));
                if (fits->item(r, ui::CalibrateView::Chosen)->text() == QStringLiteral("chosen")) {
                    ++chosen;
                    QVERIFY(family.distribution == q.fit->chosen);
                    QVERIFY(fits->item(r, ui::CalibrateView::Family)->font().bold());
                }
            }
            QCOMPARE(chosen + (q.fit->empirical ? 1 : 0), 1);
        }
        // The truth's families come out: a lognormal latency factor and lognormal prompts.
        const auto& factor = *quantities[0].fit;
        QCOMPARE(factor.chosen.kind_name(), std::string_view("lognormal"));
        const QList<int> factorRows = rowsOf(fits, QStringLiteral("latency factor (TTFT, m)"));
        QCOMPARE(fits->item(factorRows[0], ui::CalibrateView::Family)->text(), QStringLiteral("lognormal"));
        QCOMPARE(fits->item(factorRows[0], ui::CalibrateView::Chosen)->text(), QStringLiteral("chosen"));
        QVERIFY(factor.candidates[0].ks <= factor.ks_critical);

        // The selected quantity's charts: the data's bars and one line per family, the chosen one named so.
        QCOMPARE(view.selectedQuantity(), 0);
        QChart* histogram = view.histogram()->chart();
        QVERIFY(histogram->title().startsWith(QStringLiteral("latency factor (TTFT, m)")));
        int families = 0;
        bool data = false, chosenLegend = false;
        for (QAbstractSeries* s : histogram->series()) {
            data |= s->objectName() == QStringLiteral("data");
            if (s->objectName().startsWith(QStringLiteral("family:"))) {
                ++families;
                chosenLegend |= s->name() == QStringLiteral("lognormal (KS %1) — chosen").arg(factor.candidates[0].ks, 0, 'f', 4);
            }
        }
        QVERIFY(data);
        QCOMPARE(families, static_cast<int>(factor.candidates.size()));
        QVERIFY(chosenLegend);
        QCOMPARE(view.cdf()->chart()->series().size(), static_cast<qsizetype>(factor.candidates.size() + 1));
        view.selectQuantity(1);
        QCOMPARE(view.selectedQuantity(), 1);
        QVERIFY(view.histogram()->chart()->title().startsWith(QString::fromStdString(quantities[1].label)));

        // What the logs cannot identify, said plainly: no 429s, nothing queued.
        QVERIFY2(view.notIdentified()->text().contains(QStringLiteral("rate limits (RPM/TPM)")), qPrintable(view.notIdentified()->text()));

        // Accept: the calibrated values go into the editor's preset as one undo step.
        const sim::Config old = w.document()->config();
        const auto expected = sim::calibration::calibrated_preset(c, old);
        QVERIFY(view.changes()->rowCount() >= 5);
        QVERIFY(view.acceptButton()->isEnabled());
        QUndoStack* undo = w.document()->undoStack();
        const int steps = undo->count();
        const int changed = view.acceptIntoPreset();
        QVERIFY(changed >= 5);
        QCOMPARE(undo->count(), steps + 1);
        const sim::Config& now = w.document()->config();
        for (const auto& change : expected.changes) {
            const sim::KeySpec* key = sim::find_key(change.key);
            QVERIFY(key);
            QVERIFY2(sim::values_equal(key->get(now), key->get(expected.config)), change.key.c_str());
        }
        // … within tolerance of the truth (F has mean 1, so the base and rates are the truth's).
        QVERIFY2(nearRel(now.upstream.ttft_base, kTtftBase, 0.10), qPrintable(QString::number(now.upstream.ttft_base)));
        QVERIFY2(nearRel(now.upstream.prefill_tokens_per_s, kPrefill, 0.15), qPrintable(QString::number(now.upstream.prefill_tokens_per_s)));
        QVERIFY2(nearRel(now.upstream.time_per_output_token, kTpot, 0.05), qPrintable(QString::number(now.upstream.time_per_output_token)));
        QCOMPARE(now.upstream.latency_factor.kind_name(), std::string_view("lognormal"));
        QVERIFY2(nearRel(now.workload.rate, kRate, 0.05), qPrintable(QString::number(now.workload.rate)));
        QVERIFY(w.document()->runnable());
        // The editor shows the new values; nothing is left to accept.
        QCOMPARE(editorValue(w, QStringLiteral("upstream.ttft_base")), QString::fromStdString(sim::format_value(now, *sim::find_key("upstream.ttft_base"))));
        QCOMPARE(editorValue(w, QStringLiteral("upstream.latency_factor")),
                 QString::fromStdString(sim::format_value(now, *sim::find_key("upstream.latency_factor"))));
        QVERIFY(!view.acceptButton()->isEnabled());

        // One undo restores every old value.
        undo->undo();
        for (const auto& change : expected.changes) {
            const sim::KeySpec* key = sim::find_key(change.key);
            QVERIFY2(sim::values_equal(key->get(w.document()->config()), key->get(old)), change.key.c_str());
        }
        QCOMPARE(editorValue(w, QStringLiteral("upstream.ttft_base")), QString::fromStdString(sim::format_value(old, *sim::find_key("upstream.ttft_base"))));
        QVERIFY(view.acceptButton()->isEnabled());
    }

    // A log dropped on the view is added to its list and calibrated.
    void droppedLogIsCalibrated() {
        test::GuiFixture f;
        ui::CalibrateView& view = *f.window->calibrate();
        QTemporaryDir dir;
        const QString log = dir.filePath(QStringLiteral("dropped.jsonl"));
        QVERIFY(writeFile(log, knownLog()));
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(log)});
        const QPointF at(10, 10);
        QDragEnterEvent enter(at.toPoint(), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&view, &enter);
        QVERIFY(enter.isAccepted());
        const int before = view.calibrationsFinished();
        QDropEvent drop(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&view, &drop);
        QCOMPARE(view.logFiles(), QStringList{log});
        QVERIFY(waitForCalibration(view, before));
        QVERIFY2(view.outcome() && view.outcome()->ok(), qPrintable(view.message()->text()));
        QCOMPARE(view.outcome()->calibration.requests, std::uint64_t(kRequests));

        // Something that is not a file is refused.
        QMimeData text;
        text.setText(QStringLiteral("not a file"));
        QDragEnterEvent refused(at.toPoint(), Qt::CopyAction, &text, Qt::LeftButton, Qt::NoModifier);
        refused.ignore();
        QCoreApplication::sendEvent(&view, &refused);
        QVERIFY(!refused.isAccepted());
    }

    // Unreadable logs: the reader's file:line message in the view, nothing to accept, no crash.
    void badLogsShowFileAndLine() {
        test::GuiFixture f;
        ui::CalibrateView& view = *f.window->calibrate();
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("bad.jsonl"));
        std::string text;
        for (int i = 0; i < 30; ++i) text += "{\"start\": " + std::to_string(i) + ", \"status\": 200, \"latency_ms\": 120}\n";
        text += "{\"start\": 31, \"status\": 200, \"latency_ms\": \n";  // line 31: cut off
        text += "not json at all\n";                                    // line 32
        QVERIFY(writeFile(bad, text));
        view.setLogFiles({bad});
        int before = view.calibrationsFinished();
        view.start();
        QVERIFY(waitForCalibration(view, before));
        QVERIFY(view.outcome() && !view.outcome()->ok());
        const QString message = view.message()->text();
        QVERIFY2(message.contains(QStringLiteral("bad.jsonl:31")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("bad.jsonl:32")), qPrintable(message));
        QVERIFY(view.quantities().empty());
        QVERIFY(!view.acceptButton()->isEnabled());

        // An empty file and a missing one: refused with the file's name.
        const QString empty = dir.filePath(QStringLiteral("empty.jsonl"));
        QVERIFY(writeFile(empty, std::string()));
        view.setLogFiles({empty});
        before = view.calibrationsFinished();
        view.start();
        QVERIFY(waitForCalibration(view, before));
        QVERIFY(view.outcome() && !view.outcome()->ok());
        QVERIFY2(view.message()->text().contains(QStringLiteral("empty.jsonl")), qPrintable(view.message()->text()));
        view.setLogFiles({dir.filePath(QStringLiteral("missing.jsonl"))});
        before = view.calibrationsFinished();
        view.start();
        QVERIFY(waitForCalibration(view, before));
        QVERIFY2(view.message()->text().contains(QStringLiteral("missing.jsonl")), qPrintable(view.message()->text()));
    }
};

GATETUNE_QTEST_MAIN(TestCalibrateView)
#include "test_calibrate_view.moc"
