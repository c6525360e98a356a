#include "ui/waterfall_view.hpp"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>

#include <algorithm>
#include <cmath>

#include "sim/phase_palette.hpp"

namespace gatetune::ui {

namespace {
constexpr int kHeader = 20;   // time axis
constexpr int kGutter = 64;   // request ids
constexpr int kCauseRoom = 150;

// A round tick step giving about five ticks over `span` seconds: 1, 2 or 5 × 10^k.
double tickStep(double span) {
    if (!(span > 0)) return 1.0;
    const double raw = span / 5.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0})
        if (m * magnitude >= raw * (1 - 1e-9)) return m * magnitude;
    return 10.0 * magnitude;
}

}  // namespace

QColor WaterfallView::phaseColour(std::size_t phase) {
    return QColor(QRgb(sim::phase_colour(static_cast<sim::Phase>(phase % sim::kPhaseCount))));
}

WaterfallView::WaterfallView(QWidget* parent) : QAbstractScrollArea(parent) {
    setObjectName(QStringLiteral("waterfall"));
    setFocusPolicy(Qt::StrongFocus);
    verticalScrollBar()->setSingleStep(kRowHeight);
}

void WaterfallView::setRun(std::shared_ptr<const sim::RunResult> run) {
    run_ = std::move(run);
    rebuild();
}

void WaterfallView::setFailuresOnly(bool on) {
    failuresOnly_ = on;
    rebuild();
}

void WaterfallView::rebuild() {
    rows_.clear();
    selected_ = -1;
    t0_ = 0;
    t1_ = 1;
    if (run_) {
        for (std::size_t i = 0; i < run_->records.size(); ++i)
            if (!failuresOnly_ || !run_->records[i].ok()) rows_.push_back(i);
        const auto& rec = run_->records;
        std::sort(rows_.begin(), rows_.end(), [&](std::size_t a, std::size_t b) {
            return rec[a].start != rec[b].start ? rec[a].start < rec[b].start : rec[a].id < rec[b].id;
        });
        if (!rec.empty()) {
            t0_ = std::min_element(rec.begin(), rec.end(), [](const auto& a, const auto& b) { return a.start < b.start; })->start;
            t1_ = std::max_element(rec.begin(), rec.end(), [](const auto& a, const auto& b) { return a.end < b.end; })->end;
            if (t1_ <= t0_) t1_ = t0_ + 1;
        }
    }
    updateScrollBar();
    viewport()->update();
}

void WaterfallView::updateScrollBar() {
    const int content = static_cast<int>(rows_.size()) * kRowHeight;
    verticalScrollBar()->setPageStep(std::max(1, viewport()->height() - kHeader));
    verticalScrollBar()->setRange(0, std::max(0, content - (viewport()->height() - kHeader)));
}

void WaterfallView::resizeEvent(QResizeEvent* event) {
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBar();
}

double WaterfallView::xOf(engine::SimTime t) const {
    const double width = std::max(10, viewport()->width() - kGutter - kCauseRoom);
    return kGutter + width * static_cast<double>(t - t0_) / static_cast<double>(t1_ - t0_);
}

