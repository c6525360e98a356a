#pragma once
// The findings panel: the static rules re-checked on every change (they are cheap; the SLO part
// of validation needs simulations and runs in the export dialog). Activating a finding selects
// its first key in the editor.
#include <QWidget>

#include "sim/config.hpp"

class QLabel;
class QTableView;

namespace gatetune::ui {

class FindingsModel;

class ValidationView : public QWidget {
    Q_OBJECT
public:
    explicit ValidationView(QWidget* parent = nullptr);
    void check(const sim::Config& config);
    FindingsModel* model() const { return model_; }
    QTableView* table() const { return table_; }
    QString summary() const;  // "2 errors, 1 warning"

signals:
    void keyActivated(const QString& dottedKey);

private:
    FindingsModel* model_;
    QTableView* table_;
    QLabel* verdict_;
};

}  // namespace gatetune::ui
