#pragma once
// The charts of one run, or of two runs overlaid (compare: the baseline dashed): the latency
// CDF and the time series the recorder samples — in-flight requests, the DB pool in total and
// per worker, DB server connections against max_connections, HTTP connections, the upstream's
// queue, and outcomes per second. They read the stored form of a run (history::RunRecord), so
// a run from the history is drawn exactly like the one just simulated.
#include <QWidget>

#include <optional>
#include <vector>

#include "sim/history/run_record.hpp"

class QChart;
class QGridLayout;

namespace gatetune::ui {

struct ChartedRun {
    const sim::history::RunRecord* record = nullptr;
    QString label;                           // legend suffix ("" for a single run)
    std::optional<int> maxConnections;       // db_server.max_connections, when known
    bool baseline = false;                   // drawn dashed
};

class RunCharts : public QWidget {
    Q_OBJECT
public:
    explicit RunCharts(QWidget* parent = nullptr);
    // The first run's per-worker DB chart is shown only when `perWorker` is set (one run).
    void show(const std::vector<ChartedRun>& runs, bool perWorker);
    void clear();
    // By title without its unit: "Latency CDF", "In flight", … (for tests and screenshots).
    QChart* chart(const QString& title) const;
    QList<QChart*> charts() const { return charts_; }

    struct SeriesPlan;
    struct ChartPlan;

private:
    // What the charts of these runs show; built before touching any chart, so that a re-run with
    // the same charts and series (a slider step) only replaces their points.
    static std::vector<ChartPlan> plan(const std::vector<ChartedRun>& runs, bool perWorker);
    void rebuild(const std::vector<ChartPlan>& plans);
    QChart* addChart(const QString& title, int row, int column);
    void refill(const std::vector<ChartPlan>& plans);
    QGridLayout* grid_;
    QList<QChart*> charts_;
    QString shape_;  // titles, series and palette of the charts shown: what refill must match
};

}  // namespace gatetune::ui
