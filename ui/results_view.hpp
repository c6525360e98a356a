#pragma once
// The results of the current run: a one-line verdict, counts by status and by cause (with the
// cause's meaning as tooltip), latency percentiles, and the run's charts.
#include <QWidget>

#include "sim/config.hpp"
#include "sim/history/run_record.hpp"

class QLabel;
class QStandardItemModel;
class QTableView;

namespace gatetune::ui {

class RunCharts;

class ResultsView : public QWidget {
    Q_OBJECT
public:
    explicit ResultsView(QWidget* parent = nullptr);
    void show(const sim::history::RunRecord& run, const sim::Config& config);
    void showMessage(const QString& message);  // no run to show (problems in the preset, failed run)

    RunCharts* charts() const { return charts_; }
    QStandardItemModel* causeModel() const { return causes_; }
    QStandardItemModel* statusModel() const { return statuses_; }
    QLabel* headline() const { return headline_; }

private:
    QLabel* headline_;
    QStandardItemModel* statuses_;
    QStandardItemModel* causes_;
    QStandardItemModel* latency_;
    QLabel* explanations_;
    RunCharts* charts_;
};

}  // namespace gatetune::ui
