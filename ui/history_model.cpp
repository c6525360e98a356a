#include "ui/history_model.hpp"

namespace gatetune::ui {

void HistoryModel::setEntries(std::vector<sim::history::RunEntry> entries) {
    beginResetModel();
    entries_ = std::move(entries);
    endResetModel();
}

int HistoryModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(entries_.size()); }
int HistoryModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant HistoryModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const sim::history::RunEntry& e = entry(index.row());
    if (role == Qt::TextAlignmentRole && (index.column() == Requests || index.column() == ErrorRate || index.column() == P99))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    case Id: return QVariant::fromValue(e.id);
    case When: return QString::fromStdString(e.created_at);
    case Preset: return QString::fromStdString(e.preset_name);
    case Seed: return QString::number(e.seed);
    case Mode: return QString::fromStdString(e.mode);
    case Source: return QString::fromStdString(e.source);
    case Requests: return QString::number(e.requests);
    case ErrorRate: return QStringLiteral("%1 %").arg(e.error_rate * 100.0, 0, 'f', 2);
    case P99: return QStringLiteral("%1 s").arg(e.p99, 0, 'f', 3);
    case Hash: return QString::fromStdString(e.preset_hash);
    }
    return {};
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    static const char* names[] = {QT_TR_NOOP("Run"), QT_TR_NOOP("When (UTC)"), QT_TR_NOOP("Preset"), QT_TR_NOOP("Seed"),
                                  QT_TR_NOOP("Mode"), QT_TR_NOOP("From"), QT_TR_NOOP("Requests"), QT_TR_NOOP("Errors"),
                                  QT_TR_NOOP("p99"), QT_TR_NOOP("Preset hash")};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

}  // namespace gatetune::ui
