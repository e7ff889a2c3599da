// Colour scales (see color_scale.h). The sequential scales are piecewise-linear through
// published perceptual palettes, pre-sampled into 256-entry tables so a 512x512 image costs
// one table look-up per pixel: ColorBrewer YlGnBu (near-white to navy) on light palettes,
// matplotlib's viridis (deep purple to yellow) on dark ones. Diverging is ColorBrewer RdBu
// with the neutral middle matched to the background.
#include "color_scale.h"

#include <QLocale>
#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <cmath>

#include <algorithm>
#include <array>
#include <cmath>
#include <initializer_list>
#include <vector>

namespace colors {

namespace {

using Table = std::array<QRgb, 256>;

Table sample(std::initializer_list<QRgb> stops) {
    const std::vector<QRgb> s(stops);
    Table t{};
    const int segments = static_cast<int>(s.size()) - 1;
    for (int i = 0; i < 256; ++i) {
        const double x = i / 255.0 * segments;
        const int k = std::min(segments - 1, static_cast<int>(x));
        const double f = x - k;
        auto mix = [&](int a, int b) { return static_cast<int>(std::lround(a + (b - a) * f)); };
        const QRgb a = s[static_cast<std::size_t>(k)], b = s[static_cast<std::size_t>(k) + 1];
        t[static_cast<std::size_t>(i)] =
            qRgb(mix(qRed(a), qRed(b)), mix(qGreen(a), qGreen(b)), mix(qBlue(a), qBlue(b)));
    }
    return t;
}

const Table& lightSequential() {
    static const Table t =
        sample({0xfffff4, 0xedf8b1, 0xc7e9b4, 0x7fcdbb, 0x41b6c4, 0x1d91c0, 0x225ea8, 0x253494, 0x081d58});
    return t;
}

const Table& darkSequential() {
    static const Table t = sample(
        {0x2b0a3d, 0x440154, 0x482878, 0x3e4989, 0x31688e, 0x26828e, 0x1f9e89, 0x35b779, 0x6ece58, 0xb5de2b, 0xfde725});
    return t;
}

const Table& lightDiverging() {
    static const Table t =
        sample({0x2166ac, 0x4393c3, 0x92c5de, 0xd1e5f0, 0xf7f7f7, 0xfddbc7, 0xf4a582, 0xd6604d, 0xb2182b});
    return t;
}

const Table& darkDiverging() {
    static const Table t =
        sample({0x6fb3e8, 0x4a8cc4, 0x2f5f8c, 0x283b52, 0x2a2a2e, 0x523030, 0x94403a, 0xd0604f, 0xf59a80});
    return t;
}

const Table& viridis() {
    static const Table t = sample(
        {0x440154, 0x482878, 0x3e4989, 0x31688e, 0x26828e, 0x1f9e89, 0x35b779, 0x6ece58, 0xb5de2b, 0xfde725});
    return t;
}

const Table& cividis() {
    static const Table t = sample({0x00224e, 0x35456c, 0x666970, 0x948e77, 0xc8b866, 0xfee838});
    return t;
}

const Table& greys() {
    static const Table t = sample({0xffffff, 0x000000});
    return t;
}

Scheme& currentScheme() {
    static Scheme s = Scheme::Standard;
    return s;
}

int& generation() {
    static int g = 0;
    return g;
}

QRgb lookUp(const Table& t, double unit) {
    if (!(unit >= 0.0)) unit = 0.0;  // also catches NaN
    const int i = static_cast<int>(std::lround(std::min(1.0, unit) * 255.0));
    return t[static_cast<std::size_t>(i)];
}

}  // namespace

QList<Scheme> schemes() { return {Scheme::Standard, Scheme::Viridis, Scheme::Cividis, Scheme::Greys}; }

QString schemeName(Scheme scheme) {
    switch (scheme) {
    case Scheme::Standard: return QCoreApplication::translate("colors", "Standard (yellow-green-blue)");
    case Scheme::Viridis: return QCoreApplication::translate("colors", "Viridis (colour-blind safe)");
    case Scheme::Cividis: return QCoreApplication::translate("colors", "Cividis (colour-blind safe)");
    case Scheme::Greys: return QCoreApplication::translate("colors", "Greys (highest contrast)");
    }
    return {};
}

QString schemeKey(Scheme scheme) {
    switch (scheme) {
    case Scheme::Standard: return QStringLiteral("standard");
    case Scheme::Viridis: return QStringLiteral("viridis");
    case Scheme::Cividis: return QStringLiteral("cividis");
    case Scheme::Greys: return QStringLiteral("greys");
    }
    return {};
}

Scheme schemeFromKey(const QString& key, bool* ok) {
    for (Scheme s : schemes())
        if (schemeKey(s) == key) {
            if (ok) *ok = true;
            return s;
        }
    if (ok) *ok = false;
    return Scheme::Standard;
}

void setScheme(Scheme scheme) {
    if (scheme == currentScheme()) return;
    currentScheme() = scheme;
    ++generation();
}

Scheme scheme() { return currentScheme(); }
int schemeGeneration() { return generation(); }

QRgb sequential(float weight, bool darkTheme) {
    if (std::isnan(weight)) weight = 0.f;
    // Weight 0 at the background's end: light schemes run light to dark on a light window and
    // are reversed on a dark one.
    switch (currentScheme()) {
    case Scheme::Standard: return lookUp(darkTheme ? darkSequential() : lightSequential(), weight);
    case Scheme::Viridis: return lookUp(viridis(), darkTheme ? weight : 1.0 - weight);
    case Scheme::Cividis: return lookUp(cividis(), darkTheme ? weight : 1.0 - weight);
    case Scheme::Greys: return lookUp(greys(), darkTheme ? 1.0 - weight : weight);
    }
    return lookUp(lightSequential(), weight);
}

QRgb diverging(float value, bool darkTheme) {
    const double v = std::isnan(value) ? 0.0 : std::clamp(static_cast<double>(value), -1.0, 1.0);
    return lookUp(darkTheme ? darkDiverging() : lightDiverging(), (v + 1.0) / 2.0);
}

QColor head(int h, int n) {
    // Evenly spaced hues, starting at blue; saturation and value readable on both palettes.
    const int count = std::max(1, n);
    const double hue = std::fmod(0.58 + static_cast<double>(std::max(0, h)) / count, 1.0);
    return QColor::fromHsvF(static_cast<float>(hue), 0.65f, 0.88f);
}

bool isDark(const QPalette& palette) { return palette.color(QPalette::Window).lightness() < 128; }

QColor textOn(QRgb background) {
    const double luma = 0.2126 * qRed(background) + 0.7152 * qGreen(background) + 0.0722 * qBlue(background);
    return luma > 140 ? QColor(20, 20, 20) : QColor(245, 245, 245);
}

double niceTickStep(double max) {
    const double raw = std::max(max, 1e-6) / 4;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 2.5, 5.0})
        if (m * magnitude >= raw) return m * magnitude;
    return 10 * magnitude;
}

