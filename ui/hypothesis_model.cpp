#include "ui/hypothesis_model.hpp"

#include <QFont>

#include "sim/diagnosis/candidate.hpp"
#include "sim/diagnosis/diagnosis_report.hpp"
#include "ui/qt_text.hpp"
#include "ui/verdict_colours.hpp"

namespace gatetune::ui {

namespace dx = sim::diagnosis;

void HypothesisModel::setDiagnosis(std::shared_ptr<const dx::Diagnosis> d) {
    beginResetModel();
    d_ = std::move(d);
    endResetModel();
}

int HypothesisModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !d_ ? 0 : static_cast<int>(d_->ranked.size()) + 1;
}
int HypothesisModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

bool HypothesisModel::isAsConfigured(int row) const { return d_ && row == static_cast<int>(d_->ranked.size()); }

const dx::Hypothesis* HypothesisModel::hypothesis(int row) const {
    if (!d_ || row < 0 || row > static_cast<int>(d_->ranked.size())) return nullptr;
    return isAsConfigured(row) ? &d_->as_configured : &d_->ranked[static_cast<std::size_t>(row)];
}

QVariant HypothesisModel::data(const QModelIndex& index, int role) const {
    const dx::Hypothesis* h = index.isValid() ? hypothesis(index.row()) : nullptr;
    if (!h) return {};
    const bool asConfigured = isAsConfigured(index.row());
    const bool reproduces = h->fit.reproduces();
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Rank: return asConfigured ? QString() : QString::number(index.row() + 1);
        case Title: return asConfigured ? tr("the configuration as it was") : QString::fromStdString(h->title);
        case Fitted: return asConfigured ? QStringLiteral("—") : QString::fromStdString(dx::describe(h->fit.best.candidate));
        case Requests: return QString::fromStdString(dx::requests_text(*h, d_->observed));
        case Seeds: return QString::fromStdString(dx::seeds_text(*h));
        case PriorMass: return reproduces && !asConfigured ? QString::fromStdString(dx::share_text(h->fit.prior_mass)) : QString();
        }
    }
    if (role == Qt::UserRole) {  // sortable values
        switch (index.column()) {
        case Requests: return static_cast<qulonglong>(h->fit.best.median_matched());
        case PriorMass: return h->fit.prior_mass;
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() != Title && index.column() != Fitted)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::BackgroundRole && index.column() == Requests) return reproduces ? passTint() : failTint();
    if (role == Qt::FontRole && (reproduces || asConfigured)) {
        QFont f;
        f.setBold(reproduces && index.column() == Title);
        f.setItalic(asConfigured);
        return f;
    }
    if (role == Qt::ToolTipRole) {
        QString tip;
        if (asConfigured) {
            tip = tr("The observed workload replayed in the configuration as it was, with no mechanism added.");
        } else {
            tip = reproduces ? tr("Reproduces %1 of %2 requests on %3 seeds.")
                                   .arg(h->fit.best.median_matched())
                                   .arg(d_->observed)
                                   .arg(qs(dx::seeds_text(*h)))
                             : tr("Does not reproduce the observation: at best %1 of %2 requests.").arg(h->fit.best.median_matched()).arg(d_->observed);
            if (const std::string ranges = dx::ranges_text(*h); !ranges.empty() && reproduces)
                tip += QLatin1Char(' ') + tr("Still reproduces for %1.").arg(QString::fromStdString(ranges));
            for (const dx::Part& part : h->fit.best.candidate) tip += QStringLiteral("\n\n") + qs(part.mechanism->mechanism);
        }
        QStringList sets;
        for (const std::string& s : h->sets) sets << QStringLiteral("--set ") + QString::fromStdString(s);
        if (!sets.isEmpty()) tip += QStringLiteral("\n\n") + tr("Replay it: %1").arg(sets.join(QLatin1Char(' ')));
        return tip;
    }
    return {};
}

QVariant HypothesisModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Rank: return QStringLiteral("#");
        case Title: return tr("Hypothesis");
        case Fitted: return tr("Fitted");
        case Requests: return tr("Requests");
        case Seeds: return tr("Seeds");
        case PriorMass: return tr("Prior mass");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Requests: return tr("Observed requests the replay agrees with (median over the seeds)");
        case Seeds: return tr("Seeds on which the hypothesis reproduces the observation");
        case PriorMass: return tr("Share of the mechanism's prior range that still reproduces it: its evidence. "
                                  "Between hypotheses that fit equally well, the larger explains the observation better.");
        }
    }
    return {};
}

}  // namespace gatetune::ui
