#pragma once
// The ranked hypotheses of a diagnosis, one row each — reproducing ones first, then the closest
// that do not — and last the configuration as it was, for reference: hypothesis, fitted values,
// "N/M requests" (median over the seeds), seeds that reproduce, and the prior mass (the share of
// the mechanism's prior range that still reproduces: its evidence). The tooltip has the
// reproducing ranges, how the real component does it and the assignments that replay it.
#include <QAbstractTableModel>

#include <memory>

#include "sim/diagnosis/diagnosis.hpp"

namespace gatetune::ui {

class HypothesisModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Rank, Title, Fitted, Requests, Seeds, PriorMass, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;

    void setDiagnosis(std::shared_ptr<const sim::diagnosis::Diagnosis> d);
    // The hypothesis shown in `row` (the last row is the configuration as it was); null when none.
    const sim::diagnosis::Hypothesis* hypothesis(int row) const;
    bool isAsConfigured(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<const sim::diagnosis::Diagnosis> d_;
};

}  // namespace gatetune::ui
