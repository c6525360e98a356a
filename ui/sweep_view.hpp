#pragma once
// Sweep: vary one or two preset keys over a range (the same `a..b:step` / `v1,v2` syntax as
// `gatetune sweep --vary`), simulate every point with K seeds in the background (cancellable),
// and show the error rate or p99 as a line chart (one key) or heatmap (two keys). Clicking a
// point or cell loads that configuration into the editor (one undo step).
#include <QFutureWatcher>
#include <QWidget>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

#include "sim/config.hpp"
#include "sim/experiment/grid.hpp"
#include "sim/experiment/replication.hpp"

class QChart;
class QChartView;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStackedWidget;

namespace gatetune::ui {

class HeatmapWidget;
class PresetDocument;

struct SweepOutcome {
    sim::Config base;
    sim::experiment::Grid grid;
    std::vector<sim::experiment::Replicated> points;  // grid order
    QString error;
    bool cancelled = false;
};

class SweepView : public QWidget {
    Q_OBJECT
public:
    explicit SweepView(PresetDocument& doc, QWidget* parent = nullptr);
    ~SweepView() override;

    // Axis `i` (0 or 1): key and values as for --vary. An empty key for axis 1 means one axis.
    void setAxis(int i, const QString& key, const QString& values);
    void setSeeds(int seeds);
    void start();
    void cancel();
    bool running() const;

    HeatmapWidget* heatmap() const { return heatmap_; }
    QChart* lineChart() const { return chart_; }
    const std::optional<SweepOutcome>& outcome() const { return outcome_; }
    // Loads grid point `point` into the editor (what a click does).
    void choosePoint(std::size_t point);

signals:
    void finished();
    void message(const QString& text);

private:
    void done();
    void redraw();
    void suggestValues(int axis);
    std::size_t figureIndex() const;

    PresetDocument& doc_;
    QComboBox* key_[2];
    QLineEdit* values_[2];
    QCheckBox* second_;
    QComboBox* metric_;
    QSpinBox* seeds_;
    QPushButton* run_;
    QPushButton* stop_;
    QProgressBar* progress_;
    QLabel* status_;
    QStackedWidget* stack_;
    QChart* chart_;
    QChartView* chartView_;
    HeatmapWidget* heatmap_;

    std::shared_ptr<std::atomic<bool>> stopFlag_;
    QFutureWatcher<SweepOutcome> watcher_;
    std::optional<SweepOutcome> outcome_;
};

}  // namespace gatetune::ui
