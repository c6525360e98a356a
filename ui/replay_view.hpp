#pragma once
// A hypothesis beside the observation: the observed workload replayed under it (replay_run, on
// the diagnosis's first seed, in the background), compared group by group with what the callers
// saw (side_by_side) and drawn as the request waterfall of the Waterfall view. Choosing a group
// selects its first simulated request in the waterfall, with its timeline and why it ended so.
#include <QFutureWatcher>
#include <QWidget>

#include <memory>
#include <optional>

#include "sim/diagnosis/diagnosis.hpp"
#include "sim/diagnosis/side_by_side.hpp"

class QLabel;
class QTableView;

namespace gatetune::ui {

struct DiagnoseOutcome;
class SideBySideModel;
class WaterfallTab;

struct Replayed {
    std::shared_ptr<const sim::RunResult> run;
    sim::diagnosis::SideBySide sides;
    QString heading;
    QString error;
    quint64 serial = 0;
};

class ReplayView : public QWidget {
    Q_OBJECT
public:
    explicit ReplayView(QWidget* parent = nullptr);
    ~ReplayView() override;

    // Replays `h` (a hypothesis of `outcome`) and shows it under `heading`.
    void show(std::shared_ptr<const DiagnoseOutcome> outcome, const sim::diagnosis::Hypothesis& h, const QString& heading);
    void clear(const QString& message = {});
    // A replay was asked for and is not on display yet.
    bool busy() const { return shown_ != requested_; }

    QLabel* heading() const { return heading_; }
    SideBySideModel* model() const { return model_; }
    QTableView* table() const { return table_; }
    WaterfallTab* waterfall() const { return waterfall_; }
    std::shared_ptr<const sim::RunResult> run() const { return run_; }

signals:
    void replayed();  // a replay is on display (or its error)

private:
    struct Request {
        std::shared_ptr<const DiagnoseOutcome> outcome;
        sim::diagnosis::Hypothesis hypothesis;
        QString heading;
        quint64 serial = 0;
    };
    void launch();
    void done();
    void chooseGroup(int row);

    QLabel* heading_;
    SideBySideModel* model_;
    QTableView* table_;
    WaterfallTab* waterfall_;
    std::shared_ptr<const sim::RunResult> run_;
    std::optional<Request> pending_;
    quint64 requested_ = 0;  // serial of the newest request
    quint64 shown_ = 0;      // serial of the replay on display
    QFutureWatcher<Replayed> watcher_;
};

}  // namespace gatetune::ui
