#pragma once
// The desktop app's main window, in the shape of Qt's application example: createActions(),
// createMenus(), readSettings()/writeSettings(), maybeSave(). The parameter editor sits on the
// left; the views of the current run (and of the history) are tabs on the right — a new view
// (e.g. a Live tab) is one addView() line in the constructor.
#include <QMainWindow>

#include <memory>
#include <optional>

#include "sim/history/run_history.hpp"
#include "ui/run_controller.hpp"

class QAction;
class QLabel;
class QMenu;
class QProgressBar;
class QPushButton;
class QSplitter;
class QTabWidget;

namespace gatetune::ui {

class CalibrateView;
class CompareView;
class DiagnoseView;
class HistoryView;
class LiveView;
struct LiveOutcome;
class ParameterEditor;
class PresetDocument;
class ResultsView;
class SweepView;
class ValidationView;
class WaterfallTab;

struct MainWindowOptions {
    QString historyPath;     // "" = sim::history::default_history_path()
    bool keepHistory = true; // store every finished run
};

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(const MainWindowOptions& options = {}, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a preset file; false (after telling the user) when it does not load.
    bool openFile(const QString& path);
    bool saveFile(const QString& path);
    void setDarkPalette(bool dark);

    PresetDocument* document() const { return doc_; }
    RunController* runs() const { return runs_; }
    ParameterEditor* editor() const { return editor_; }
    ResultsView* results() const { return results_; }
    WaterfallTab* waterfall() const { return waterfall_; }
    CompareView* compare() const { return compare_; }
    HistoryView* historyView() const { return historyView_; }
    SweepView* sweep() const { return sweep_; }
    ValidationView* validation() const { return validation_; }
    LiveView* live() const { return live_; }
    DiagnoseView* diagnose() const { return diagnose_; }
    CalibrateView* calibrate() const { return calibrate_; }
    QTabWidget* tabs() const { return tabs_; }
    sim::history::RunHistory* history() const { return history_.get(); }
    const std::optional<sim::history::RunRecord>& currentRun() const { return current_; }
    std::shared_ptr<const sim::RunResult> currentResult() const { return result_; }
    int runsFinished() const { return runsFinished_; }

    void pinBaseline();
    void openExportDialog();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    int addView(QWidget* view, const QString& title);
    void createActions();
    void createMenus();
    void createStatusBar();
    void readSettings();
    void writeSettings();
    bool maybeSave();
    void newFile();
    void open();
    void openGallery();
    bool save();
    bool saveAs();
    void addRecentFile(const QString& path);
    void updateRecentMenu();
    void updateTitle();
    void configChanged();
    void runStarted();
    void runProgress(double fraction, const QString& text);
    void runFinished(const RunOutcome& outcome);
    void openHistory(const QString& path);
    void storeRun(const sim::history::RunRecord& record);
    void storeLiveRun(const LiveOutcome& outcome);

    PresetDocument* doc_;
    RunController* runs_;
    std::unique_ptr<sim::history::RunHistory> history_;
    bool keepHistory_;
    std::string lastStoredHash_;

    QSplitter* splitter_;
    ParameterEditor* editor_;
    QTabWidget* tabs_;
    ResultsView* results_;
    WaterfallTab* waterfall_;
    CompareView* compare_;
    HistoryView* historyView_;
    SweepView* sweep_;
    ValidationView* validation_;
    LiveView* live_;
    DiagnoseView* diagnose_;
    CalibrateView* calibrate_;

    QLabel* runStatus_;
    QProgressBar* progress_;
    QPushButton* cancel_;
    QTimer* progressDelay_;

    QMenu* recentMenu_ = nullptr;
    QAction* newAct_ = nullptr;
    QAction* openAct_ = nullptr;
    QAction* galleryAct_ = nullptr;
    QAction* saveAct_ = nullptr;
    QAction* saveAsAct_ = nullptr;
    QAction* exportAct_ = nullptr;
    QAction* quitAct_ = nullptr;
    QAction* undoAct_ = nullptr;
    QAction* redoAct_ = nullptr;
    QAction* runAct_ = nullptr;
    QAction* cancelAct_ = nullptr;
    QAction* pinAct_ = nullptr;
    QAction* darkAct_ = nullptr;

    std::optional<sim::history::RunRecord> current_;
    std::shared_ptr<const sim::RunResult> result_;
    sim::Config resultConfig_;
    int runsFinished_ = 0;
};

}  // namespace gatetune::ui
