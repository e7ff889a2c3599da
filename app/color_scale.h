// Colours shared by all views: a perceptually ordered sequential scale for weights in [0, 1]
// (light to dark on light palettes, dark to bright on dark ones), a diverging scale for
// [-1, 1], and distinct colours per head.
#pragma once

#include <QColor>
#include <QPalette>

namespace colors {

// weight in [0, 1] (clamped). darkTheme picks the variant readable on a dark background.
QRgb sequential(float weight, bool darkTheme);
// value in [-1, 1] (clamped): blue - neutral - red.
QRgb diverging(float value, bool darkTheme);
// A distinct, readable colour for head h of n.
QColor head(int h, int n);
// True when the palette's window colour is dark.
bool isDark(const QPalette& palette);

}  // namespace colors
