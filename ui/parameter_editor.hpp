#pragma once
// The parameter editor: the schema-driven tree of every key grouped by component, a filter
// box, a slider for the selected number, and the reason beside a rejected value.
#include <QWidget>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTreeView;

namespace gatetune::ui {

class ParameterModel;
class PresetDocument;
class ValueSlider;

class ParameterEditor : public QWidget {
    Q_OBJECT
public:
    explicit ParameterEditor(PresetDocument& doc, QWidget* parent = nullptr);

    ParameterModel* model() const { return model_; }
    QTreeView* view() const { return view_; }
    ValueSlider* valueSlider() const { return slider_; }
    QLabel* issueLabel() const { return issue_; }
    // Selects (and scrolls to) a key, e.g. from a validation finding.
    void focusKey(const QString& dottedKey);

private:
    void currentChanged();
    void showIssues();

    PresetDocument& doc_;
    ParameterModel* model_;
    QSortFilterProxyModel* proxy_;
    QLineEdit* filter_;
    QTreeView* view_;
    ValueSlider* slider_;
    QLabel* issue_;
};

}  // namespace gatetune::ui
