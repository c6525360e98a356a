#pragma once
// The parameter editor's model: every preset key of sim/preset/config_schema.hpp, grouped by the
// component it configures (one tree level per table), with its value, unit, allowed range and
// the real component's default. Nothing is listed by hand: a key added to the schema appears
// here. Values are edited through the PresetDocument (so every edit is undoable); a value that
// was rejected is shown as typed, marked, with the reason in its tooltip.
#include <QAbstractItemModel>

#include <vector>

#include "sim/preset/config_schema.hpp"

namespace gatetune::ui {

class PresetDocument;

class ParameterModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { Name, Value, Unit, Allowed, Default, ColumnCount };
    static constexpr int KeyRole = Qt::UserRole + 1;      // the dotted key (QString), keys only
    static constexpr int IssueRole = Qt::UserRole + 2;    // the problem at this key ("" when none)

    explicit ParameterModel(PresetDocument& doc, QObject* parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // nullptr for group rows.
    const sim::KeySpec* keyAt(const QModelIndex& index) const;
    QModelIndex indexOf(const QString& dottedKey, int column = Value) const;

    // "Load balancer", "DB pool", … — the component a table configures, as the issue names it.
    static QString groupTitle(std::string_view table);

private:
    struct Group {
        std::string_view table;
        QString title;
        QString doc;
        std::vector<const sim::KeySpec*> keys;
    };
    QVariant keyData(const sim::KeySpec& k, int column, int role) const;
    QVariant groupData(const Group& g, int column, int role) const;
    void refreshKey(const QString& key);
    void refreshAll();

    PresetDocument& doc_;
    std::vector<Group> groups_;
};

}  // namespace gatetune::ui
