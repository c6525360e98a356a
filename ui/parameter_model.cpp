#include "ui/parameter_model.hpp"

#include "ui/qt_text.hpp"

#include <QApplication>
#include <QBrush>
#include <QFont>
#include <QPalette>
#include <QStyle>

#include <algorithm>
#include <map>

#include "ui/preset_document.hpp"

namespace gatetune::ui {

namespace {

// Components in the order a request meets them, then what the run is judged and driven by.
constexpr std::string_view kGroupOrder[] = {"", "load_balancer", "server", "request", "rate_limiter", "db_pool",
                                            "db_server", "http_client", "upstream", "workload", "faults",
                                            "slo", "simulation", "deployment"};
}  // namespace

QString ParameterModel::groupTitle(std::string_view table) {
    static const std::map<std::string_view, const char*> titles{
        {"", QT_TR_NOOP("Preset")},           {"load_balancer", QT_TR_NOOP("Load balancer")},
        {"server", QT_TR_NOOP("Server")},      {"request", QT_TR_NOOP("Request path")},
        {"db_pool", QT_TR_NOOP("DB pool")},    {"db_server", QT_TR_NOOP("DB server")},
        {"http_client", QT_TR_NOOP("HTTP client")}, {"upstream", QT_TR_NOOP("Upstream")},
        {"rate_limiter", QT_TR_NOOP("Rate limiter")}, {"workload", QT_TR_NOOP("Workload")},
        {"faults", QT_TR_NOOP("Faults")},      {"slo", QT_TR_NOOP("SLO")},
        {"simulation", QT_TR_NOOP("Simulation")}, {"deployment", QT_TR_NOOP("Deployment")}};
    const auto it = titles.find(table);
    return it == titles.end() ? qs(table) : tr(it->second);
}

ParameterModel::ParameterModel(PresetDocument& doc, QObject* parent) : QAbstractItemModel(parent), doc_(doc) {
    std::vector<std::string_view> order(std::begin(kGroupOrder), std::end(kGroupOrder));
    for (const sim::TableSpec& t : sim::config_tables())  // a table added to the schema but not to kGroupOrder
        if (std::find(order.begin(), order.end(), t.name) == order.end()) order.push_back(t.name);
    for (const std::string_view table : order) {
        Group g{table, groupTitle(table), {}, {}};
        for (const sim::TableSpec& t : sim::config_tables())
            if (t.name == table) g.doc = qs(t.doc) + (t.model_ref.empty() ? QString() : tr(" (MODEL.md %1)").arg(qs(t.model_ref)));
        for (const sim::KeySpec& k : sim::config_schema())
            if (k.table() == table && !k.write_only) g.keys.push_back(&k);
        if (!g.keys.empty()) groups_.push_back(std::move(g));
    }
    connect(&doc_, &PresetDocument::valueChanged, this, &ParameterModel::refreshKey);
    connect(&doc_, &PresetDocument::issuesChanged, this, [this](const QStringList& keys) {
        for (const QString& key : keys) refreshKey(key);
    });
    connect(&doc_, &PresetDocument::reset, this, &ParameterModel::refreshAll);
}

// Group rows carry internalId 0; key rows carry their group's index + 1.
QModelIndex ParameterModel::index(int row, int column, const QModelIndex& parent) const {
    if (row < 0 || column < 0 || column >= ColumnCount) return {};
    if (!parent.isValid()) return row < static_cast<int>(groups_.size()) ? createIndex(row, column, quintptr{0}) : QModelIndex();
    if (parent.internalId() != 0) return {};
    const auto& g = groups_[static_cast<std::size_t>(parent.row())];
    return row < static_cast<int>(g.keys.size()) ? createIndex(row, column, static_cast<quintptr>(parent.row() + 1)) : QModelIndex();
}

QModelIndex ParameterModel::parent(const QModelIndex& child) const {
    if (!child.isValid() || child.internalId() == 0) return {};
    return createIndex(static_cast<int>(child.internalId() - 1), 0, quintptr{0});
}

int ParameterModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid()) return static_cast<int>(groups_.size());
    if (parent.internalId() != 0 || parent.column() != 0) return 0;
    return static_cast<int>(groups_[static_cast<std::size_t>(parent.row())].keys.size());
}

int ParameterModel::columnCount(const QModelIndex&) const { return ColumnCount; }

