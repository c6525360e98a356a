#pragma once
// Export: validate the current configuration (rules + SLO over K seeds, in the background), then
// preview every file `gatetune export` would write — gunicorn.conf.py, db.py, … VALIDATION.md —
// and save them into a folder. A configuration that did not validate is exported only when
// "Export anyway" is ticked, and then every file says so (sim/export).
#include <QDialog>
#include <QFutureWatcher>

#include <optional>
#include <vector>

#include "sim/config.hpp"
#include "sim/export/export.hpp"
#include "sim/validation/validate.hpp"

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace gatetune::ui {

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(const sim::Config& config, QWidget* parent = nullptr);
    ~ExportDialog() override;

    void validate();               // starts the background validation
    bool validating() const { return watcher_.isRunning(); }
    // The validation has finished (and its outcome is shown).
    bool hasVerdict() const { return report_.has_value() || !validationError_.isEmpty(); }
    // Writes the previewed files into `dir`; "" or why not.
    QString saveTo(const QString& dir);
    const std::vector<sim::exporting::ExportedFile>& files() const { return files_; }
    QListWidget* fileList() const { return list_; }
    QPlainTextEdit* preview() const { return preview_; }
    QCheckBox* forced() const { return forced_; }
    QLabel* verdict() const { return verdict_; }

signals:
    void validated();

private:
    void validationDone();
    void rebuildFiles();
    void chooseFolder();

    sim::Config config_;
    std::optional<sim::validation::ValidationReport> report_;
    std::vector<sim::exporting::ExportedFile> files_;
    QFutureWatcher<sim::validation::ValidationReport> watcher_;
    QString validationError_;
    QLineEdit* app_;
    QLineEdit* bind_;
    QSpinBox* seeds_;
    QCheckBox* forced_;
    QLabel* verdict_;
    QListWidget* list_;
    QPlainTextEdit* preview_;
    QPushButton* save_;
};

}  // namespace gatetune::ui
