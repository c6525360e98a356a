#include "ui/parameter_delegate.hpp"

#include <QComboBox>
#include <QLineEdit>

#include "sim/preset/config_schema.hpp"
#include "sim/preset/preset_io.hpp"
#include "ui/parameter_model.hpp"

namespace gatetune::ui {

namespace {
const sim::KeySpec* keyOf(const QModelIndex& index) {
    return sim::find_key(index.data(ParameterModel::KeyRole).toString().toStdString());
}
bool isChoice(const sim::KeySpec* k) { return k && (k->type == sim::KeyType::Enum || k->type == sim::KeyType::Bool); }
QString unquoted(QString s) {
    if (s.size() >= 2 && s.startsWith('"') && s.endsWith('"')) s = s.mid(1, s.size() - 2);
    return s;
}
}  // namespace

QWidget* ParameterDelegate::createEditor(QWidget* parent, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    const sim::KeySpec* k = keyOf(index);
    if (!isChoice(k)) {
        auto* edit = new QLineEdit(parent);
        edit->setToolTip(QString::fromStdString(k ? k->allowed_text() : std::string()));
        return edit;
    }
    auto* box = new QComboBox(parent);
    if (k->type == sim::KeyType::Bool) {
        box->addItems({QStringLiteral("true"), QStringLiteral("false")});
    } else {
        for (const std::string_view a : k->allowed) box->addItem(QString::fromUtf8(a.data(), static_cast<qsizetype>(a.size())));
    }
    // Commit as soon as a choice is made, so the run follows without leaving the cell.
    connect(box, &QComboBox::activated, this, [this, box] { emit const_cast<ParameterDelegate*>(this)->commitData(box); });
    (void)option;
    return box;
}

void ParameterDelegate::setEditorData(QWidget* editor, const QModelIndex& index) const {
    const QString text = index.data(Qt::EditRole).toString();
    if (auto* box = qobject_cast<QComboBox*>(editor)) {
        box->setCurrentText(unquoted(text));
    } else if (auto* edit = qobject_cast<QLineEdit*>(editor)) {
        edit->setText(text);
    }
}

void ParameterDelegate::setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const {
    if (auto* box = qobject_cast<QComboBox*>(editor)) {
        const sim::KeySpec* k = keyOf(index);
        const std::string choice = box->currentText().toStdString();
        model->setData(index, k && k->type == sim::KeyType::Enum ? QString::fromStdString(sim::quote_toml_string(choice))
                                                                : box->currentText());
    } else if (auto* edit = qobject_cast<QLineEdit*>(editor)) {
        model->setData(index, edit->text());
    }
}

}  // namespace gatetune::ui
