#pragma once
// Diagnose: from what was observed during an incident to the mechanisms that reproduce it —
// `gatetune diagnose` in the window. The form (diagnose_inputs.hpp) says what was observed and
// what was running; the diagnosis runs in the background with progress and Cancel; then the
// ranked hypotheses, what cannot be told apart and what other traffic would show, the suspects'
// verdicts and the fix check; selecting a hypothesis replays the observed workload under it
// beside what was observed (replay_view.hpp).
#include <QWidget>

#include <atomic>
#include <memory>

#include "ui/background_job.hpp"
#include "ui/diagnose_job.hpp"

class QLabel;
class QProgressBar;
class QPushButton;
class QStandardItemModel;
class QTabWidget;
class QTableView;

namespace gatetune::ui {

class DiagnoseInputs;
class HypothesisModel;
class PresetDocument;
class ReplayView;

class DiagnoseView : public QWidget {
    Q_OBJECT
public:
    explicit DiagnoseView(PresetDocument& doc, QWidget* parent = nullptr);
    ~DiagnoseView() override;

    DiagnoseInputs* inputs() const { return inputs_; }
    void start();
    void cancel();
    bool running() const;
    int diagnosesFinished() const { return finished_; }
    // The last diagnosis that finished (with its error, when it had one); null before the first.
    std::shared_ptr<const DiagnoseOutcome> outcome() const { return outcome_; }
    // Shows hypothesis `row` of the ranked table (the last row: the configuration as it was)
    // beside the observation.
    void selectHypothesis(int row);
    bool saveReport(const QString& path);  // text, or JSON for *.json

    QLabel* message() const { return message_; }
    QLabel* summary() const { return summary_; }
    HypothesisModel* hypotheses() const { return hypotheses_; }
    QTableView* hypothesisTable() const { return hypothesisTable_; }
    QStandardItemModel* predictions() const { return predictions_; }
    QStandardItemModel* suspects() const { return suspects_; }
    QStandardItemModel* fixes() const { return fixes_; }
    QTabWidget* details() const { return details_; }
    ReplayView* replay() const { return replay_; }

signals:
    void finished();
    void statusMessage(const QString& text);

private:
    void done(const DiagnoseOutcome& result);
    void show(std::shared_ptr<const DiagnoseOutcome> outcome);
    void showError(const QString& error);
    void fillPredictions(const sim::diagnosis::Diagnosis& d);
    void fillSuspects(const sim::diagnosis::Diagnosis& d);
    void fillFixes(const sim::diagnosis::Diagnosis& d);
    void showHypothesis(int row);
    QString hypothesisHeading(int row) const;
    void saveReportAs();

    DiagnoseInputs* inputs_;
    QPushButton* run_;
    QPushButton* stop_;
    QPushButton* save_;
    QProgressBar* progress_;
    QLabel* message_;
    QLabel* summary_;
    HypothesisModel* hypotheses_;
    QTableView* hypothesisTable_;
    QLabel* indistinct_;
    QStandardItemModel* predictions_;
    QStandardItemModel* suspects_;
    QStandardItemModel* fixes_;
    QTabWidget* details_;
    ReplayView* replay_;

    std::unique_ptr<BackgroundJob<DiagnoseOutcome>> job_;
    std::shared_ptr<const DiagnoseOutcome> outcome_;
    int finished_ = 0;
};

}  // namespace gatetune::ui
