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

void attachValueAxes(QChart* chart, const QString& xTitle, const QString& yTitle, YScale yScale) {
    for (QAbstractAxis* a : chart->axes()) {
        chart->removeAxis(a);
        delete a;
    }
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
    auto* ax = new QValueAxis;
    auto* ay = new QValueAxis;
    ax->setTitleText(xTitle);
    (void)yTitle;  // small charts clip a vertical title: the unit is in the chart title instead
    ax->setRange(x0, x1);
    ay->setRange(0, y1 * 1.08);
    ax->applyNiceNumbers();
    ay->applyNiceNumbers();
    // The padding above the largest value rounds a share that reaches 100 % up to 150 %.
    if (yScale == YScale::Percent && ay->max() > 100) {
        ay->setRange(0, 100);
        ay->setTickCount(5);  // 0, 25, 50, 75, 100
    }
    ax->setLabelFormat(QStringLiteral("%g"));
    ay->setLabelFormat(QStringLiteral("%g"));
    chart->addAxis(ax, Qt::AlignBottom);
    chart->addAxis(ay, Qt::AlignLeft);
    for (QAbstractSeries* s : chart->series()) {
        s->attachAxis(ax);
        s->attachAxis(ay);
    }
}

}  // namespace gatetune::ui
