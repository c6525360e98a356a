#include "ui/findings_model.hpp"

#include "ui/qt_text.hpp"

#include <QApplication>
#include <QStyle>

namespace gatetune::ui {

namespace {
}  // namespace

void FindingsModel::setFindings(std::vector<sim::validation::Finding> findings) {
    beginResetModel();
    findings_ = std::move(findings);
    endResetModel();
}

int FindingsModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(findings_.size()); }
int FindingsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant FindingsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const sim::validation::Finding& f = findings_[static_cast<std::size_t>(index.row())];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Severity: return qs(sim::validation::to_string(f.severity));
        case Rule: return f.rule ? QStringLiteral("%1 %2").arg(qs(f.rule->id), qs(f.rule->name)) : QString();
        case Message: return QString::fromStdString(f.message);
        case Keys: {
            QStringList keys;
            for (const std::string& k : f.keys) keys << QString::fromStdString(k);
            return keys.join(QStringLiteral(", "));
        }
        }
    }
    if (role == Qt::DecorationRole && index.column() == Severity) {
        const QStyle::StandardPixmap icon = f.severity == sim::validation::Severity::Error     ? QStyle::SP_MessageBoxCritical
                                            : f.severity == sim::validation::Severity::Warning ? QStyle::SP_MessageBoxWarning
                                                                                               : QStyle::SP_MessageBoxInformation;
        return QApplication::style()->standardIcon(icon);
    }
    if (role == Qt::ToolTipRole && f.rule)
        return QStringLiteral("<p>%1</p><p>%2</p>").arg(qs(f.rule->explanation).toHtmlEscaped(), qs(f.rule->model_ref));
    return {};
}

QVariant FindingsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Severity: return tr("Severity");
    case Rule: return tr("Rule");
    case Message: return tr("Finding");
    case Keys: return tr("Keys");
    }
    return {};
}

}  // namespace gatetune::ui
