#pragma once
// The Live tab's charts, fed one /metrics sample at a time: requests ok and failed per second
// (from the counters' deltas), requests in flight at the gateway and at the upstream, the DB
// pool checked out and waiting (all workers), and the database connections open.
#include <QWidget>

#include <optional>

#include "ui/live_sample.hpp"

class QChart;
class QGridLayout;
class QLineSeries;

namespace gatetune::ui {

class LiveCharts : public QWidget {
    Q_OBJECT
public:
    explicit LiveCharts(QWidget* parent = nullptr);
    void clear();
    void addSample(double seconds, const LiveSample& sample);

    // By title without its unit ("Requests", "In flight", "DB pool", "DB connections").
    QChart* chart(const QString& title) const;
    int samples() const { return samples_; }

private:
    QChart* addChart(const QString& title, int row, int column);
    void rebuild();  // fresh charts in the current palette

    QGridLayout* grid_;
    QList<QChart*> charts_;
    QLineSeries *ok_ = nullptr, *failed_ = nullptr, *inFlight_ = nullptr, *upstream_ = nullptr;
    QLineSeries *checkedOut_ = nullptr, *waiting_ = nullptr, *connections_ = nullptr;
    std::optional<std::pair<double, LiveSample>> previous_;
    int samples_ = 0;
};

}  // namespace gatetune::ui
