#pragma once
// The end of a live run: the simulated and the live run side by side (sim::Comparison read back
// from `gatetune live`'s JSON) — requests and error rate, counts by status and by cause,
// latency percentiles, each with the difference — and the verdict with its reasons.
#include <QWidget>

#include "sim/live_report.hpp"

class QLabel;
class QStandardItemModel;
class QTableView;

namespace gatetune::ui {

class LiveComparisonView : public QWidget {
    Q_OBJECT
public:
    explicit LiveComparisonView(QWidget* parent = nullptr);
    void show(const sim::LiveReport& report);
    void showMessage(const QString& message);  // no comparison (yet, or the run failed)

    QStandardItemModel* model() const { return model_; }
    QLabel* verdict() const { return verdict_; }

private:
    QLabel* verdict_;
    QStandardItemModel* model_;
    QTableView* table_;
};

}  // namespace gatetune::ui
