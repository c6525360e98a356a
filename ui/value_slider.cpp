#include "ui/value_slider.hpp"

#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>

#include <cmath>

#include "ui/preset_document.hpp"

namespace gatetune::ui {

namespace {
constexpr int kSteps = 1000;
bool isNumber(const sim::KeySpec* k) {
    return k && (k->type == sim::KeyType::Int || k->type == sim::KeyType::Float || k->type == sim::KeyType::Duration);
}
}  // namespace

ValueSlider::ValueSlider(PresetDocument& doc, QWidget* parent) : QWidget(parent), doc_(doc) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    name_ = new QLabel(this);
    slider_ = new QSlider(Qt::Horizontal, this);
    slider_->setObjectName(QStringLiteral("valueSlider"));
    slider_->setRange(0, kSteps);
    value_ = new QLabel(this);
    value_->setMinimumWidth(value_->fontMetrics().horizontalAdvance(QStringLiteral("0000.000 connections")));
    layout->addWidget(name_);
    layout->addWidget(slider_, 1);
    layout->addWidget(value_);
    connect(slider_, &QSlider::valueChanged, this, &ValueSlider::moved);
    connect(slider_, &QSlider::sliderPressed, this, [this] { ++dragId_; });
    connect(&doc_, &PresetDocument::configChanged, this, &ValueSlider::syncFromDocument);
    setKey(nullptr);
}

void ValueSlider::setKey(const sim::KeySpec* key) {
    key_ = isNumber(key) && !std::holds_alternative<std::monostate>(key->get(doc_.config())) ? key : nullptr;
    setVisible(key_ != nullptr);
    if (!key_) return;
    ++dragId_;
    const double now = sim::number_of(key_->get(doc_.config()));
    lo_ = key_->min;
    const double unit = key_->type == sim::KeyType::Int ? 20.0 : 1.0;
    hi_ = std::min(key_->max, std::max({now * 4.0, lo_ + unit, now + unit}));
    name_->setText(QString::fromUtf8(key_->key.data(), static_cast<qsizetype>(key_->key.size())));
    syncFromDocument();
}

double ValueSlider::valueAt(int position) const {
    double v = lo_ + (hi_ - lo_) * position / kSteps;
    if (key_->type == sim::KeyType::Int) return std::round(v);
    // Three significant digits are plenty for a drag and keep the preset text short.
    if (v != 0) {
        const double scale = std::pow(10.0, 2 - std::floor(std::log10(std::fabs(v))));
        v = std::round(v * scale) / scale;
    }
    if (key_->min_exclusive && v <= key_->min) v = key_->min + (hi_ - lo_) / kSteps;
    return v;
}

int ValueSlider::positionOf(double value) const {
    if (hi_ <= lo_) return 0;
    return static_cast<int>(std::lround(std::clamp((value - lo_) / (hi_ - lo_), 0.0, 1.0) * kSteps));
}

void ValueSlider::moved(int position) {
    if (syncing_ || !key_) return;
    const double v = valueAt(position);
    const sim::Value value = key_->type == sim::KeyType::Int ? sim::Value(static_cast<std::int64_t>(v)) : sim::Value(v);
    if (!sim::values_equal(value, key_->get(doc_.config()))) doc_.setValue(*key_, value, dragId_);
}

void ValueSlider::syncFromDocument() {
    if (!key_) return;
    const sim::Value v = key_->get(doc_.config());
    syncing_ = true;
    if (!slider_->isSliderDown()) slider_->setValue(positionOf(sim::number_of(v)));
    syncing_ = false;
    value_->setText(QStringLiteral("%1 %2").arg(QString::fromStdString(sim::format_value(v)),
                                                QString::fromUtf8(key_->unit.data(), static_cast<qsizetype>(key_->unit.size()))));
}

}  // namespace gatetune::ui
