#pragma once
// The charts of one fitted quantity of a calibration (sim/calibration/calibration_report.hpp):
// the data's histogram with the share of values each candidate family puts in every bin over it,
// and the data's CDF against each family's. Both are drawn from what the library computed — the
// fit's points (FitPoints: the sample's quantiles and the families' CDFs there) and the fitted
// distributions — never from a fit of their own. The chosen family is drawn thick; the others thin.
#include <QString>

#include <vector>

#include "sim/calibration/calibration_report.hpp"

class QChart;

namespace gatetune::ui {

// The data's histogram from the fit's K quantiles (each stands for 1/K of the values) in equal
// bins from the smallest to the largest, and per candidate (QuantityFit::candidates' order) the
// share its fitted distribution puts in the same bins: F(upper edge) − F(lower edge). Shares in %.
struct FitHistogram {
    std::vector<double> edges;                // bins + 1, ascending
    std::vector<double> data;                 // per bin
    std::vector<std::vector<double>> family;  // [candidate][bin]
};
FitHistogram fitHistogram(const sim::calibration::QuantityFit& fit, int bins = 20);

// The family name as the legends and tables show it, with its KS distance: "lognormal (KS 0.0123)".
QString familyLabel(const sim::calibration::FamilyFit& f);
// Whether candidate `f` is the distribution the preset gets (false for all when empirical).
bool isChosen(const sim::calibration::QuantityFit& fit, const sim::calibration::FamilyFit& f);

QChart* histogramChart(const sim::calibration::FittedQuantity& q);
QChart* cdfChart(const sim::calibration::FittedQuantity& q);

}  // namespace gatetune::ui
