// Colours shared by all views: a perceptually ordered sequential scale for weights in [0, 1]
// (light to dark on light palettes, dark to bright on dark ones), a diverging scale for
// [-1, 1], and distinct colours per head.
#pragma once

#include <QColor>
#include <QImage>
#include <QList>
#include <QPalette>
#include <QRectF>

class QPainter;

namespace colors {

// The sequential scale's colours (View › Colours, remembered by the main window). Every scheme
// runs from the background's lightness (weight 0) to the opposite end, so small weights fade.
enum class Scheme {
    Standard,  // ColorBrewer YlGnBu on light backgrounds, viridis on dark ones
    Viridis,   // matplotlib's viridis: perceptually uniform, colour-blind safe
    Cividis,   // Nuñez et al. 2018: looks the same with red-green colour blindness
    Greys,     // white to black: the highest contrast, and it prints in black and white
};
QList<Scheme> schemes();
QString schemeName(Scheme scheme);  // for menus, translated
QString schemeKey(Scheme scheme);   // "standard", "viridis", … (settings, lesson files)
Scheme schemeFromKey(const QString& key, bool* ok = nullptr);
void setScheme(Scheme scheme);
Scheme scheme();
// Changes with every setScheme(): views keep it with their cached images.
int schemeGeneration();

// weight in [0, 1] (clamped) in the current scheme. darkTheme picks the variant readable on a
// dark background.
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

// A switched-off head (head ablation) as every view marks it: a red cross over rect, the
// lines `width` pixels wide. One colour and shape everywhere, so "crossed out" reads the same
// in the model view, the heatmap, the head view's chips and the head statistics.
QColor switchedOff();
void paintSwitchedOff(QPainter& p, const QRectF& rect, qreal width);

}  // namespace colors
