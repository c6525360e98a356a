#pragma once
// The run history as a table: newest first, one row per stored run.
#include <QAbstractTableModel>

#include <vector>

#include "sim/history/run_history.hpp"

namespace gatetune::ui {

class HistoryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Id, When, Preset, Seed, Mode, Source, Requests, ErrorRate, P99, Hash, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;

    void setEntries(std::vector<sim::history::RunEntry> entries);
    const sim::history::RunEntry& entry(int row) const { return entries_[static_cast<std::size_t>(row)]; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<sim::history::RunEntry> entries_;
};

}  // namespace gatetune::ui
