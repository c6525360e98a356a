#pragma once
// Cell tints for what passes and what fails (a hypothesis that reproduces, a call that agrees, a
// fix that holds), translucent so they read on the light and the dark palette alike — the red is
// the one the editor marks a refused value with.
#include <QBrush>
#include <QColor>

namespace gatetune::ui {

inline QBrush passTint() { return QBrush(QColor(40, 160, 60, 60)); }
inline QBrush failTint() { return QBrush(QColor(220, 40, 40, 70)); }

}  // namespace gatetune::ui
