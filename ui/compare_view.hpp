#pragma once
// Compare: a pinned baseline run against the current one (or any two runs of the history), the
// charts overlaid — baseline dashed — and every difference listed, preset keys first.
#include <QWidget>

#include <optional>

#include "sim/history/run_record.hpp"

class QLabel;
class QStandardItemModel;
class QTableView;

namespace gatetune::ui {

class RunCharts;

class CompareView : public QWidget {
    Q_OBJECT
public:
    explicit CompareView(QWidget* parent = nullptr);
    void setBaseline(const sim::history::RunRecord& run);
    void setCurrent(const sim::history::RunRecord& run);
    void clearBaseline();
    bool hasBaseline() const { return baseline_.has_value(); }

    QStandardItemModel* differences() const { return diffs_; }
    RunCharts* charts() const { return charts_; }

    static QString describe(const sim::history::RunRecord& run);  // "seed-incident · seed 1 · 12:00 · run 7"

private:
    void refresh();

    std::optional<sim::history::RunRecord> baseline_;
    std::optional<sim::history::RunRecord> current_;
    QLabel* title_;
    QStandardItemModel* diffs_;
    QTableView* table_;
    RunCharts* charts_;
};

}  // namespace gatetune::ui
