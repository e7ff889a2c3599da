// Colours shared by all views: a perceptually ordered sequential scale for weights in [0, 1]
// (light to dark on light palettes, dark to bright on dark ones), a diverging scale for
// [-1, 1], and distinct colours per head.
#pragma once

#include <QColor>
#include <QImage>
#include <QPalette>
#include <QRectF>

class QPainter;

namespace colors {

// weight in [0, 1] (clamped). darkTheme picks the variant readable on a dark background.
QRgb sequential(float weight, bool darkTheme);
// value in [-1, 1] (clamped): blue - neutral - red.
QRgb diverging(float value, bool darkTheme);
// A distinct, readable colour for head h of n.
QColor head(int h, int n);
// True when the palette's window colour is dark.
bool isDark(const QPalette& palette);
// Near-black or near-white, whichever reads better on this background.
QColor textOn(QRgb background);

// A round step giving about four legend ticks from 0 to max.
double niceTickStep(double max);
// The colour legend of the heatmap-like views inside area: a "weight" title, the vertical bar
// (ramp: a 1-pixel-wide image, top = max) with a frame, round ticks from 0 and the maximum
// itself at the top when it has room. scale (e.g. "scale: this head") is drawn under the title,
// wrapped to the area's width, so the reader knows what the top colour means. Uses the
// painter's font; returns the bar's rectangle.
QRectF paintLegend(QPainter& p, const QRectF& area, const QImage& ramp, float max, const QPalette& palette,
                   const QString& scale = {});

}  // namespace colors
