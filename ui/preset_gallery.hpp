#pragma once
// The gallery of shipped presets (presets/ and presets/failure-modes/): each with its name and
// description, read from the file itself, so a new preset shows up without touching the app.
#include <QDialog>

class QListView;
class QStandardItemModel;

namespace gatetune::ui {

// $GATETUNE_PRESETS, else share/gatetune/presets beside the executable, else the source tree's
// presets/ (running from a build directory). "" when none exists.
QString presetsDirectory();

class PresetGallery : public QDialog {
    Q_OBJECT
public:
    explicit PresetGallery(QWidget* parent = nullptr);
    QString chosenPath() const { return chosen_; }
    QStandardItemModel* model() const { return model_; }

private:
    QStandardItemModel* model_;
    QListView* view_;
    QString chosen_;
};

}  // namespace gatetune::ui
