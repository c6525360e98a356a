#include "ui/live_charts.hpp"

#include <QChart>
#include <QChartView>
#include <QGridLayout>
#include <QLineSeries>

#include "ui/chart_style.hpp"

namespace gatetune::ui {

LiveCharts::LiveCharts(QWidget* parent) : QWidget(parent) {
    grid_ = new QGridLayout(this);
    grid_->setContentsMargins(0, 0, 0, 0);
    rebuild();
}

QChart* LiveCharts::addChart(const QString& title, int row, int column) {
    QChart* chart = makeChart(title);
    grid_->addWidget(makeChartView(chart, this), row, column);
    charts_.append(chart);
    return chart;
}

void LiveCharts::rebuild() {
    while (QLayoutItem* item = grid_->takeAt(0)) {
        delete item->widget();  // the view owns its chart and the chart its series
        delete item;
    }
    charts_.clear();
    QChart* requests = addChart(tr("Requests (per s)"), 0, 0);
    ok_ = addLine(requests, tr("ok"), {}, {});
    failed_ = addLine(requests, tr("failed"), {}, {});
    QChart* inFlight = addChart(tr("In flight (requests)"), 0, 1);
    inFlight_ = addLine(inFlight, tr("gateway"), {}, {});
    upstream_ = addLine(inFlight, tr("upstream"), {}, {});
    QChart* pool = addChart(tr("DB pool (connections, all workers)"), 1, 0);
    checkedOut_ = addLine(pool, tr("checked out"), {}, {});
    waiting_ = addLine(pool, tr("waiting"), {}, {});
    QChart* db = addChart(tr("DB connections (open)"), 1, 1);
    connections_ = addLine(db, tr("all workers"), {}, {});
    for (QChart* c : charts_) attachValueAxes(c, tr("s since the gateway started"), {});
}

void LiveCharts::clear() {
    previous_.reset();
    samples_ = 0;
    rebuild();
}

QChart* LiveCharts::chart(const QString& title) const {
    for (QChart* c : charts_)
        if (c->title().startsWith(title)) return c;
    return nullptr;
}

void LiveCharts::addSample(double seconds, const LiveSample& s) {
    // Rates need two samples: the first only sets the counters' starting point.
    if (previous_) {
        const double dt = seconds - previous_->first;
        ok_->append(seconds, per_second(previous_->second.okTotal, s.okTotal, dt));
        failed_->append(seconds, per_second(previous_->second.failedTotal, s.failedTotal, dt));
    }
    previous_ = {seconds, s};
    inFlight_->append(seconds, s.inFlight);
    upstream_->append(seconds, s.upstreamInFlight);
    checkedOut_->append(seconds, s.dbCheckedOut);
    waiting_->append(seconds, s.dbWaiting);
    connections_->append(seconds, s.dbConnections);
    ++samples_;
    for (QChart* c : charts_) attachValueAxes(c, tr("s since the gateway started"), {});
}

}  // namespace gatetune::ui
