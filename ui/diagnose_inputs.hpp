#pragma once
// What the Diagnose view is asked to explain — `gatetune diagnose`'s choices as a form: the
// observed files (request records and logs, several at once) and their format, the
// configuration that was running (the preset in the editor, or another file), the user's own
// suspects, a fix to check, the mechanisms to try, seeds and jobs.
#include <QWidget>

#include <optional>

#include "ui/diagnose_job.hpp"

class QAction;
class QCheckBox;
class QComboBox;
class QLineEdit;
class QListWidget;
class QRadioButton;
class QSpinBox;
class QToolButton;

namespace gatetune::ui {

class PresetDocument;

class DiagnoseInputs : public QWidget {
    Q_OBJECT
public:
    explicit DiagnoseInputs(PresetDocument& doc, QWidget* parent = nullptr);

    void setObservationFiles(const QStringList& paths);
    QStringList observationFiles() const;
    void setConfigFile(const QString& path);  // "" runs the preset in the editor
    void setFixFile(const QString& path);
    void setFixSets(const QStringList& sets);
    void setSuspects(const QStringList& suspects);
    void setMechanisms(const QStringList& ids);  // empty: every mechanism of the catalogue
    QStringList mechanisms() const;              // empty when every one is chosen
    void setSeeds(int seeds);
    void setJobs(int jobs);                      // 0: every core
    void setProposeFixes(bool on);

    // The request as the form stands, or nullopt with `problem` saying what is missing.
    std::optional<DiagnoseRequest> request(QString& problem) const;

private:
    void addFiles();
    void browseConfig();
    void browseFix();
    void updateConfigLabel();
    void updateMechanismButton();

    PresetDocument& doc_;
    QListWidget* files_;
    QComboBox* format_;
    QRadioButton* useEditor_;
    QRadioButton* useFile_;
    QLineEdit* configFile_;
    QLineEdit* suspects_;
    QLineEdit* fixFile_;
    QLineEdit* fixSets_;
    QCheckBox* propose_;
    QSpinBox* seeds_;
    QSpinBox* jobs_;
    QToolButton* mechanismButton_;
    QList<QAction*> mechanismActions_;
};

}  // namespace gatetune::ui
