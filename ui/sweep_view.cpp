#include "ui/sweep_view.hpp"

#include "ui/qt_text.hpp"

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QScatterSeries>
#include <QSpinBox>
#include <QStackedWidget>
#include <QValueAxis>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>

#include "sim/experiment/experiment_error.hpp"
#include "sim/run_control.hpp"
#include "ui/chart_style.hpp"
#include "ui/heatmap_widget.hpp"
#include "ui/preset_document.hpp"

namespace gatetune::ui {

namespace {


bool sweepable(const sim::KeySpec& k) {
    using T = sim::KeyType;
    return !k.write_only && !k.optional && (k.type == T::Int || k.type == T::Float || k.type == T::Duration || k.type == T::Bool || k.type == T::Enum);
}

struct Metric {
    const char* label;
    const char* figure;  // sim::experiment::figure_names()
    bool share;
};
constexpr Metric kMetrics[] = {{QT_TRANSLATE_NOOP("SweepView", "error rate"), "error_rate", true},
                               {QT_TRANSLATE_NOOP("SweepView", "p99 latency (s)"), "p99_s", false},
                               {QT_TRANSLATE_NOOP("SweepView", "p50 latency (s)"), "p50_s", false}};

// A short range around the current value, as `a..b:step` text.
QString rangeAround(const sim::KeySpec& k, const sim::Value& v) {
    if (k.type == sim::KeyType::Bool) return QStringLiteral("false,true");
    if (k.type == sim::KeyType::Enum) {
        QStringList all;
        for (const std::string_view a : k.allowed) all << qs(a);
        return all.join(',');
    }
    if (const auto* i = std::get_if<std::int64_t>(&v)) {
        const std::int64_t lo = std::max<std::int64_t>(static_cast<std::int64_t>(std::max(k.min, 1.0)), *i / 2);
        const std::int64_t hi = std::max<std::int64_t>(lo + 4, *i * 2);
        const std::int64_t step = std::max<std::int64_t>(1, (hi - lo) / 8);
        return QStringLiteral("%1..%2:%3").arg(lo).arg(hi).arg(step);
    }
    const double now = std::holds_alternative<double>(v) ? std::get<double>(v) : 1.0;
    const double hi = now > 0 ? now * 2 : 1.0;
    const double step = hi / 8;
    return QStringLiteral("%1..%2:%3").arg(step, 0, 'g', 3).arg(hi, 0, 'g', 3).arg(step, 0, 'g', 3);
}

bool numericAxis(const sim::experiment::Axis& a) {
    return a.key->type == sim::KeyType::Int || a.key->type == sim::KeyType::Float || a.key->type == sim::KeyType::Duration;
}

}  // namespace

SweepView::SweepView(PresetDocument& doc, QWidget* parent) : QWidget(parent), doc_(doc) {
    auto* form = new QFormLayout;
    for (int i = 0; i < 2; ++i) {
        key_[i] = new QComboBox(this);
        key_[i]->setObjectName(QStringLiteral("sweepKey%1").arg(i));
        for (const sim::KeySpec& k : sim::config_schema())
            if (sweepable(k)) key_[i]->addItem(qs(k.key));
        values_[i] = new QLineEdit(this);
        values_[i]->setPlaceholderText(tr("a..b:step or v1,v2,…"));
        connect(key_[i], &QComboBox::activated, this, [this, i] { suggestValues(i); });
        auto* row = new QHBoxLayout;
        row->addWidget(key_[i], 1);
        row->addWidget(values_[i], 1);
        if (i == 0) {
            form->addRow(tr("Vary:"), row);
        } else {
            second_ = new QCheckBox(tr("and:"), this);
            connect(second_, &QCheckBox::toggled, key_[1], &QWidget::setEnabled);
            connect(second_, &QCheckBox::toggled, values_[1], &QWidget::setEnabled);
            second_->setChecked(false);
            key_[1]->setEnabled(false);
            values_[1]->setEnabled(false);
            form->addRow(second_, row);
        }
    }
    key_[0]->setCurrentText(QStringLiteral("db_pool.pool_size"));
    key_[1]->setCurrentText(QStringLiteral("server.workers"));
    metric_ = new QComboBox(this);
    for (const Metric& m : kMetrics) metric_->addItem(tr(m.label));
    connect(metric_, &QComboBox::currentIndexChanged, this, &SweepView::redraw);
    seeds_ = new QSpinBox(this);
    seeds_->setRange(1, 50);
    seeds_->setValue(1);
    run_ = new QPushButton(tr("&Run sweep"), this);
    stop_ = new QPushButton(tr("Cancel"), this);
    stop_->setEnabled(false);
    progress_ = new QProgressBar(this);
    progress_->setVisible(false);
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    connect(run_, &QPushButton::clicked, this, &SweepView::start);
    connect(stop_, &QPushButton::clicked, this, &SweepView::cancel);
    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Show:"), this));
    controls->addWidget(metric_);
    controls->addWidget(new QLabel(tr("Seeds per point:"), this));
    controls->addWidget(seeds_);
    controls->addWidget(run_);
    controls->addWidget(stop_);
    controls->addWidget(progress_, 1);
    form->addRow(controls);

    chart_ = makeChart(QString());
    chartView_ = makeChartView(chart_, this);
    heatmap_ = new HeatmapWidget(this);
    connect(heatmap_, &HeatmapWidget::cellClicked, this, [this](int column, int row) {
        if (outcome_) choosePoint(outcome_->grid.index({static_cast<std::size_t>(column), static_cast<std::size_t>(row)}));
    });
    stack_ = new QStackedWidget(this);
    stack_->addWidget(chartView_);
    stack_->addWidget(heatmap_);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(status_);
    layout->addWidget(stack_, 1);
    connect(&watcher_, &QFutureWatcher<SweepOutcome>::finished, this, &SweepView::done);
    connect(&doc_, &PresetDocument::reset, this, [this] { suggestValues(0); suggestValues(1); });
    suggestValues(0);
    suggestValues(1);
}

SweepView::~SweepView() {
    if (stopFlag_) *stopFlag_ = true;
    watcher_.waitForFinished();
}

void SweepView::suggestValues(int axis) {
    if (const sim::KeySpec* k = sim::find_key(key_[axis]->currentText().toStdString()))
        values_[axis]->setText(rangeAround(*k, k->get(doc_.config())));
}

void SweepView::setAxis(int i, const QString& key, const QString& values) {
    if (i == 1) second_->setChecked(!key.isEmpty());
    if (key.isEmpty()) return;
    key_[i]->setCurrentText(key);
    values_[i]->setText(values);
}

void SweepView::setSeeds(int seeds) { seeds_->setValue(seeds); }
bool SweepView::running() const { return watcher_.isRunning(); }

void SweepView::cancel() {
    if (stopFlag_) *stopFlag_ = true;
}

void SweepView::start() {
    if (running()) return;
    if (!doc_.runnable()) {
        status_->setText(tr("Fix the problems marked in the editor first: the sweep starts from the current preset."));
        return;
    }
    sim::experiment::Grid grid;
    try {
        std::vector<std::string> specs{(key_[0]->currentText() + '=' + values_[0]->text()).toStdString()};
        if (second_->isChecked()) specs.push_back((key_[1]->currentText() + '=' + values_[1]->text()).toStdString());
        grid = sim::experiment::Grid(sim::experiment::parse_axes(specs));
        grid.check_points(doc_.config());
    } catch (const std::exception& e) {
        status_->setText(QString::fromStdString(e.what()));
        return;
    }
    const std::size_t seeds = static_cast<std::size_t>(seeds_->value());
    status_->setText(tr("Simulating %1 points × %n seed(s)…", nullptr, static_cast<int>(seeds)).arg(grid.size()));
    progress_->setRange(0, static_cast<int>(grid.size() * seeds));
    progress_->setValue(0);
    progress_->setVisible(true);
    run_->setEnabled(false);
    stop_->setEnabled(true);
    auto flag = std::make_shared<std::atomic<bool>>(false);
    stopFlag_ = flag;
    const sim::Config base = doc_.config();
    QPointer<SweepView> self(this);
    watcher_.setFuture(QtConcurrent::run([base, grid, seeds, flag, self]() -> SweepOutcome {
        SweepOutcome out{base, grid, {}, {}, false};
        try {
            // A point's configuration is built when its runs start: refusing to build it is how
            // a cancelled sweep stops taking new work (run_parallel stops at the first throw).
            out.points = sim::experiment::run_replicated(
                grid.size(),
                [&](std::size_t i) {
                    if (flag->load()) throw sim::RunCancelled();
                    return grid.apply(base, i);
                },
                seeds, 0, [self](std::size_t done, std::size_t) {
                    QMetaObject::invokeMethod(self, [self, done] { if (self) self->progress_->setValue(static_cast<int>(done)); }, Qt::QueuedConnection);
                });
        } catch (const sim::RunCancelled&) {
            out.cancelled = true;
        } catch (const std::exception& e) {
            out.error = QString::fromStdString(e.what());
        }
        return out;
    }));
}

void SweepView::done() {
    SweepOutcome result = watcher_.result();
    run_->setEnabled(true);
    stop_->setEnabled(false);
    progress_->setVisible(false);
    if (result.cancelled) {
        status_->setText(tr("Sweep cancelled."));
    } else if (!result.error.isEmpty()) {
        status_->setText(result.error);
    } else {
        status_->setText(tr("%1 points. Click a point to load that configuration into the editor.").arg(result.grid.size()));
        outcome_ = std::move(result);
        redraw();
    }
    emit finished();
}

std::size_t SweepView::figureIndex() const {
    const auto& names = sim::experiment::figure_names();
    const std::string wanted = kMetrics[std::max(0, metric_->currentIndex())].figure;
    return static_cast<std::size_t>(std::find(names.begin(), names.end(), wanted) - names.begin());
}

void SweepView::redraw() {
    if (!outcome_) return;
    const auto& axes = outcome_->grid.axes();
    const std::size_t figure = figureIndex();
    const Metric& metric = kMetrics[std::max(0, metric_->currentIndex())];
    const auto format = [share = metric.share](double v) {
        return share ? QStringLiteral("%1 %").arg(v * 100.0, 0, 'f', v < 0.1 ? 1 : 0) : QStringLiteral("%1").arg(v, 0, 'f', 2);
    };
    std::vector<double> values;
    for (const auto& p : outcome_->points) values.push_back(p.figures[figure].mean);

    if (axes.size() == 2) {
        QStringList columns, rows;
        for (std::size_t i = 0; i < axes[0].size(); ++i) columns << QString::fromStdString(axes[0].text(i));
        for (std::size_t i = 0; i < axes[1].size(); ++i) rows << QString::fromStdString(axes[1].text(i));
        std::vector<double> cells(values.size());
        for (std::size_t c = 0; c < axes[0].size(); ++c)
            for (std::size_t r = 0; r < axes[1].size(); ++r) cells[r * axes[0].size() + c] = values[outcome_->grid.index({c, r})];
        heatmap_->setData(columns, rows, std::move(cells), qs(axes[0].name()), qs(axes[1].name()), tr(metric.label), format);
        stack_->setCurrentWidget(heatmap_);
        return;
    }
    chart_->removeAllSeries();
    chart_->setTitle(tr("%1 over %2").arg(tr(metric.label), qs(axes[0].name())));
    const bool numeric = numericAxis(axes[0]);
    std::vector<double> x;
    for (std::size_t i = 0; i < axes[0].size(); ++i) x.push_back(numeric ? sim::number_of(axes[0].values[i]) : static_cast<double>(i));
    std::vector<double> y = values;
    if (metric.share)
        for (double& v : y) v *= 100.0;
    addLine(chart_, tr(metric.label), x, y)->setObjectName(QStringLiteral("sweepLine"));
    auto* points = new QScatterSeries;
    points->setName(tr("points (click to load)"));
    points->setMarkerSize(9);
    for (std::size_t i = 0; i < x.size(); ++i) points->append(x[i], y[i]);
    chart_->addSeries(points);
    connect(points, &QScatterSeries::clicked, this, [this, x](const QPointF& at) {
        std::size_t best = 0;
        for (std::size_t i = 1; i < x.size(); ++i)
            if (std::fabs(x[i] - at.x()) < std::fabs(x[best] - at.x())) best = i;
        choosePoint(best);
    });
    attachValueAxes(chart_, qs(axes[0].name()), metric.share ? tr("error rate (%)") : tr(metric.label),
                    metric.share ? YScale::Percent : YScale::Amount);
    if (!numeric) {
        auto* categories = new QCategoryAxis;
        for (std::size_t i = 0; i < axes[0].size(); ++i)
            categories->append(QString::fromStdString(axes[0].text(i)), static_cast<double>(i));
        categories->setRange(-0.5, static_cast<double>(axes[0].size()) - 0.5);
        categories->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
        QAbstractAxis* old = chart_->axes(Qt::Horizontal).value(0);
        chart_->removeAxis(old);
        delete old;
        chart_->addAxis(categories, Qt::AlignBottom);
        for (QAbstractSeries* s : chart_->series()) s->attachAxis(categories);
    }
    stack_->setCurrentWidget(chartView_);
}

void SweepView::choosePoint(std::size_t point) {
    if (!outcome_ || point >= outcome_->grid.size()) return;
    const auto coords = outcome_->grid.coordinates(point);
    std::vector<std::pair<const sim::KeySpec*, sim::Value>> values;
    for (std::size_t a = 0; a < coords.size(); ++a)
        values.emplace_back(outcome_->grid.axes()[a].key, outcome_->grid.axes()[a].values[coords[a]]);
    const QString what = QString::fromStdString(outcome_->grid.describe(coords));
    doc_.setValues(values, tr("Load sweep point %1").arg(what));
    emit message(tr("Loaded %1 from the sweep.").arg(what));
}

}  // namespace gatetune::ui
