#pragma once
// A slider for the selected numeric key, so dragging shows the effect while dragging: each
// position is an undoable edit merged into one undo step per drag, and the debounced run
// controller re-simulates as it moves. The span is the key's range, narrowed around the current
// value when the range is huge (pool_size allows 0 to 10000; a useful drag is 0 to ~4× now).
#include <QWidget>

#include "sim/preset/config_schema.hpp"

class QLabel;
class QSlider;

namespace gatetune::ui {

class PresetDocument;

class ValueSlider : public QWidget {
    Q_OBJECT
public:
    explicit ValueSlider(PresetDocument& doc, QWidget* parent = nullptr);
    // nullptr, or a key that is not a plain number, hides the slider.
    void setKey(const sim::KeySpec* key);
    const sim::KeySpec* key() const { return key_; }
    QSlider* slider() const { return slider_; }

private:
    void moved(int position);
    void syncFromDocument();
    double valueAt(int position) const;
    int positionOf(double value) const;

    PresetDocument& doc_;
    const sim::KeySpec* key_ = nullptr;
    QLabel* name_;
    QSlider* slider_;
    QLabel* value_;
    double lo_ = 0, hi_ = 1;
    int dragId_ = 1000;
    bool syncing_ = false;
};

}  // namespace gatetune::ui
