#pragma once
// The request waterfall: one row per request in order of sending, its time split into the
// phases of the request path as coloured bars (in path order: worker wait, CPU, pool wait, …,
// decode — the record keeps each phase's total, not every interleaving), failures marked with
// their cause. Only the visible rows are painted, so a 100 k-request run scrolls smoothly.
#include <QAbstractScrollArea>
#include <QColor>

#include <memory>
#include <vector>

#include "sim/run_result.hpp"

namespace gatetune::ui {

class WaterfallView : public QAbstractScrollArea {
    Q_OBJECT
public:
    explicit WaterfallView(QWidget* parent = nullptr);
    void setRun(std::shared_ptr<const sim::RunResult> run);
    void setFailuresOnly(bool on);
    // Rows shown, in order (indices into run->records).
    const std::vector<std::size_t>& rows() const { return rows_; }
    // Selects the row showing record `record` (an index into run->records) and emits requestChosen.
    void selectRecord(std::size_t record);
    static QColor phaseColour(std::size_t phase);
    static constexpr int kRowHeight = 16;

signals:
    void requestChosen(std::size_t record);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void rebuild();
    void updateScrollBar();
    double xOf(engine::SimTime t) const;

    std::shared_ptr<const sim::RunResult> run_;
    std::vector<std::size_t> rows_;
    bool failuresOnly_ = false;
    engine::SimTime t0_ = 0, t1_ = 1;
    int selected_ = -1;  // row
};

}  // namespace gatetune::ui
