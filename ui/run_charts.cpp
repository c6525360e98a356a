#include "ui/run_charts.hpp"

#include <QChart>
#include <QChartView>
#include <QGridLayout>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>

#include "sim/metric_names.hpp"
#include "ui/chart_style.hpp"

namespace gatetune::ui {

namespace {

using sim::history::series_column;
using sim::history::series_times;

struct SeriesSpec {
    sim::Metric metric;
    const char* label;
};

struct ChartSpec {
    const char* title;
    const char* unit;
    std::vector<SeriesSpec> series;
};

// What each chart shows: the recorder's columns (named in sim/metric_names.hpp).
const std::vector<ChartSpec>& chartSpecs() {
    static const std::vector<ChartSpec> specs{
        {QT_TRANSLATE_NOOP("RunCharts", "In flight"), QT_TRANSLATE_NOOP("RunCharts", "requests"), {{sim::Metric::InFlight, "in flight"}}},
        {QT_TRANSLATE_NOOP("RunCharts", "DB pool, all workers"), QT_TRANSLATE_NOOP("RunCharts", "connections"),
         {{sim::Metric::DbCheckedOut, "in use"}, {sim::Metric::DbWaiting, "waiting"}}},
        {QT_TRANSLATE_NOOP("RunCharts", "DB server connections"), QT_TRANSLATE_NOOP("RunCharts", "connections"),
         {{sim::Metric::DbConnections, "open"}}},
        {QT_TRANSLATE_NOOP("RunCharts", "HTTP connections"), QT_TRANSLATE_NOOP("RunCharts", "connections"),
         {{sim::Metric::HttpConnections, "open"}}},
        {QT_TRANSLATE_NOOP("RunCharts", "Upstream"), QT_TRANSLATE_NOOP("RunCharts", "requests"),
         {{sim::Metric::UpstreamActive, "generating"}, {sim::Metric::UpstreamQueue, "queued"}}},
        {QT_TRANSLATE_NOOP("RunCharts", "Outcomes per second"), QT_TRANSLATE_NOOP("RunCharts", "per s"),
         {{sim::Metric::OkPerS, "2xx/3xx"}, {sim::Metric::ClientErrorsPerS, "4xx"}, {sim::Metric::ServerErrorsPerS, "5xx"},
          {sim::Metric::DroppedPerS, "no response"}}},
    };
    return specs;
}

// The baseline's series repeat the current run's names dashed: only the current run's appear in
// the legend (the compare view's title says which line style is which run).
QString legend(const QString& name, const ChartedRun&) { return name; }

void hideFromLegend(QChart* chart, QAbstractSeries* s) {
    for (QLegendMarker* m : chart->legend()->markers(s)) m->setVisible(false);
}

void styleSeries(QLineSeries* s, const ChartedRun& run, int colourIndex, const QString& column) {
    static const QColor colours[] = {QColor(0x1f77b4), QColor(0xd62728), QColor(0x2ca02c), QColor(0xff7f0e),
                                     QColor(0x9467bd), QColor(0x8c564b), QColor(0xe377c2), QColor(0x17becf)};
    QPen pen(colours[colourIndex % 8]);
    pen.setWidthF(run.baseline ? 1.5 : 2.0);
    if (run.baseline) pen.setStyle(Qt::DashLine);
    s->setPen(pen);
    s->setObjectName((run.baseline ? QStringLiteral("baseline:") : QStringLiteral("series:")) + column);
}

std::vector<double> cdfColumn(const nlohmann::json& summary, int index) {
    std::vector<double> out;
    if (!summary.contains("latency_cdf")) return out;
    for (const auto& p : summary["latency_cdf"])
        if (p.is_array() && p.size() == 2 && p[static_cast<std::size_t>(index)].is_number())
            out.push_back(p[static_cast<std::size_t>(index)].get<double>() * (index == 1 ? 100.0 : 1.0));
    return out;
}

}  // namespace

RunCharts::RunCharts(QWidget* parent) : QWidget(parent) {
    grid_ = new QGridLayout(this);
    grid_->setContentsMargins(0, 0, 0, 0);
    grid_->setSpacing(4);
}

QChart* RunCharts::addChart(const QString& title, int row, int column) {
    QChart* chart = makeChart(title);
    grid_->addWidget(makeChartView(chart, this), row, column);
    charts_.append(chart);
    return chart;
}

void RunCharts::clear() {
    while (QLayoutItem* item = grid_->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    charts_.clear();
}

QChart* RunCharts::chart(const QString& title) const {
    for (QChart* c : charts_)
        if (c->title() == title || c->title().startsWith(title + QStringLiteral(" ("))) return c;
    return nullptr;
}

void RunCharts::show(const std::vector<ChartedRun>& runs, bool perWorker) {
    clear();
    int slot = 0;
    const auto next = [&](const QString& title) { const int s = slot++; return addChart(title, s / 2, s % 2); };

    QChart* cdf = next(tr("Latency CDF (% of requests)"));
    for (const ChartedRun& run : runs) {
        QLineSeries* s = addLine(cdf, legend(tr("requests ≤ latency"), run), cdfColumn(run.record->summary, 0), cdfColumn(run.record->summary, 1));
        styleSeries(s, run, 0, QStringLiteral("latency_cdf"));
        if (run.baseline) hideFromLegend(cdf, s);
    }
    attachValueAxes(cdf, tr("latency (s)"), tr("% of requests"), YScale::Percent);

    for (const ChartSpec& spec : chartSpecs()) {
        QChart* chart = next(QStringLiteral("%1 (%2)").arg(tr(spec.title), tr(spec.unit)));
        for (const ChartedRun& run : runs) {
            const std::vector<double> t = series_times(run.record->timeseries);
            int colour = 0;
            for (const SeriesSpec& s : spec.series) {
                const std::string column(sim::series_name(s.metric));
                QLineSeries* line = addLine(chart, legend(tr(s.label), run), t, series_column(run.record->timeseries, column));
                styleSeries(line, run, colour++, QString::fromStdString(column));
                if (run.baseline) hideFromLegend(chart, line);
            }
            if (spec.series.front().metric == sim::Metric::DbConnections && run.maxConnections && !t.empty()) {
                QLineSeries* limit = addLine(chart, legend(tr("max_connections"), run), {t.front(), t.back()},
                                             {double(*run.maxConnections), double(*run.maxConnections)});
                styleSeries(limit, run, 1, QStringLiteral("max_connections"));
                if (run.baseline) hideFromLegend(chart, limit);
            }
        }
        attachValueAxes(chart, tr("time (s)"), tr(spec.unit));
    }

    if (perWorker && !runs.empty()) {
        QChart* chart = next(tr("DB pool per worker (connections)"));
        const nlohmann::json& ts = runs.front().record->timeseries;
        const std::vector<double> t = series_times(ts);
        int colour = 0;
        for (int w = 0;; ++w) {
            const std::string used = sim::worker_series_name(sim::Metric::DbCheckedOut, w);
            const std::vector<double> inUse = series_column(ts, used);
            if (inUse.empty()) break;
            styleSeries(addLine(chart, tr("worker %1 in use").arg(w), t, inUse), runs.front(), colour, QString::fromStdString(used));
            const std::string over = sim::worker_series_name(sim::Metric::DbOverflow, w);
            QLineSeries* o = addLine(chart, tr("worker %1 overflow").arg(w), t, series_column(ts, over));
            styleSeries(o, runs.front(), colour++, QString::fromStdString(over));
            QPen pen = o->pen();
            pen.setStyle(Qt::DotLine);
            o->setPen(pen);
        }
        attachValueAxes(chart, tr("time (s)"), tr("connections"));
    }
}

}  // namespace gatetune::ui
