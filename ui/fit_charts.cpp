#include "ui/fit_charts.hpp"

#include <QAreaSeries>
#include <QChart>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>

#include <algorithm>
#include <cmath>

#include "ui/chart_style.hpp"
#include "ui/qt_text.hpp"

namespace gatetune::ui {

namespace cal = sim::calibration;

namespace {

const QColor kFamilyColours[] = {QColor(0xd62728), QColor(0x2ca02c), QColor(0xff7f0e), QColor(0x9467bd)};
const QColor kFitDataColour(0x1f77b4);

QString fitUnitText(const cal::FittedQuantity& q) { return q.unit.empty() ? QString() : QStringLiteral(" (%1)").arg(qs(q.unit)); }

void styleFitFamily(QLineSeries* s, const cal::QuantityFit& fit, std::size_t c) {
    const bool chosen = isChosen(fit, fit.candidates[c]);
    QPen pen(kFamilyColours[c % 4]);
    pen.setWidthF(chosen ? 3.0 : 1.5);
    if (!chosen) pen.setStyle(Qt::DashLine);
    s->setPen(pen);
    s->setObjectName(QStringLiteral("family:") + qs(fit.candidates[c].distribution.kind_name()));
}

void hideFitFromLegend(QChart* chart, QAbstractSeries* s) {
    for (QLegendMarker* m : chart->legend()->markers(s)) m->setVisible(false);
}

}  // namespace

bool isChosen(const cal::QuantityFit& fit, const cal::FamilyFit& f) { return !fit.empirical && f.distribution == fit.chosen; }

QString familyLabel(const cal::FamilyFit& f) {
    return QStringLiteral("%1 (KS %2)").arg(qs(f.distribution.kind_name())).arg(f.ks, 0, 'f', 4);
}

FitHistogram fitHistogram(const cal::QuantityFit& fit, int bins) {
    FitHistogram h;
    const std::vector<double>& x = fit.points.x;
    if (x.empty() || bins < 1) return h;
    const double lo = x.front();
    double hi = x.back();
    if (hi <= lo) hi = lo + std::max(1e-9, std::abs(lo) * 1e-6);
    const auto n = static_cast<std::size_t>(bins);
    const double width = (hi - lo) / static_cast<double>(n);
    for (std::size_t b = 0; b <= n; ++b) h.edges.push_back(b == n ? hi : lo + width * static_cast<double>(b));
    h.data.assign(n, 0.0);
    for (double v : x) {
        const auto b = std::min(n - 1, static_cast<std::size_t>(std::max(0.0, (v - lo) / width)));
        h.data[b] += 100.0 / static_cast<double>(x.size());
    }
    for (const cal::FamilyFit& f : fit.candidates) {
        std::vector<double> share(n);
        for (std::size_t b = 0; b < n; ++b) share[b] = 100.0 * (f.distribution.cdf(h.edges[b + 1]) - f.distribution.cdf(h.edges[b]));
        h.family.push_back(std::move(share));
    }
    return h;
}

QChart* histogramChart(const cal::FittedQuantity& q) {
    QChart* chart = makeChart(QObject::tr("%1: histogram and fitted families, %").arg(qs(q.label)));
    if (!q.fit || q.fit->points.x.empty()) return chart;
    const cal::QuantityFit& fit = *q.fit;
    const FitHistogram h = fitHistogram(fit);
    // The data as bars: a step outline over the bins, filled down to zero.
    auto* upper = new QLineSeries(chart);  // a QAreaSeries does not own its line: the chart does
    auto* outline = new QLineSeries;
    for (std::size_t b = 0; b < h.data.size(); ++b) {
        upper->append(h.edges[b], h.data[b]);
        upper->append(h.edges[b + 1], h.data[b]);
    }
    outline->replace(upper->points());
    auto* bars = new QAreaSeries(upper);
    bars->setName(QObject::tr("data (%1 values)").arg(static_cast<qulonglong>(fit.sample)));
    bars->setObjectName(QStringLiteral("data"));
    QColor fill = kFitDataColour;
    fill.setAlpha(90);
    bars->setBrush(fill);
    bars->setPen(QPen(kFitDataColour, 1.0));
    chart->addSeries(bars);
    outline->setPen(QPen(kFitDataColour, 1.0));
    chart->addSeries(outline);  // gives attachValueAxes the bars' extent
    hideFitFromLegend(chart, outline);
    // Each family's share per bin, at the bins' centres.
    std::vector<double> centres;
    for (std::size_t b = 0; b + 1 < h.edges.size(); ++b) centres.push_back((h.edges[b] + h.edges[b + 1]) / 2);
    for (std::size_t c = 0; c < fit.candidates.size(); ++c) {
        QString name = familyLabel(fit.candidates[c]);
        if (isChosen(fit, fit.candidates[c])) name += QObject::tr(" — chosen");
        styleFitFamily(addLine(chart, name, centres, h.family[c]), fit, c);
    }
    attachValueAxes(chart, qs(q.label) + fitUnitText(q), QObject::tr("share of values, %"));
    chart->legend()->setAlignment(Qt::AlignRight);  // the families' names carry their KS distances: too long for one row
    return chart;
}

QChart* cdfChart(const cal::FittedQuantity& q) {
    QChart* chart = makeChart(QObject::tr("%1: CDF, data against each family").arg(qs(q.label)));
    if (!q.fit || q.fit->points.x.empty()) return chart;
    const cal::QuantityFit& fit = *q.fit;
    const cal::FitPoints& p = fit.points;
    // The data's CDF as steps, at the sample's quantiles (one step per distinct value).
    std::vector<double> dx, dy;
    double previous = 0;
    for (std::size_t k = 0; k < p.x.size(); ++k) {
        if (k > 0 && p.x[k] == p.x[k - 1]) continue;
        dx.push_back(p.x[k]);
        dy.push_back(100 * previous);
        dx.push_back(p.x[k]);
        dy.push_back(100 * p.data_cdf[k]);
        previous = p.data_cdf[k];
    }
    QLineSeries* data = addLine(chart, QObject::tr("data"), dx, dy);
    data->setPen(QPen(kFitDataColour, 2.0));
    data->setObjectName(QStringLiteral("data"));
    for (std::size_t c = 0; c < fit.candidates.size() && c < p.family_cdf.size(); ++c) {
        std::vector<double> fx, fy;
        for (std::size_t k = 0; k < p.x.size(); ++k) {
            if (k > 0 && p.x[k] == p.x[k - 1]) continue;
            fx.push_back(p.x[k]);
            fy.push_back(100 * p.family_cdf[c][k]);
        }
        styleFitFamily(addLine(chart, qs(fit.candidates[c].distribution.kind_name()), fx, fy), fit, c);
    }
    attachValueAxes(chart, qs(q.label) + fitUnitText(q), QObject::tr("share at or below, %"), YScale::Percent);
    return chart;
}

}  // namespace gatetune::ui
