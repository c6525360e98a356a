#include "ui/compare_view.hpp"

#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

#include "sim/history/run_diff.hpp"
#include "sim/preset/preset_io.hpp"
#include "ui/run_charts.hpp"

namespace gatetune::ui {

namespace {
std::optional<int> maxConnectionsOf(const sim::history::RunRecord& run) {
    try {
        return sim::parse_preset(run.preset_text, "history").db_server.max_connections;
    } catch (const std::exception&) {
        return std::nullopt;  // the line is a help, not a must
    }
}
}  // namespace

CompareView::CompareView(QWidget* parent) : QWidget(parent) {
    title_ = new QLabel(this);
    title_->setWordWrap(true);
    title_->setTextFormat(Qt::RichText);
    diffs_ = new QStandardItemModel(0, 3, this);
    diffs_->setHorizontalHeaderLabels({tr("Difference"), tr("Baseline"), tr("Current")});
    table_ = new QTableView(this);
    table_->setObjectName(QStringLiteral("differences"));
    table_->setModel(diffs_);
    table_->verticalHeader()->hide();
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setAlternatingRowColors(true);
    table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setStretchLastSection(true);
    charts_ = new RunCharts(this);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(charts_);
    scroll->setWidgetResizable(true);
    auto* split = new QSplitter(this);
    split->addWidget(table_);
    split->addWidget(scroll);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 2);
    split->setSizes({420, 1000});
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title_);
    layout->addWidget(split, 1);
    refresh();
}

QString CompareView::describe(const sim::history::RunRecord& run) {
    QString s = QStringLiteral("%1 · seed %2").arg(QString::fromStdString(run.preset_name)).arg(run.seed);
    if (!run.created_at.empty()) s += QStringLiteral(" · ") + QString::fromStdString(run.created_at);
    if (run.id != 0) s += tr(" · run %1").arg(run.id);
    return s;
}

void CompareView::setBaseline(const sim::history::RunRecord& run) {
    baseline_ = run;
    refresh();
}

void CompareView::setCurrent(const sim::history::RunRecord& run) {
    current_ = run;
    refresh();
}

void CompareView::clearBaseline() {
    baseline_.reset();
    refresh();
}

void CompareView::refresh() {
    diffs_->removeRows(0, diffs_->rowCount());
    if (!baseline_ || !current_) {
        title_->setText(tr("Pin a run as the baseline (Run ▸ Pin as baseline, or from the History tab); the next run is "
                           "then overlaid on it here, with every difference listed."));
        charts_->clear();
        return;
    }
    title_->setText(tr("<b>Baseline</b> (dashed): %1<br><b>Current</b>: %2").arg(describe(*baseline_).toHtmlEscaped(), describe(*current_).toHtmlEscaped()));
    for (const sim::history::Difference& d : sim::history::compare_runs(*baseline_, *current_)) {
        auto* what = new QStandardItem(QString::fromStdString(d.what));
        if (d.kind == sim::history::Difference::Kind::Parameter) {
            QFont f = what->font();
            f.setBold(true);
            what->setFont(f);
        }
        QList<QStandardItem*> row{what, new QStandardItem(QString::fromStdString(d.baseline)), new QStandardItem(QString::fromStdString(d.current))};
        if (!d.differs)
            for (QStandardItem* item : row) item->setForeground(palette().brush(QPalette::Disabled, QPalette::Text));
        diffs_->appendRow(row);
    }
    charts_->show({{&*baseline_, tr("baseline"), maxConnectionsOf(*baseline_), true},
                   {&*current_, tr("current"), maxConnectionsOf(*current_), false}},
                  false);
}

}  // namespace gatetune::ui
