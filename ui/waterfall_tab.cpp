#include "ui/waterfall_tab.hpp"

#include "ui/qt_text.hpp"

#include <QCheckBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "ui/waterfall_view.hpp"

namespace gatetune::ui {

namespace {
QString seconds(engine::SimTime t) { return QString::number(engine::to_seconds(t), 'f', 4); }

// In `rows` rows: the legend must not set the window's width.
QWidget* legend(QWidget* parent, int rows) {
    auto* box = new QWidget(parent);
    auto* layout = new QGridLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    const int perRow = static_cast<int>((sim::kPhaseCount + static_cast<std::size_t>(rows) - 1) / static_cast<std::size_t>(rows));
    for (std::size_t ph = 0; ph < sim::kPhaseCount; ++ph) {
        const int row = static_cast<int>(ph) / perRow, column = 2 * (static_cast<int>(ph) % perRow);
        auto* swatch = new QLabel(box);
        swatch->setFixedSize(12, 12);
        swatch->setStyleSheet(QStringLiteral("background:%1; border:1px solid palette(mid)").arg(WaterfallView::phaseColour(ph).name()));
        layout->addWidget(swatch, row, column);
        layout->addWidget(new QLabel(qs(sim::to_string(static_cast<sim::Phase>(ph))), box), row, column + 1);
    }
    layout->setColumnStretch(2 * perRow, 1);
    return box;
}
}  // namespace

WaterfallTab::WaterfallTab(QWidget* parent) : QWidget(parent) {
    view_ = new WaterfallView(this);
    failuresOnly_ = new QCheckBox(tr("&Failures only"), this);
    details_ = new QTextBrowser(this);
    details_->setObjectName(QStringLiteral("requestDetails"));
    details_->setMinimumWidth(340);
    details_->setPlaceholderText(tr("Click a request to see its timeline and why it ended as it did."));
    connect(failuresOnly_, &QCheckBox::toggled, view_, &WaterfallView::setFailuresOnly);
    connect(view_, &WaterfallView::requestChosen, this, &WaterfallTab::showRequest);

    auto* left = new QWidget(this);
    auto* ll = new QVBoxLayout(left);
    ll->setContentsMargins(0, 0, 0, 0);
    top_ = new QHBoxLayout;
    top_->addWidget(failuresOnly_);
    legend_ = legend(left, 2);
    top_->addWidget(legend_, 1);
    ll->addLayout(top_);
    ll->addWidget(view_, 1);

    split_ = new QSplitter(this);
    split_->addWidget(left);
    split_->addWidget(details_);
    split_->setStretchFactor(0, 3);
    split_->setStretchFactor(1, 1);
    split_->setSizes({1000, 420});
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split_);
}

void WaterfallTab::setDetailsBelow(bool below) {
    // A pane narrow enough to want the details below wants the legend in three rows too.
    QWidget* narrower = legend(legend_->parentWidget(), below ? 3 : 2);
    delete top_->replaceWidget(legend_, narrower);  // the layout hands back the old item, ours to free
    delete legend_;
    legend_ = narrower;
    split_->setOrientation(below ? Qt::Vertical : Qt::Horizontal);
    details_->setMinimumWidth(below ? 0 : 340);
    split_->setStretchFactor(1, below ? 2 : 1);
    split_->setSizes(below ? QList<int>{300, 200} : QList<int>{1000, 420});
}

void WaterfallTab::setRun(std::shared_ptr<const sim::RunResult> run) {
    run_ = std::move(run);
    view_->setRun(run_);
    details_->clear();
}

void WaterfallTab::showRequest(std::size_t record) {
    if (run_ && record < run_->records.size()) details_->setHtml(describe(*run_, run_->records[record]));
}

QString WaterfallTab::describe(const sim::RunResult& run, const sim::RequestRecord& r) {
    QString html = tr("<h3>Request %1</h3>").arg(r.id);
    html += tr("<p>User %1, call %2, API key %3, worker %4, %5 upstream attempt(s); %6 → %7 tokens.</p>")
                .arg(r.user).arg(r.call).arg(r.api_key).arg(r.worker).arg(r.attempts).arg(r.input_tokens).arg(r.output_tokens);
    html += tr("<p>Sent at %1 s, ended at %2 s: <b>%3 s</b>. Outcome: <b>%4</b> (%5).</p>")
                .arg(seconds(r.start), seconds(r.end), seconds(r.latency()), QString::fromStdString(sim::status_label(r)),
                     qs(sim::to_string(r.cause)));
    html += QStringLiteral("<table cellspacing=2>");
    const double total = std::max<double>(1, static_cast<double>(r.latency()));
    for (std::size_t ph = 0; ph < sim::kPhaseCount; ++ph) {
        if (r.phases[ph] <= 0) continue;
        const int width = static_cast<int>(160.0 * static_cast<double>(r.phases[ph]) / total) + 1;
        html += QStringLiteral("<tr><td>%1</td><td align=right>%2 s</td><td><table cellspacing=0 cellpadding=0><tr>"
                               "<td width=%3 height=10 bgcolor=%4></td></tr></table></td></tr>")
                    .arg(qs(sim::to_string(static_cast<sim::Phase>(ph))), seconds(r.phases[ph]))
                    .arg(width)
                    .arg(WaterfallView::phaseColour(ph).name());
    }
    html += QStringLiteral("</table>");
    if (r.ok()) return html;
    html += QStringLiteral("<p><i>%1</i></p>").arg(qs(sim::info(r.cause).summary).toHtmlEscaped());
    for (const sim::Explanation& e : run.explanations) {
        if (e.cause != r.cause) continue;
        html += e.request_id == r.id ? tr("<p><b>Why:</b> %1</p>").arg(QString::fromStdString(e.sentence).toHtmlEscaped())
                                     : tr("<p><b>Why</b> (explained at its first occurrence, request %1): %2</p>")
                                           .arg(e.request_id)
                                           .arg(QString::fromStdString(e.sentence).toHtmlEscaped());
    }
    return html;
}

}  // namespace gatetune::ui
