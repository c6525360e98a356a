#pragma once
// The validation rules' findings (GT### rules of sim/validation) for the current configuration,
// one row each: severity, rule, the sentence with the configuration's numbers, the keys to change.
#include <QAbstractTableModel>

#include <vector>

#include "sim/validation/finding.hpp"

namespace gatetune::ui {

class FindingsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Severity, Rule, Message, Keys, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;

    void setFindings(std::vector<sim::validation::Finding> findings);
    const std::vector<sim::validation::Finding>& findings() const { return findings_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<sim::validation::Finding> findings_;
};

}  // namespace gatetune::ui