QRectF paintLegend(QPainter& p, const QRectF& area, const QImage& ramp, float max, const QPalette& palette,
                   const QString& scale) {
    const QFontMetricsF fm(p.font());
    QRectF title(area.left(), area.top(), area.width(), fm.height());
    p.setPen(palette.color(QPalette::Text));
    p.drawText(title, Qt::AlignLeft | Qt::AlignVCenter, QCoreApplication::translate("colors", "weight"));
    if (!scale.isEmpty()) {
        const QRectF room(area.left(), title.bottom() + 2, area.width(), 3 * fm.height());
        const QRectF used = fm.boundingRect(room, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, scale);
        QColor muted = palette.color(QPalette::Text);
        muted.setAlphaF(0.75f);
        p.setPen(muted);
        p.drawText(room, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, scale);
        p.setPen(palette.color(QPalette::Text));
        title.setBottom(std::min(room.bottom(), used.bottom()));
    }
    const QRectF bar(area.left(), title.bottom() + 4 + fm.height() / 2, 14,
                     area.bottom() - title.bottom() - 4 - fm.height());
    if (bar.height() < 12) return bar;
    p.setRenderHint(QPainter::SmoothPixmapTransform, true);
    p.drawImage(bar, ramp);
    QColor frame = palette.color(QPalette::Text);
    frame.setAlphaF(0.4f);
    p.setPen(frame);
    p.drawRect(bar);
    p.setPen(palette.color(QPalette::Text));
    auto tick = [&](double value, const QString& label) {
        const qreal y = bar.bottom() - bar.height() * value / max;
        p.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + 4, y));
        p.drawText(QRectF(bar.right() + 7, y - fm.height() / 2, area.width() - bar.width() - 7, fm.height()),
                   Qt::AlignLeft | Qt::AlignVCenter, label);
        return y;
    };
    const double step = niceTickStep(max);
    qreal lastY = bar.bottom() + fm.height();
    for (int i = 0; i * step <= max * (1 + 1e-6); ++i) {
        // A short bar (large fonts, little room) keeps only the labels that do not overlap.
        const qreal y = bar.bottom() - bar.height() * (i * step) / max;
        if (lastY - y >= fm.height()) lastY = tick(i * step, QLocale().toString(i * step, 'g', 3));
    }
    if (lastY - bar.top() >= 1.3 * fm.height()) tick(max, QLocale().toString(max, 'f', max < 0.1f ? 3 : 2));
    return bar;
}

QColor switchedOff() { return QColor(210, 40, 40); }

void paintSwitchedOff(QPainter& p, const QRectF& rect, qreal width) {
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(switchedOff(), width, Qt::SolidLine, Qt::RoundCap));
    p.drawLine(rect.topLeft(), rect.bottomRight());
    p.drawLine(rect.topRight(), rect.bottomLeft());
    p.restore();
}

}  // namespace colors
