#pragma once
// The observation beside a hypothesis's replay, one row per group the distance compares (a call
// of the callers' scripts, or a slice of time): what the callers saw, what the model answered
// with each failure's cause, how many observed requests agree, and the median latencies.
#include <QAbstractTableModel>

#include "sim/diagnosis/side_by_side.hpp"

namespace gatetune::ui {

class SideBySideModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Group, Observed, Simulated, Agree, ObservedLatency, SimulatedLatency, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;

    void setComparison(sim::diagnosis::SideBySide s);
    void clear();
    const sim::diagnosis::SideBySide& comparison() const { return s_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    sim::diagnosis::SideBySide s_;
};

}  // namespace gatetune::ui