void WaterfallView::paintEvent(QPaintEvent*) {
    QPainter p(viewport());
    const QPalette& pal = palette();
    p.fillRect(viewport()->rect(), pal.base());
    if (!run_ || rows_.empty()) {
        p.setPen(pal.color(QPalette::Text));
        p.drawText(viewport()->rect(), Qt::AlignCenter,
                   run_ && run_->records.empty() ? tr("This run kept no per-request records (simulation.record_requests = false).")
                                                 : tr("No requests to show."));
        return;
    }
    const int top = verticalScrollBar()->value();
    const int first = top / kRowHeight;
    const int last = std::min<int>(static_cast<int>(rows_.size()) - 1, (top + viewport()->height() - kHeader) / kRowHeight + 1);
    p.setClipRect(0, kHeader, viewport()->width(), viewport()->height() - kHeader);
    for (int row = first; row <= last; ++row) {
        const sim::RequestRecord& r = run_->records[rows_[static_cast<std::size_t>(row)]];
        const int y = kHeader + row * kRowHeight - top;
        if (row == selected_) p.fillRect(0, y, viewport()->width(), kRowHeight, pal.highlight());
        else if (row % 2) p.fillRect(0, y, viewport()->width(), kRowHeight, pal.alternateBase());
        p.setPen(row == selected_ ? pal.color(QPalette::HighlightedText) : pal.color(QPalette::Text));
        p.drawText(QRect(2, y, kGutter - 6, kRowHeight), Qt::AlignRight | Qt::AlignVCenter, QString::number(r.id));
        engine::SimTime t = r.start;
        for (std::size_t ph = 0; ph < sim::kPhaseCount; ++ph) {
            if (r.phases[ph] <= 0) continue;
            const double x0 = xOf(t), x1 = xOf(t + r.phases[ph]);
            p.fillRect(QRectF(x0, y + 3, std::max(1.0, x1 - x0), kRowHeight - 6), phaseColour(ph));
            t += r.phases[ph];
        }
        // Time not attributed to a phase (sending, network) as a thin line to the end.
        p.setPen(pal.color(QPalette::Mid));
        p.drawLine(QPointF(xOf(t), y + kRowHeight / 2.0), QPointF(xOf(r.end), y + kRowHeight / 2.0));
        if (!r.ok()) {
            const double xe = xOf(r.end);
            p.setPen(QPen(QColor(220, 40, 40), 2));
            p.drawLine(QPointF(xe, y + 1), QPointF(xe, y + kRowHeight - 1));
            p.setPen(row == selected_ ? pal.color(QPalette::HighlightedText) : QColor(220, 60, 60));
            const auto cause = sim::to_string(r.cause);
            p.drawText(QRectF(xe + 4, y, kCauseRoom + 200, kRowHeight), Qt::AlignLeft | Qt::AlignVCenter,
                       QString::fromUtf8(cause.data(), static_cast<qsizetype>(cause.size())));
        }
    }
    p.setClipping(false);
    p.fillRect(0, 0, viewport()->width(), kHeader, pal.window());
    p.setPen(pal.color(QPalette::WindowText));
    // Ticks on round seconds (1, 2 or 5 × 10^k apart, about five across), each label centred on
    // its tick but kept clear of the gutter's "request" heading.
    const double start = engine::to_seconds(t0_);
    const double span = engine::to_seconds(t1_ - t0_);
    const double width = viewport()->width() - kGutter - kCauseRoom;
    const double step = tickStep(span);
    const int decimals = std::max(0, -static_cast<int>(std::floor(std::log10(step) + 1e-9)));
    for (double t = std::ceil(start / step - 1e-9) * step; span > 0 && t <= start + span + step * 1e-6; t += step) {
        const double x = kGutter + width * (t - start) / span;
        p.drawLine(QPointF(x, kHeader - 4), QPointF(x, kHeader));
        const QString label = QStringLiteral("%1 s").arg(t, 0, 'f', decimals);
        const bool nearGutter = x - 40 < kGutter;
        p.drawText(QRectF(nearGutter ? x + 2 : x - 40, 0, 80, kHeader - 4), (nearGutter ? Qt::AlignLeft : Qt::AlignHCenter) | Qt::AlignVCenter,
                   label);
    }
    p.drawText(QRect(2, 0, kGutter - 6, kHeader - 4), Qt::AlignRight | Qt::AlignVCenter, tr("request"));
}

void WaterfallView::selectRecord(std::size_t record) {
    const auto it = std::find(rows_.begin(), rows_.end(), record);
    if (it == rows_.end()) return;
    selected_ = static_cast<int>(it - rows_.begin());
    const int y = selected_ * kRowHeight;
    if (y < verticalScrollBar()->value() || y > verticalScrollBar()->value() + viewport()->height() - kHeader - kRowHeight)
        verticalScrollBar()->setValue(y - (viewport()->height() - kHeader) / 2);
    viewport()->update();
    emit requestChosen(record);
}

void WaterfallView::mousePressEvent(QMouseEvent* event) {
    const int y = static_cast<int>(event->position().y());
    if (y < kHeader) return;
    const int row = (y - kHeader + verticalScrollBar()->value()) / kRowHeight;
    if (row >= 0 && row < static_cast<int>(rows_.size())) selectRecord(rows_[static_cast<std::size_t>(row)]);
}

void WaterfallView::keyPressEvent(QKeyEvent* event) {
    int row = selected_;
    if (event->key() == Qt::Key_Down) ++row;
    else if (event->key() == Qt::Key_Up) --row;
    else return QAbstractScrollArea::keyPressEvent(event);
    if (row >= 0 && row < static_cast<int>(rows_.size())) selectRecord(rows_[static_cast<std::size_t>(row)]);
}

}  // namespace gatetune::ui
