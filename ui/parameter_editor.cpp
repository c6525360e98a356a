#include "ui/parameter_editor.hpp"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTreeView>
#include <QVBoxLayout>

#include "ui/parameter_delegate.hpp"
#include "ui/parameter_model.hpp"
#include "ui/preset_document.hpp"
#include "ui/value_slider.hpp"

namespace gatetune::ui {

ParameterEditor::ParameterEditor(PresetDocument& doc, QWidget* parent) : QWidget(parent), doc_(doc) {
    model_ = new ParameterModel(doc, this);
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(model_);
    proxy_->setRecursiveFilteringEnabled(true);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy_->setFilterRole(ParameterModel::KeyRole);

    filter_ = new QLineEdit(this);
    filter_->setPlaceholderText(tr("Filter keys (e.g. timeout, pool)"));
    filter_->setClearButtonEnabled(true);
    connect(filter_, &QLineEdit::textChanged, this, [this](const QString& text) {
        proxy_->setFilterFixedString(text);
        if (!text.isEmpty()) view_->expandAll();
    });

    view_ = new QTreeView(this);
    view_->setObjectName(QStringLiteral("parameterTree"));
    view_->setModel(proxy_);
    view_->setItemDelegate(new ParameterDelegate(view_));
    view_->setAlternatingRowColors(true);
    view_->setUniformRowHeights(true);
    view_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed | QAbstractItemView::AnyKeyPressed);
    view_->header()->setSectionResizeMode(QHeaderView::Interactive);
    view_->expandAll();
    // Names and units come from the schema and never change, so their widths are measured once:
    // in ResizeToContents mode every edit re-measured every row's text (most of a slider step).
    view_->resizeColumnToContents(ParameterModel::Name);
    view_->resizeColumnToContents(ParameterModel::Unit);
    view_->header()->resizeSection(ParameterModel::Value, 140);
    connect(view_->selectionModel(), &QItemSelectionModel::currentChanged, this, &ParameterEditor::currentChanged);
    connect(&doc_, &PresetDocument::reset, view_, &QTreeView::expandAll);

    slider_ = new ValueSlider(doc, this);
    issue_ = new QLabel(this);
    issue_->setObjectName(QStringLiteral("issueLabel"));
    issue_->setWordWrap(true);
    issue_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(&doc_, &PresetDocument::issuesChanged, this, &ParameterEditor::showIssues);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(filter_);
    layout->addWidget(view_, 1);
    layout->addWidget(slider_);
    layout->addWidget(issue_);
    showIssues();
}

void ParameterEditor::focusKey(const QString& dottedKey) {
    const QModelIndex source = model_->indexOf(dottedKey);
    if (!source.isValid()) return;
    filter_->clear();
    const QModelIndex index = proxy_->mapFromSource(source);
    view_->setCurrentIndex(index);
    view_->scrollTo(index);
    view_->horizontalScrollBar()->setValue(0);  // keep the key names in view
    view_->setFocus();
}

void ParameterEditor::currentChanged() {
    slider_->setKey(model_->keyAt(proxy_->mapToSource(view_->currentIndex())));
    showIssues();
}

// The problem at the selected key first (that is what the user is looking at), else a count.
void ParameterEditor::showIssues() {
    const auto& issues = doc_.issues();
    const sim::KeySpec* current = model_->keyAt(proxy_->mapToSource(view_->currentIndex()));
    QString text;
    if (const FieldIssue* here = current ? doc_.issue(current->key) : nullptr) {
        text = QStringLiteral("%1: %2").arg(QString::fromUtf8(current->key.data(), static_cast<qsizetype>(current->key.size())), here->message);
    } else if (!issues.empty()) {
        const auto& [key, first] = *issues.begin();
        text = tr("%n problem(s) — not simulated until fixed. ", nullptr, static_cast<int>(issues.size())) +
               (key.empty() ? first.message : QString::fromStdString(key) + QStringLiteral(": ") + first.message);
    }
    issue_->setText(text);
    issue_->setVisible(!text.isEmpty());
}

}  // namespace gatetune::ui
