#pragma once
// A heatmap of one figure over a two-key sweep: columns are the first key's values, rows the
// second's; colour runs from green (lowest) to red (highest) with the value printed in each cell
// that has room. Clicking a cell reports its coordinates.
#include <QWidget>

#include <functional>
#include <vector>

namespace gatetune::ui {

class HeatmapWidget : public QWidget {
    Q_OBJECT
public:
    explicit HeatmapWidget(QWidget* parent = nullptr);
    // values[row * columns + column]; labels per column and row; `format` prints a value.
    void setData(QStringList columnLabels, QStringList rowLabels, std::vector<double> values, QString xTitle,
                 QString yTitle, QString valueTitle, std::function<QString(double)> format);
    // The cell's rectangle in widget coordinates (for tests).
    QRect cellRect(int column, int row) const;
    int columns() const { return static_cast<int>(columnLabels_.size()); }
    int rows() const { return static_cast<int>(rowLabels_.size()); }
    QSize minimumSizeHint() const override { return {360, 260}; }

signals:
    void cellClicked(int column, int row);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    QRect plotArea() const;
    QColor colourOf(double v) const;

    QStringList columnLabels_, rowLabels_;
    std::vector<double> values_;
    QString xTitle_, yTitle_, valueTitle_;
    std::function<QString(double)> format_;
    double lo_ = 0, hi_ = 1;
};

}  // namespace gatetune::ui
