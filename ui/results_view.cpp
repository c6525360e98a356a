#include "ui/results_view.hpp"

#include <QFontMetrics>
#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

#include "sim/outcome.hpp"
#include "ui/run_charts.hpp"

namespace gatetune::ui {

namespace {

// The name column takes the room the numbers leave; the number columns fit their contents, so
// a cause name is cut only when the pane is narrower than the longest name.
QTableView* makeTable(QStandardItemModel* model, QWidget* parent) {
    auto* view = new QTableView(parent);
    view->setModel(model);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(false);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    view->setTextElideMode(Qt::ElideMiddle);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAlternatingRowColors(true);
    return view;
}

QStandardItem* numberItem(double v, int decimals = 0) {
    auto* item = new QStandardItem(QString::number(v, 'f', decimals));
    item->setData(v, Qt::UserRole);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QString causeSummary(const std::string& name) {
    sim::Cause c{};
    return sim::parse_cause(name, c) ? QString::fromUtf8(sim::info(c).summary.data(), static_cast<qsizetype>(sim::info(c).summary.size())) : QString();
}

}  // namespace

ResultsView::ResultsView(QWidget* parent) : QWidget(parent) {
    headline_ = new QLabel(this);
    headline_->setObjectName(QStringLiteral("headline"));
    headline_->setWordWrap(true);
    QFont f = headline_->font();
    f.setPointSizeF(f.pointSizeF() * 1.15);
    f.setBold(true);
    headline_->setFont(f);

    statuses_ = new QStandardItemModel(0, 3, this);
    statuses_->setHorizontalHeaderLabels({tr("Status"), tr("Requests"), tr("Share")});
    causes_ = new QStandardItemModel(0, 3, this);
    causes_->setHorizontalHeaderLabels({tr("Cause"), tr("Requests"), tr("Share")});
    latency_ = new QStandardItemModel(0, 2, this);
    latency_->setHorizontalHeaderLabels({tr("Latency"), tr("Seconds")});

    explanations_ = new QLabel(this);
    explanations_->setWordWrap(true);
    explanations_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    explanations_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    auto* explanationScroll = new QScrollArea(this);
    explanationScroll->setWidget(explanations_);
    explanationScroll->setWidgetResizable(true);

    auto* tables = new QWidget(this);
    auto* tl = new QVBoxLayout(tables);
    tl->setContentsMargins(0, 0, 0, 0);
    tl->addWidget(makeTable(statuses_, tables), 2);
    tl->addWidget(makeTable(causes_, tables), 3);
    tl->addWidget(makeTable(latency_, tables), 3);
    tl->addWidget(new QLabel(tr("Why requests failed"), tables));
    tl->addWidget(explanationScroll, 3);

    charts_ = new RunCharts(this);
    auto* chartScroll = new QScrollArea(this);
    chartScroll->setWidget(charts_);
    chartScroll->setWidgetResizable(true);

    auto* split = new QSplitter(this);
    split->addWidget(tables);
    split->addWidget(chartScroll);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 3);
    // Wide enough for the longest cause name beside its two numbers.
    const QFontMetrics fm(font());
    int causeWidth = 0;
    for (std::size_t c = 0; c < sim::kCauseCount; ++c)
        causeWidth = std::max(causeWidth, fm.horizontalAdvance(QString::fromStdString(std::string(sim::to_string(static_cast<sim::Cause>(c))))));
    tables->setMinimumWidth(causeWidth +
                            fm.horizontalAdvance(QStringLiteral("Requests  Share  100000 ")) + 48);
    split->setCollapsible(0, false);
    split->setSizes({tables->minimumWidth(), 1100});

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(headline_);
    layout->addWidget(split, 1);
}

void ResultsView::showMessage(const QString& message) {
    headline_->setText(message);
}

void ResultsView::show(const sim::history::RunRecord& run, const sim::Config& config) {
    const nlohmann::json& s = run.summary;
    const double requests = static_cast<double>(run.requests());
    headline_->setText(tr("%1 requests · error rate %2 % · p50 %3 s · p99 %4 s · seed %5")
                           .arg(run.requests())
                           .arg(run.error_rate() * 100.0, 0, 'f', 2)
                           .arg(run.p50(), 0, 'f', 3)
                           .arg(run.p99(), 0, 'f', 3)
                           .arg(run.seed));

    const auto fill = [&](QStandardItemModel* model, const char* field, bool causes) {
        model->removeRows(0, model->rowCount());
        if (!s.contains(field)) return;
        for (const auto& [name, count] : s[field].items()) {
            const double n = count.is_number() ? count.get<double>() : 0;
            auto* label = new QStandardItem(QString::fromStdString(name));
            if (causes) label->setToolTip(causeSummary(name));
            model->appendRow({label, numberItem(n), numberItem(requests > 0 ? 100.0 * n / requests : 0, 1)});
        }
    };
    fill(statuses_, "by_status", false);
    fill(causes_, "by_cause", true);

    latency_->removeRows(0, latency_->rowCount());
    if (s.contains("latency_s"))
        for (const char* p : {"min", "p50", "p90", "p99", "max", "mean"})
            if (s["latency_s"].contains(p) && s["latency_s"][p].is_number())
                latency_->appendRow({new QStandardItem(QString::fromLatin1(p)), numberItem(s["latency_s"][p].get<double>(), 3)});

    QStringList sentences;
    if (s.contains("explanations"))
        for (const auto& e : s["explanations"])
            sentences << QStringLiteral("<p><b>%1</b> (request %2): %3</p>")
                             .arg(QString::fromStdString(e.value("cause", "")).toHtmlEscaped())
                             .arg(e.value("request_id", std::uint64_t{0}))
                             .arg(QString::fromStdString(e.value("sentence", "")).toHtmlEscaped());
    explanations_->setText(sentences.isEmpty() ? tr("No request failed.") : sentences.join(QString()));

    charts_->show({{&run, QString(), config.db_server.max_connections, false}}, true);
}

}  // namespace gatetune::ui
