#pragma once
// Charts that follow the application palette (light or dark), so every chart stays readable
// whichever palette the desktop uses.
#include <QString>

#include <vector>

class QChart;
class QChartView;
class QLineSeries;
class QWidget;

namespace gatetune::ui {

// A chart with the palette's theme, a compact legend and small margins.
QChart* makeChart(const QString& title);
QChartView* makeChartView(QChart* chart, QWidget* parent);
// A line series of (x[i], y[i]); a shorter vector bounds the length.
QLineSeries* addLine(QChart* chart, const QString& name, const std::vector<double>& x, const std::vector<double>& y);
// What the y values are: amounts, or shares in percent, whose axis never runs past 100 %.
enum class YScale { Amount, Percent };
// Value axes over every series of the chart (fresh ones each call), ranges padded to nice ticks.
// yTitle is not drawn (small charts clip a vertical title): put the unit in the chart title.
void attachValueAxes(QChart* chart, const QString& xTitle, const QString& yTitle, YScale yScale = YScale::Amount);
// Fits the chart's value axes (from attachValueAxes) to its series' points again, after their
// data was replaced: what re-drawing a chart costs when its series stay the same.
void fitValueAxes(QChart* chart, YScale yScale = YScale::Amount);
bool darkPalette();

}  // namespace gatetune::ui
