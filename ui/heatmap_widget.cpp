#include "ui/heatmap_widget.hpp"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

namespace gatetune::ui {

namespace {
constexpr int kLeft = 90, kBottom = 48, kTop = 8, kLegend = 70;
}  // namespace

HeatmapWidget::HeatmapWidget(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("heatmap"));
    setMouseTracking(false);
}

void HeatmapWidget::setData(QStringList columnLabels, QStringList rowLabels, std::vector<double> values, QString xTitle,
                            QString yTitle, QString valueTitle, std::function<QString(double)> format) {
    columnLabels_ = std::move(columnLabels);
    rowLabels_ = std::move(rowLabels);
    values_ = std::move(values);
    xTitle_ = std::move(xTitle);
    yTitle_ = std::move(yTitle);
    valueTitle_ = std::move(valueTitle);
    format_ = std::move(format);
    lo_ = values_.empty() ? 0 : *std::min_element(values_.begin(), values_.end());
    hi_ = values_.empty() ? 1 : *std::max_element(values_.begin(), values_.end());
    update();
}

QRect HeatmapWidget::plotArea() const { return QRect(kLeft, kTop, width() - kLeft - kLegend, height() - kTop - kBottom); }

QRect HeatmapWidget::cellRect(int column, int row) const {
    const QRect a = plotArea();
    if (columns() == 0 || rows() == 0) return {};
    const int x0 = a.left() + a.width() * column / columns(), x1 = a.left() + a.width() * (column + 1) / columns();
    // Row 0 at the bottom, like a chart's y axis.
    const int y1 = a.bottom() - a.height() * row / rows(), y0 = a.bottom() - a.height() * (row + 1) / rows();
    return QRect(QPoint(x0, y0 + 1), QPoint(x1 - 1, y1));
}

QColor HeatmapWidget::colourOf(double v) const {
    const double t = hi_ > lo_ ? (v - lo_) / (hi_ - lo_) : 0.0;
    // Green → yellow → red: good to bad for error rates and latencies.
    const double hue = 120.0 * (1.0 - std::clamp(t, 0.0, 1.0));
    return QColor::fromHsvF(static_cast<float>(hue / 360.0), 0.75f, 0.85f);
}

void HeatmapWidget::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    p.setPen(palette().color(QPalette::Text));
    if (values_.empty()) {
        p.drawText(rect(), Qt::AlignCenter, tr("Run a sweep to see the heatmap."));
        return;
    }
    const QFontMetrics fm = fontMetrics();
    for (int r = 0; r < rows(); ++r)
        for (int c = 0; c < columns(); ++c) {
            const QRect cell = cellRect(c, r);
            const double v = values_[static_cast<std::size_t>(r * columns() + c)];
            p.fillRect(cell, colourOf(v));
            const QString text = format_(v);
            if (fm.horizontalAdvance(text) + 4 < cell.width() && fm.height() < cell.height()) {
                p.setPen(Qt::black);  // on the fixed mid-light cell colours, in either palette
                p.drawText(cell, Qt::AlignCenter, text);
            }
        }
    p.setPen(palette().color(QPalette::Text));
    const QRect a = plotArea();
    const int every = std::max(1, static_cast<int>(columns() * fm.horizontalAdvance(QStringLiteral("00000")) / std::max(1, a.width())) + 1);
    for (int c = 0; c < columns(); c += every) {
        const QRect cell = cellRect(c, 0);
        p.drawText(QRect(cell.left() - 20, a.bottom() + 2, cell.width() + 40, fm.height()), Qt::AlignHCenter, columnLabels_[c]);
    }
    const int everyRow = std::max(1, rows() * fm.height() / std::max(1, a.height()) + 1);
    for (int r = 0; r < rows(); r += everyRow) {
        const QRect cell = cellRect(0, r);
        p.drawText(QRect(0, cell.top(), kLeft - 6, cell.height()), Qt::AlignRight | Qt::AlignVCenter, rowLabels_[r]);
    }
    p.drawText(QRect(a.left(), a.bottom() + fm.height() + 6, a.width(), fm.height()), Qt::AlignHCenter, xTitle_);
    p.save();
    p.translate(12, a.center().y());
    p.rotate(-90);
    p.drawText(QRect(-a.height() / 2, -fm.height() / 2, a.height(), fm.height()), Qt::AlignCenter, yTitle_);
    p.restore();
    // Colour legend: top = highest.
    const QRect bar(a.right() + 12, a.top() + fm.height() + 4, 14, a.height() - 2 * fm.height() - 8);
    for (int y = 0; y < bar.height(); ++y)
        p.fillRect(QRect(bar.left(), bar.top() + y, bar.width(), 1), colourOf(hi_ - (hi_ - lo_) * y / std::max(1, bar.height() - 1)));
    p.drawText(QRect(bar.left() - 20, a.top(), kLegend, fm.height()), Qt::AlignLeft, format_(hi_));
    p.drawText(QRect(bar.left() - 20, bar.bottom() + 2, kLegend, fm.height()), Qt::AlignLeft, format_(lo_));
    p.save();
    p.translate(bar.right() + 14, bar.center().y());
    p.rotate(90);
    p.drawText(QRect(-bar.height() / 2, -fm.height(), bar.height(), fm.height()), Qt::AlignCenter, valueTitle_);
    p.restore();
}

void HeatmapWidget::mousePressEvent(QMouseEvent* event) {
    for (int r = 0; r < rows(); ++r)
        for (int c = 0; c < columns(); ++c)
            if (cellRect(c, r).contains(event->position().toPoint())) {
                emit cellClicked(c, r);
                return;
            }
}

}  // namespace gatetune::ui
