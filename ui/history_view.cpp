#include "ui/history_view.hpp"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

#include "ui/display_path.hpp"
#include "ui/history_model.hpp"

namespace gatetune::ui {

HistoryView::HistoryView(QWidget* parent) : QWidget(parent) {
    model_ = new HistoryModel(this);
    search_ = new QLineEdit(this);
    search_->setPlaceholderText(tr("Search runs: preset name, hash, date, any text of the preset"));
    search_->setClearButtonEnabled(true);
    connect(search_, &QLineEdit::textChanged, this, &HistoryView::refresh);
    table_ = new QTableView(this);
    table_->setObjectName(QStringLiteral("historyTable"));
    table_->setModel(model_);
    table_->verticalHeader()->hide();
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setAlternatingRowColors(true);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setStretchLastSection(true);
    status_ = new QLabel(this);
    status_->setWordWrap(true);

    compare_ = new QPushButton(tr("&Compare with current"), this);
    compareTwo_ = new QPushButton(tr("Compare the &two selected"), this);
    pin_ = new QPushButton(tr("&Pin as baseline"), this);
    open_ = new QPushButton(tr("&Open its preset"), this);
    remove_ = new QPushButton(tr("&Delete"), this);
    connect(compare_, &QPushButton::clicked, this, [this] {
        if (auto runs = selectedRuns(); !runs.empty()) emit compareWithCurrent(runs.front());
    });
    connect(compareTwo_, &QPushButton::clicked, this, [this] {
        if (auto runs = selectedRuns(); runs.size() == 2) emit compareTwo(runs[0], runs[1]);
    });
    connect(pin_, &QPushButton::clicked, this, [this] {
        if (auto runs = selectedRuns(); !runs.empty()) emit pinBaseline(runs.front());
    });
    connect(open_, &QPushButton::clicked, this, [this] {
        if (auto runs = selectedRuns(); !runs.empty()) emit openPreset(runs.front());
    });
    connect(remove_, &QPushButton::clicked, this, &HistoryView::removeSelected);
    connect(table_, &QTableView::doubleClicked, compare_, &QPushButton::click);

    auto* buttons = new QHBoxLayout;
    for (QPushButton* b : {compare_, compareTwo_, pin_, open_, remove_}) buttons->addWidget(b);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(search_);
    layout->addWidget(table_, 1);
    layout->addLayout(buttons);
    layout->addWidget(status_);
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &HistoryView::updateButtons);
    updateButtons();
}

void HistoryView::setHistory(sim::history::RunHistory* history, const QString& problem) {
    history_ = history;
    status_->setText(history ? tr("History: %1").arg(displayPath(QString::fromStdString(history->path())))
                             : tr("The run history is not available: %1").arg(problem));
    refresh();
}

void HistoryView::refresh() {
    if (!history_) {
        model_->setEntries({});
        updateButtons();
        return;
    }
    try {
        model_->setEntries(history_->list(search_->text().toStdString()));
    } catch (const std::exception& e) {
        model_->setEntries({});
        status_->setText(QString::fromStdString(e.what()));
    }
    updateButtons();
}

std::vector<sim::history::RunRecord> HistoryView::selectedRuns() {
    std::vector<sim::history::RunRecord> runs;
    if (!history_) return runs;
    QModelIndexList rows = table_->selectionModel()->selectedRows();
    // Oldest first: comparing two runs puts the earlier one as the baseline.
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() > b.row(); });
    try {
        for (const QModelIndex& r : rows) runs.push_back(history_->load(model_->entry(r.row()).id));
    } catch (const std::exception& e) {
        emit failed(QString::fromStdString(e.what()));
        runs.clear();
    }
    return runs;
}

void HistoryView::removeSelected() {
    if (!history_) return;
    const QModelIndexList rows = table_->selectionModel()->selectedRows();
    if (rows.isEmpty()) return;
    if (QMessageBox::question(this, tr("Delete runs"), tr("Delete %n run(s) from the history?", nullptr, static_cast<int>(rows.size()))) != QMessageBox::Yes)
        return;
    try {
        for (const QModelIndex& r : rows) history_->remove(model_->entry(r.row()).id);
    } catch (const std::exception& e) {
        emit failed(QString::fromStdString(e.what()));
    }
    refresh();
}

void HistoryView::updateButtons() {
    const auto n = table_->selectionModel() ? table_->selectionModel()->selectedRows().size() : 0;
    compare_->setEnabled(n == 1);
    compareTwo_->setEnabled(n == 2);
    pin_->setEnabled(n == 1);
    open_->setEnabled(n == 1);
    remove_->setEnabled(n >= 1);
}

}  // namespace gatetune::ui
