#pragma once
// The run history tab: search, then compare a run with the current one, compare two runs,
// pin one as the baseline, open its preset, or delete it. Runs from `gatetune run --save`
// appear here as well (same SQLite file).
#include <QWidget>

#include <memory>

#include "sim/history/run_history.hpp"

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace gatetune::ui {

class HistoryModel;

class HistoryView : public QWidget {
    Q_OBJECT
public:
    explicit HistoryView(QWidget* parent = nullptr);
    // null: the history could not be opened; `problem` says why.
    void setHistory(sim::history::RunHistory* history, const QString& problem = {});
    void refresh();
    HistoryModel* model() const { return model_; }
    QTableView* table() const { return table_; }
    QLineEdit* search() const { return search_; }
    QLabel* status() const { return status_; }

signals:
    void compareWithCurrent(const sim::history::RunRecord& run);
    void compareTwo(const sim::history::RunRecord& baseline, const sim::history::RunRecord& current);
    void pinBaseline(const sim::history::RunRecord& run);
    void openPreset(const sim::history::RunRecord& run);
    void failed(const QString& message);

private:
    std::vector<sim::history::RunRecord> selectedRuns();
    void removeSelected();
    void updateButtons();

    sim::history::RunHistory* history_ = nullptr;
    HistoryModel* model_;
    QLineEdit* search_;
    QTableView* table_;
    QLabel* status_;
    QPushButton* compare_;
    QPushButton* compareTwo_;
    QPushButton* pin_;
    QPushButton* open_;
    QPushButton* remove_;
};

}  // namespace gatetune::ui
