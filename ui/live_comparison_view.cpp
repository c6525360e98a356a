#include "ui/live_comparison_view.hpp"

#include <QHeaderView>
#include <QLabel>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

namespace gatetune::ui {

namespace {

QString number(double v, int decimals) { return QString::number(v, 'f', decimals); }

// One row: quantity, both values, the difference and the relative difference.
QList<QStandardItem*> row(const sim::ComparedValue& v, int decimals) {
    QList<QStandardItem*> items{new QStandardItem(QString::fromStdString(v.name)), new QStandardItem(number(v.left, decimals)),
                                new QStandardItem(number(v.right, decimals)),
                                new QStandardItem((v.difference() > 0 ? QStringLiteral("+") : QString()) + number(v.difference(), decimals))};
    const auto rel = v.relative();
    items << new QStandardItem(rel ? QStringLiteral("%1%2 %").arg(*rel > 0 ? QStringLiteral("+") : QString()).arg(100 * *rel, 0, 'f', 1)
                                   : QStringLiteral("—"));
    for (int i = 1; i < items.size(); ++i) items[i]->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return items;
}

QList<QStandardItem*> section(const QString& title) {
    auto* item = new QStandardItem(title);
    QFont bold = item->font();
    bold.setBold(true);
    item->setFont(bold);
    return {item, new QStandardItem, new QStandardItem, new QStandardItem, new QStandardItem};
}

}  // namespace

LiveComparisonView::LiveComparisonView(QWidget* parent) : QWidget(parent) {
    verdict_ = new QLabel(this);
    verdict_->setWordWrap(true);
    verdict_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    model_ = new QStandardItemModel(0, 5, this);
    table_ = new QTableView(this);
    table_->setModel(model_);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setAlternatingRowColors(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(verdict_);
    layout->addWidget(table_, 1);
    showMessage(tr("Press Start to run the current configuration for real on loopback; the simulated and the live run "
                   "are compared here when it ends."));
}

void LiveComparisonView::showMessage(const QString& message) {
    model_->clear();
    model_->setColumnCount(5);
    verdict_->setText(message);
}

void LiveComparisonView::show(const sim::LiveReport& report) {
    const sim::Comparison& c = report.comparison;
    model_->clear();
    model_->setHorizontalHeaderLabels({tr("Quantity"), QString::fromStdString(c.left_label), QString::fromStdString(c.right_label),
                                       tr("Difference"), tr("Relative")});
    // Numbers stay next to their names: the quantity column takes the spare width, not "Relative"
    // (set after the model is filled: clear() drops per-section modes).
    table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    model_->appendRow(section(tr("Summary")));
    model_->appendRow(row({"requests", static_cast<double>(c.left_requests), static_cast<double>(c.right_requests)}, 0));
    model_->appendRow(row({"error rate (%)", 100 * c.left_error_rate, 100 * c.right_error_rate}, 1));
    model_->appendRow(section(tr("Requests by status")));
    for (const auto& v : c.by_status) model_->appendRow(row(v, 0));
    model_->appendRow(section(tr("Requests by cause")));
    for (const auto& v : c.by_cause) model_->appendRow(row(v, 0));
    model_->appendRow(section(tr("Latency, all requests (s)")));
    for (const auto& v : c.latency) model_->appendRow(row(v, 4));

    QString text = report.agreement.agrees
                       ? tr("<b>The live run agrees with the simulation</b> (time scale %1; durations in preset seconds).")
                       : tr("<b>The live run differs from the simulation</b> (time scale %1; durations in preset seconds):");
    text = text.arg(report.time_scale);
    if (!report.agreement.reasons.empty()) {
        text += QStringLiteral("<ul style=\"margin:0\">");
        for (const auto& r : report.agreement.reasons) text += QStringLiteral("<li>%1</li>").arg(QString::fromStdString(r).toHtmlEscaped());
        text += QStringLiteral("</ul>");
    }
    verdict_->setText(text);
}

}  // namespace gatetune::ui
