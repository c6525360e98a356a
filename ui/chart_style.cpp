#include "ui/chart_style.hpp"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QPalette>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>

namespace gatetune::ui {

bool darkPalette() { return QApplication::palette().color(QPalette::Window).lightness() < 128; }

QChart* makeChart(const QString& title) {
    auto* chart = new QChart;
    chart->setTheme(darkPalette() ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setBackgroundBrush(QApplication::palette().brush(QPalette::Base));
    chart->setTitleBrush(QApplication::palette().brush(QPalette::Text));
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->legend()->setLabelColor(QApplication::palette().color(QPalette::Text));
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setAnimationOptions(QChart::NoAnimation);  // re-runs while dragging must not animate
    return chart;
}

QChartView* makeChartView(QChart* chart, QWidget* parent) {
    auto* view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(220, 190);
    return view;
}

QLineSeries* addLine(QChart* chart, const QString& name, const std::vector<double>& x, const std::vector<double>& y) {
    auto* series = new QLineSeries;
    series->setName(name);
    QList<QPointF> points;
    const std::size_t n = std::min(x.size(), y.size());
    points.reserve(static_cast<qsizetype>(n));
    for (std::size_t i = 0; i < n; ++i) points.append(QPointF(x[i], y[i]));
    series->replace(points);
    chart->addSeries(series);
    return series;
}

namespace {
QValueAxis* valueAxis(QChart* chart, Qt::Orientation o) {
    const QList<QAbstractAxis*> axes = chart->axes(o);
    return axes.isEmpty() ? nullptr : qobject_cast<QValueAxis*>(axes.front());
}


// Heckbert's loose labelling ("Nice numbers for graph labels", Graphics Gems, 1990): the span
// rounded up to 1, 2 or 5 × 10^k, a tick step of (span / (ticks - 1)) rounded to the nearest such
// number, and the range widened to whole steps. The same rule as QValueAxis::applyNiceNumbers,
// computed here so that an axis is set once per fit: every setter of an axis lays out and
// re-shapes its labels.
double niceNumber(double x, bool roundUp) {
    const double z = std::pow(10.0, std::floor(std::log10(x)));
    const double q = x / z;
    if (roundUp) return (q <= 1 ? 1 : q <= 2 ? 2 : q <= 5 ? 5 : 10) * z;
    return (q < 1.5 ? 1 : q < 3 ? 2 : q < 7 ? 5 : 10) * z;
}

struct AxisRange {
    double min, max;
    int ticks;
};

AxisRange looseNice(double min, double max, int ticks) {
    const double step = niceNumber(niceNumber(max - min, true) / (ticks - 1), false);
    const double lo = std::floor(min / step), hi = std::ceil(max / step);
    return {lo * step, hi * step, static_cast<int>(hi - lo) + 1};
}

void setAxis(QValueAxis* axis, AxisRange r) {
    if (axis->tickCount() != r.ticks) axis->setTickCount(r.ticks);
    if (axis->min() != r.min || axis->max() != r.max) axis->setRange(r.min, r.max);
}

}  // namespace

void fitValueAxes(QChart* chart, YScale yScale) {
    QValueAxis* ax = valueAxis(chart, Qt::Horizontal);
    QValueAxis* ay = valueAxis(chart, Qt::Vertical);
    if (!ax || !ay) return;
    double x0 = std::numeric_limits<double>::max(), x1 = std::numeric_limits<double>::lowest(), y1 = 0;
    for (QAbstractSeries* s : chart->series())
        if (auto* line = qobject_cast<QXYSeries*>(s))
            for (const QPointF& p : line->points()) {
                x0 = std::min(x0, p.x());
                x1 = std::max(x1, p.x());
                y1 = std::max(y1, p.y());
            }
    if (x0 > x1) x0 = 0, x1 = 1;
    if (x1 <= x0) x1 = x0 + 1;
    if (y1 <= 0) y1 = 1;
    AxisRange y = looseNice(0, y1 * 1.08, 5);
    // The padding above the largest value rounds a share that reaches 100 % up to 150 %.
    if (yScale == YScale::Percent && y.max > 100) y = {0, 100, 5};  // 0, 25, 50, 75, 100
    setAxis(ax, looseNice(x0, x1, 5));
    setAxis(ay, y);
}

void attachValueAxes(QChart* chart, const QString& xTitle, const QString& yTitle, YScale yScale) {
    for (QAbstractAxis* a : chart->axes()) {
        chart->removeAxis(a);
        delete a;
    }
    auto* ax = new QValueAxis;
    auto* ay = new QValueAxis;
    ax->setTitleText(xTitle);
    (void)yTitle;  // small charts clip a vertical title: the unit is in the chart title instead
    ax->setLabelFormat(QStringLiteral("%g"));
    ay->setLabelFormat(QStringLiteral("%g"));
    chart->addAxis(ax, Qt::AlignBottom);
    chart->addAxis(ay, Qt::AlignLeft);
    for (QAbstractSeries* s : chart->series()) {
        s->attachAxis(ax);
        s->attachAxis(ay);
    }
    fitValueAxes(chart, yScale);
}

}  // namespace gatetune::ui
