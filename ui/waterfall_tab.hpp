#pragma once
// The waterfall with its phase legend, a "failures only" filter, and the chosen request's
// timeline: every phase with its duration, the outcome, and the sentence that explains its
// cause (the run explains each cause once, at its first occurrence).
#include <QWidget>

#include <memory>

#include "sim/run_result.hpp"

class QCheckBox;
class QHBoxLayout;
class QSplitter;
class QTextBrowser;

namespace gatetune::ui {

class WaterfallView;

class WaterfallTab : public QWidget {
    Q_OBJECT
public:
    explicit WaterfallTab(QWidget* parent = nullptr);
    void setRun(std::shared_ptr<const sim::RunResult> run);
    // The chosen request's timeline under the waterfall instead of beside it (for a narrow pane).
    void setDetailsBelow(bool below);
    WaterfallView* view() const { return view_; }
    QTextBrowser* details() const { return details_; }

    // The detail text of one request (HTML).
    static QString describe(const sim::RunResult& run, const sim::RequestRecord& r);

private:
    void showRequest(std::size_t record);

    std::shared_ptr<const sim::RunResult> run_;
    WaterfallView* view_;
    QCheckBox* failuresOnly_;
    QTextBrowser* details_;
    QSplitter* split_;
    QHBoxLayout* top_;
    QWidget* legend_;
};

}  // namespace gatetune::ui
