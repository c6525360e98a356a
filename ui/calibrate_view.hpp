#pragma once
// Calibrate: from a team's own request logs to the preset's numbers — `gatetune calibrate` in the
// window (issue 22). Logs are added with a file dialog or dropped on the view; the reading and
// fitting run in the background (calibrate_job.hpp) with progress and Cancel. Then, per fitted
// quantity, every candidate family with its KS distance (the chosen one marked) and the data's
// histogram with the families over it (fit_charts.hpp); what the logs cannot identify, said
// plainly; and the preset changes the calibration makes, which "Accept into preset" applies to
// the editor's preset as one undoable edit.
#include <QWidget>

#include <atomic>
#include <memory>
#include <vector>

#include "sim/calibration/calibration_report.hpp"
#include "ui/background_job.hpp"
#include "ui/calibrate_job.hpp"

class QChartView;
class QComboBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QStandardItemModel;
class QTableView;

namespace gatetune::ui {

class PresetDocument;

class CalibrateView : public QWidget {
    Q_OBJECT
public:
    explicit CalibrateView(PresetDocument& doc, QWidget* parent = nullptr);
    ~CalibrateView() override;

    void setLogFiles(const QStringList& paths);
    QStringList logFiles() const;
    void start();
    void cancel();
    bool running() const;
    int calibrationsFinished() const { return finished_; }
    // The last calibration that finished (with its error, when it had one); null before the first.
    std::shared_ptr<const CalibrateOutcome> outcome() const { return outcome_; }
    // The fitted quantities of the last calibration, in the report's order (fitted_quantities()).
    const std::vector<sim::calibration::FittedQuantity>& quantities() const { return quantities_; }
    // Shows quantity `index`'s charts (and selects its first row in the fits table).
    void selectQuantity(int index);
    int selectedQuantity() const { return selected_; }
    // Applies the calibration's changes to the editor's preset as one undo step; the number of
    // keys that changed (0: nothing to accept, or the preset already holds these values).
    int acceptIntoPreset();

    QLabel* message() const { return message_; }
    QStandardItemModel* fits() const { return fits_; }
    QTableView* fitTable() const { return fitTable_; }
    QChartView* histogram() const { return histogram_; }
    QChartView* cdf() const { return cdf_; }
    QLabel* notIdentified() const { return notIdentified_; }
    QStandardItemModel* changes() const { return changes_; }
    QPushButton* acceptButton() const { return accept_; }

    // Columns of the fits table.
    enum FitColumn { Quantity, Family, Parameters, Ks, KsCritical, Chosen };

signals:
    void finished();
    void statusMessage(const QString& text);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void addFiles();
    void done(const CalibrateOutcome& result);
    void showOutcome(std::shared_ptr<const CalibrateOutcome> outcome);
    void showError(const QString& error);
    void fillFits();
    void fillChanges();
    void showCharts(int index);

    PresetDocument& doc_;
    QListWidget* files_;
    QComboBox* format_;
    QPushButton* run_;
    QPushButton* stop_;
    QPushButton* accept_;
    QProgressBar* progress_;
    QLabel* message_;
    QStandardItemModel* fits_;
    QTableView* fitTable_;
    QLabel* chartNote_;
    QChartView* histogram_;
    QChartView* cdf_;
    QLabel* notIdentified_;
    QStandardItemModel* changes_;
    QTableView* changeTable_;

    std::unique_ptr<BackgroundJob<CalibrateOutcome>> job_;
    std::shared_ptr<const CalibrateOutcome> outcome_;
    std::vector<sim::calibration::FittedQuantity> quantities_;
    int selected_ = -1;
    int finished_ = 0;
};

}  // namespace gatetune::ui
