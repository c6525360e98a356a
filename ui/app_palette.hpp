#pragma once
// Light and dark palettes on the Fusion style, so the app reads the same on any desktop (and
// the screenshots show both).
namespace gatetune::ui {
void applyPalette(bool dark);
}
