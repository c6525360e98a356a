#include "ui/side_by_side_model.hpp"

#include "sim/diagnosis/status_summary.hpp"
#include "ui/verdict_colours.hpp"

namespace gatetune::ui {

namespace {

QString latencyText(const std::optional<double>& s) { return s ? QStringLiteral("%1 s").arg(*s, 0, 'f', *s < 10 ? 2 : 1) : QString(); }

// One outcome alone ("500 upstream_rate_limited") reads better without its count of one.
QString outcomesText(const std::map<std::string, std::uint64_t>& outcomes) {
    if (outcomes.size() == 1 && outcomes.begin()->second == 1) return QString::fromStdString(outcomes.begin()->first);
    return QString::fromStdString(sim::diagnosis::status_summary(outcomes));
}

}  // namespace

void SideBySideModel::setComparison(sim::diagnosis::SideBySide s) {
    beginResetModel();
    s_ = std::move(s);
    endResetModel();
}

void SideBySideModel::clear() { setComparison({}); }

int SideBySideModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(s_.groups.size()); }
int SideBySideModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant SideBySideModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const sim::diagnosis::GroupComparison& g = s_.groups[static_cast<std::size_t>(index.row())];
    const bool agrees = g.matched == g.observed.requests.size();
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Group: return QString::fromStdString(g.label);
        case Observed: return outcomesText(g.observed.outcomes);
        case Simulated: return outcomesText(g.simulated.outcomes);
        case Agree: return QStringLiteral("%1/%2").arg(g.matched).arg(g.observed.requests.size());
        case ObservedLatency: return latencyText(g.observed.median_latency_s);
        case SimulatedLatency: return latencyText(g.simulated.median_latency_s);
        }
    }
    if (role == Qt::TextAlignmentRole && (index.column() == Agree || index.column() == ObservedLatency || index.column() == SimulatedLatency))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::BackgroundRole && (index.column() == Agree || index.column() == Simulated)) return agrees ? passTint() : failTint();
    if (role == Qt::ToolTipRole)
        return agrees ? tr("Every observed request of this group has a simulated one with the same outcome.")
                      : tr("%1 of the group's %2 observed requests have no simulated request with the same outcome.")
                            .arg(g.observed.requests.size() - g.matched)
                            .arg(g.observed.requests.size());
    return {};
}

QVariant SideBySideModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Group: return s_.per_call ? tr("Call") : tr("Sent at");
    case Observed: return tr("Observed");
    case Simulated: return tr("Simulated (cause)");
    case Agree: return tr("Agree");
    case ObservedLatency: return tr("Latency (obs.)");
    case SimulatedLatency: return tr("Latency (sim.)");
    }
    return {};
}

}  // namespace gatetune::ui
