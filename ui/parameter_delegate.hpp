#pragma once
// Editors for the value column: a choice list for enums and booleans (only allowed spellings
// can be picked), a line edit taking TOML text for everything else (numbers, distributions,
// call lists) — checked by sim::parse_value when committed.
#include <QStyledItemDelegate>

namespace gatetune::ui {

class ParameterDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    void setEditorData(QWidget* editor, const QModelIndex& index) const override;
    void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override;
};

}  // namespace gatetune::ui
