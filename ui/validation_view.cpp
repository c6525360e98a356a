#include "ui/validation_view.hpp"

#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

#include "sim/validation/registry.hpp"
#include "ui/findings_model.hpp"

namespace gatetune::ui {

ValidationView::ValidationView(QWidget* parent) : QWidget(parent) {
    model_ = new FindingsModel(this);
    table_ = new QTableView(this);
    table_->setObjectName(QStringLiteral("findings"));
    table_->setModel(model_);
    table_->verticalHeader()->hide();
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setWordWrap(true);
    table_->horizontalHeader()->setSectionResizeMode(FindingsModel::Severity, QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(FindingsModel::Rule, QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(FindingsModel::Message, QHeaderView::Stretch);
    table_->horizontalHeader()->setSectionResizeMode(FindingsModel::Keys, QHeaderView::ResizeToContents);
    // Wrapped rows are measured at the table's width: measure again whenever that changes.
    connect(table_->horizontalHeader(), &QHeaderView::sectionResized, table_, &QTableView::resizeRowsToContents);
    verdict_ = new QLabel(this);
    connect(table_, &QTableView::activated, this, [this](const QModelIndex& index) {
        const auto& f = model_->findings()[static_cast<std::size_t>(index.row())];
        if (!f.keys.empty()) emit keyActivated(QString::fromStdString(f.keys.front()));
    });
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(verdict_);
    layout->addWidget(table_, 1);
}

void ValidationView::check(const sim::Config& config) {
    model_->setFindings(sim::validation::static_findings(config));
    table_->resizeRowsToContents();
    verdict_->setText(model_->findings().empty() ? tr("No rule finds a problem with this configuration.")
                                                 : tr("%1 — double-click a finding to go to its key.").arg(summary()));
}

QString ValidationView::summary() const {
    int errors = 0, warnings = 0, infos = 0;
    for (const auto& f : model_->findings())
        (f.severity == sim::validation::Severity::Error ? errors : f.severity == sim::validation::Severity::Warning ? warnings : infos)++;
    return tr("%n error(s)", nullptr, errors) + QStringLiteral(", ") + tr("%n warning(s)", nullptr, warnings) + QStringLiteral(", ") +
           tr("%n note(s)", nullptr, infos);
}

}  // namespace gatetune::ui
