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

QPen seriesPen(const ChartedRun& run, int colourIndex) {
    static const QColor colours[] = {QColor(0x1f77b4), QColor(0xd62728), QColor(0x2ca02c), QColor(0xff7f0e),
                                     QColor(0x9467bd), QColor(0x8c564b), QColor(0xe377c2), QColor(0x17becf)};
    QPen pen(colours[colourIndex % 8]);
    pen.setWidthF(run.baseline ? 1.5 : 2.0);
    if (run.baseline) pen.setStyle(Qt::DashLine);
    return pen;
}

QList<QPointF> points(const std::vector<double>& x, const std::vector<double>& y) {
    QList<QPointF> out;
    const std::size_t n = std::min(x.size(), y.size());
    out.reserve(static_cast<qsizetype>(n));
    for (std::size_t i = 0; i < n; ++i) out.append(QPointF(x[i], y[i]));
    return out;
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
    shape_.clear();
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

struct RunCharts::SeriesPlan {
    QString name;
    QString objectName;  // "series:<column>", or "baseline:<column>" for the dashed baseline
    QPen pen;
    bool inLegend = true;  // the baseline repeats the current run's names: only those are listed
    QList<QPointF> points;
};

struct RunCharts::ChartPlan {
    QString title;
    QString xTitle;
    QString unit;
    YScale scale = YScale::Amount;
    std::vector<SeriesPlan> series;
};

std::vector<RunCharts::ChartPlan> RunCharts::plan(const std::vector<ChartedRun>& runs, bool perWorker) {
    std::vector<ChartPlan> plans;
    const auto series = [](const ChartedRun& run, const QString& name, int colour, const QString& column, QList<QPointF> pts) {
        return SeriesPlan{name, (run.baseline ? QStringLiteral("baseline:") : QStringLiteral("series:")) + column,
                          seriesPen(run, colour), !run.baseline, std::move(pts)};
    };

    ChartPlan& cdf = plans.emplace_back(ChartPlan{tr("Latency CDF (% of requests)"), tr("latency (s)"), tr("% of requests"), YScale::Percent, {}});
    for (const ChartedRun& run : runs)
        cdf.series.push_back(series(run, tr("requests ≤ latency"), 0, QStringLiteral("latency_cdf"),
                                    points(cdfColumn(run.record->summary, 0), cdfColumn(run.record->summary, 1))));

    for (const ChartSpec& spec : chartSpecs()) {
        ChartPlan& chart = plans.emplace_back(
            ChartPlan{QStringLiteral("%1 (%2)").arg(tr(spec.title), tr(spec.unit)), tr("time (s)"), tr(spec.unit), YScale::Amount, {}});
        for (const ChartedRun& run : runs) {
            const std::vector<double> t = series_times(run.record->timeseries);
            int colour = 0;
            for (const SeriesSpec& s : spec.series) {
                const std::string column(sim::series_name(s.metric));
                chart.series.push_back(series(run, tr(s.label), colour++, QString::fromStdString(column),
                                              points(t, series_column(run.record->timeseries, column))));
            }
            if (spec.series.front().metric == sim::Metric::DbConnections && run.maxConnections && !t.empty()) {
                const double limit = *run.maxConnections;
                chart.series.push_back(series(run, tr("max_connections"), 1, QStringLiteral("max_connections"),
                                              points({t.front(), t.back()}, {limit, limit})));
            }
        }
    }

    if (perWorker && !runs.empty()) {
        ChartPlan& chart = plans.emplace_back(ChartPlan{tr("DB pool per worker (connections)"), tr("time (s)"), tr("connections"), YScale::Amount, {}});
        const ChartedRun& run = runs.front();
        const nlohmann::json& ts = run.record->timeseries;
        const std::vector<double> t = series_times(ts);
        for (int w = 0;; ++w) {
            const std::string used = sim::worker_series_name(sim::Metric::DbCheckedOut, w);
            const std::vector<double> inUse = series_column(ts, used);
            if (inUse.empty()) break;
            chart.series.push_back(series(run, tr("worker %1 in use").arg(w), w, QString::fromStdString(used), points(t, inUse)));
            const std::string over = sim::worker_series_name(sim::Metric::DbOverflow, w);
            SeriesPlan& o = chart.series.emplace_back(
                series(run, tr("worker %1 overflow").arg(w), w, QString::fromStdString(over), points(t, series_column(ts, over))));
            o.pen.setStyle(Qt::DotLine);
        }
    }
    return plans;
}

void RunCharts::show(const std::vector<ChartedRun>& runs, bool perWorker) {
    const std::vector<ChartPlan> plans = plan(runs, perWorker);
    QString shape = darkPalette() ? QStringLiteral("dark") : QStringLiteral("light");
    for (const ChartPlan& c : plans) {
        shape += QLatin1Char('\n') + c.title;
        for (const SeriesPlan& s : c.series)
            shape += QStringLiteral("|%1/%2/%3/%4/%5").arg(s.name, s.objectName, s.pen.color().name()).arg(int(s.pen.style())).arg(s.inLegend);
    }
    if (shape == shape_ && charts_.size() == static_cast<qsizetype>(plans.size())) {
        refill(plans);
        return;
    }
    rebuild(plans);
    shape_ = shape;
}

void RunCharts::rebuild(const std::vector<ChartPlan>& plans) {
    clear();
    int slot = 0;
    for (const ChartPlan& c : plans) {
        QChart* chart = addChart(c.title, slot / 2, slot % 2);
        ++slot;
        for (const SeriesPlan& s : c.series) {
            auto* line = new QLineSeries;
            line->setName(s.name);
            line->setObjectName(s.objectName);
            line->setPen(s.pen);
            line->replace(s.points);
            chart->addSeries(line);
            if (!s.inLegend)
                for (QLegendMarker* m : chart->legend()->markers(line)) m->setVisible(false);
        }
        attachValueAxes(chart, c.xTitle, c.unit, c.scale);
    }
}

void RunCharts::refill(const std::vector<ChartPlan>& plans) {
    for (qsizetype i = 0; i < charts_.size(); ++i) {
        const ChartPlan& c = plans[static_cast<std::size_t>(i)];
        const QList<QAbstractSeries*> lines = charts_[i]->series();
        for (qsizetype j = 0; j < lines.size() && j < static_cast<qsizetype>(c.series.size()); ++j)
            static_cast<QLineSeries*>(lines[j])->replace(c.series[static_cast<std::size_t>(j)].points);
        fitValueAxes(charts_[i], c.scale);
    }
}

}  // namespace gatetune::ui