const sim::KeySpec* ParameterModel::keyAt(const QModelIndex& index) const {
    if (!index.isValid() || index.internalId() == 0) return nullptr;
    return groups_[index.internalId() - 1].keys[static_cast<std::size_t>(index.row())];
}

QModelIndex ParameterModel::indexOf(const QString& dottedKey, int column) const {
    for (std::size_t g = 0; g < groups_.size(); ++g)
        for (std::size_t r = 0; r < groups_[g].keys.size(); ++r)
            if (qs(groups_[g].keys[r]->key) == dottedKey) return createIndex(static_cast<int>(r), column, static_cast<quintptr>(g + 1));
    return {};
}

QVariant ParameterModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    if (const sim::KeySpec* k = keyAt(index)) return keyData(*k, index.column(), role);
    return groupData(groups_[static_cast<std::size_t>(index.row())], index.column(), role);
}

QVariant ParameterModel::groupData(const Group& g, int column, int role) const {
    if (role == Qt::DisplayRole && column == Name) return g.title;
    if (role == Qt::ToolTipRole) return g.doc;
    if (role == Qt::FontRole) {
        QFont f;
        f.setBold(true);
        return f;
    }
    return {};
}

QVariant ParameterModel::keyData(const sim::KeySpec& k, int column, int role) const {
    const FieldIssue* problem = doc_.issue(k.key);
    static const sim::Config defaults;
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        switch (column) {
        case Name: return qs(k.name());
        case Value: return problem && !problem->typed.isEmpty() ? problem->typed : QString::fromStdString(sim::format_value(doc_.config(), k));
        case Unit: return qs(k.unit);
        case Allowed: return QString::fromStdString(k.allowed_text());
        case Default: {
            const std::string d = sim::format_value(defaults, k);
            return d.empty() ? tr("unset") : QString::fromStdString(d);
        }
        }
        return {};
    case Qt::ToolTipRole: {
        QString tip = QStringLiteral("<b>%1</b> (%2)<p>%3</p>").arg(qs(k.key), QString::fromStdString(k.type_text()), qs(k.doc).toHtmlEscaped());
        if (!k.model_ref.empty()) tip += tr("<p>MODEL.md %1</p>").arg(qs(k.model_ref));
        tip += tr("<p>Allowed: %1<br>Default: %2</p>")
                   .arg(QString::fromStdString(k.allowed_text()).toHtmlEscaped(), QString::fromStdString(sim::format_value(defaults, k)).toHtmlEscaped());
        if (problem) tip += QStringLiteral("<p><b>%1</b></p>").arg(problem->message.toHtmlEscaped());
        return tip;
    }
    case Qt::DecorationRole:
        if (problem && column == Value) return QApplication::style()->standardIcon(QStyle::SP_MessageBoxCritical);
        return {};
    case Qt::BackgroundRole:
        // A translucent red reads on light and dark palettes alike.
        if (problem && (column == Value || column == Name)) return QBrush(QColor(220, 40, 40, 70));
        return {};
    case Qt::ForegroundRole:
        if (column == Unit || column == Allowed || column == Default)
            return QApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    case KeyRole: return qs(k.key);
    case IssueRole: return problem ? problem->message : QString();
    }
    return {};
}

bool ParameterModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    const sim::KeySpec* k = keyAt(index);
    if (!k || role != Qt::EditRole || index.column() != Value) return false;
    doc_.setValueText(*k, value.toString());
    return true;  // rejected text is kept and marked, so the edit "took" either way
}

Qt::ItemFlags ParameterModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (keyAt(index) && index.column() == Value) f |= Qt::ItemIsEditable;
    return f;
}

QVariant ParameterModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Name: return tr("Parameter");
    case Value: return tr("Value");
    case Unit: return tr("Unit");
    case Allowed: return tr("Allowed");
    case Default: return tr("Default");
    }
    return {};
}

void ParameterModel::refreshKey(const QString& key) {
    const QModelIndex first = indexOf(key, Name);
    if (first.isValid()) emit dataChanged(first, first.siblingAtColumn(ColumnCount - 1));
}

void ParameterModel::refreshAll() {
    for (int g = 0; g < static_cast<int>(groups_.size()); ++g) {
        const QModelIndex parent = index(g, 0);
        const int rows = rowCount(parent);
        if (rows > 0) emit dataChanged(index(0, 0, parent), index(rows - 1, ColumnCount - 1, parent));
    }
}

}  // namespace gatetune::ui
