// SentenceLinksView and SentenceLinksLayout (see sentence_links_view.h).
#include "sentence_links_view.h"

#include "color_scale.h"

#include <QLocale>
#include <QEvent>
#include <QFontMetricsF>
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace tmath = translationmath;

// ---------------------------------------------------------------------------------------
// SentenceLinksLayout

SentenceLinksLayout SentenceLinksLayout::compute(const QRectF& area, const std::vector<qreal>& sourceWidths,
                                                 const std::vector<bool>& sourceGlued,
                                                 const std::vector<qreal>& targetWidths,
                                                 const std::vector<bool>& targetGlued, const Metrics& m) {
    SentenceLinksLayout l;
    const qreal x0 = area.left() + m.margin;
    const qreal w = std::max<qreal>(1, area.width() - 2 * m.margin);
    qreal y = area.top() + m.margin;
    l.caption = QRectF(x0, y, w, m.captionHeight);
    y += m.captionHeight + 8;
    // Both sentences start at the left margin, not centred: a centred line shifts sideways by
    // half of every width change while the user types.
    l.source = tmath::flowBoxes(sourceWidths, sourceGlued, QPointF(x0, y), w, m.boxHeight, m.gap, m.gluedGap, m.lineGap,
                                false);
    const qreal sourceBottom = y + std::max(l.source.height, m.boxHeight);
    l.status = QRectF(x0, area.bottom() - m.margin - m.statusHeight, w, m.statusHeight);
    const tmath::Flow probe = tmath::flowBoxes(targetWidths, targetGlued, QPointF(x0, 0), w, m.boxHeight, m.gap,
                                               m.gluedGap, m.lineGap, false);
    const qreal targetHeight = std::max(probe.height, m.boxHeight);
    const qreal room = l.status.top() - 8 - sourceBottom - targetHeight;
    const qreal band = std::clamp(room, m.minBand, std::max(m.minBand, m.maxBand));
    l.bandTop = sourceBottom;
    l.bandBottom = sourceBottom + band;
    l.target = tmath::flowBoxes(targetWidths, targetGlued, QPointF(x0, l.bandBottom), w, m.boxHeight, m.gap, m.gluedGap,
                                m.lineGap, false);
    l.bottom = l.bandBottom + targetHeight;
    return l;
}

SentenceLinksLayout SentenceLinksLayout::computeCompact(const QRectF& area, int sources, int targets, qreal labelHeight,
                                                        const Metrics& m) {
    SentenceLinksLayout l;
    l.compact = true;
    const qreal x0 = area.left() + m.margin;
    const qreal w = std::max<qreal>(1, area.width() - 2 * m.margin);
    qreal y = area.top() + m.margin;
    l.caption = QRectF(x0, y, w, m.captionHeight);
    y += m.captionHeight + 8;
    l.status = QRectF(x0, area.bottom() - m.margin - m.statusHeight, w, m.statusHeight);
    auto slots = [&](int n, qreal top) {
        tmath::Flow f;
        const qreal slot = w / std::max(1, n);
        for (int i = 0; i < n; ++i) f.boxes.emplace_back(x0 + i * slot, top, slot, labelHeight);
        f.lineOf.assign(static_cast<std::size_t>(std::max(0, n)), 0);
        f.lines = n > 0 ? 1 : 0;
        f.height = labelHeight;
        return f;
    };
    l.source = slots(sources, y);
    l.bandTop = y + labelHeight;
    const qreal room = l.status.top() - 8 - l.bandTop - labelHeight;
    l.bandBottom = l.bandTop + std::clamp(room, m.minBand, std::max(m.minBand, m.maxBand));
    l.target = slots(targets, l.bandBottom);
    l.bottom = l.bandBottom + labelHeight;
    return l;
}

QPointF SentenceLinksLayout::sourceAnchor(int s) const {
    if (s < 0 || s >= static_cast<int>(source.boxes.size())) return {};
    const QRectF& b = source.boxes[static_cast<std::size_t>(s)];
    return {b.center().x(), b.bottom()};
}

QPointF SentenceLinksLayout::targetAnchor(int t) const {
    if (t < 0 || t >= static_cast<int>(target.boxes.size())) return {};
    const QRectF& b = target.boxes[static_cast<std::size_t>(t)];
    return {b.center().x(), b.top()};
}

int SentenceLinksLayout::sourceAt(const QPointF& p) const {
    for (std::size_t i = 0; i < source.boxes.size(); ++i)
        if (source.boxes[i].contains(p)) return static_cast<int>(i);
    return -1;
}

int SentenceLinksLayout::targetAt(const QPointF& p) const {
    for (std::size_t i = 0; i < target.boxes.size(); ++i)
        if (target.boxes[i].contains(p)) return static_cast<int>(i);
    return -1;
}

QPainterPath SentenceLinksLayout::curve(int s, int t) const {
    const QPointF a = sourceAnchor(s), b = targetAnchor(t);
    const qreal dy = (b.y() - a.y()) * 0.5;
    QPainterPath path(a);
    path.cubicTo(QPointF(a.x(), a.y() + dy), QPointF(b.x(), b.y() - dy), b);
    return path;
}

// ---------------------------------------------------------------------------------------
// SentenceLinksView

namespace {

QFont scaled(QFont f, double k) {
    if (f.pointSizeF() > 0) f.setPointSizeF(f.pointSizeF() * k);
    else f.setPixelSize(std::max(6, static_cast<int>(std::lround(f.pixelSize() * k))));
    return f;
}

// The hue of the links: one colour, weight shown by opacity and thickness.
QColor linkColour(bool dark) { return dark ? QColor(120, 190, 255) : QColor(33, 102, 172); }

}  // namespace

SentenceLinksView::SentenceLinksView(QWidget* parent) : AttentionView(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMouseTracking(true);
    rebuild();
}

void SentenceLinksView::setTranslation(TranslationPtr translation) {
    translation_ = std::move(translation);
    hoveredSource_ = hoveredTarget_ = -1;
    rebuild();
    update();
}

void SentenceLinksView::setThreshold(float threshold) {
    if (threshold == threshold_) return;
    threshold_ = threshold;
    rebuildLinks();
    relayout();
    update();
}

void SentenceLinksView::setHovered(int source, int target) {
    source = source >= 0 && source < sourceLabels_.size() ? source : -1;
    target = source < 0 && target >= 0 && target < targetLabels_.size() ? target : -1;
    if (source == hoveredSource_ && target == hoveredTarget_) return;
    hoveredSource_ = source;
    hoveredTarget_ = target;
    update();
}

void SentenceLinksView::selectionChanged() {
    if (matrixChoiceOf(selection_) == builtFor_) return;  // hover or clicks elsewhere
    rebuild();
    update();
}

void SentenceLinksView::rebuild() {
    builtFor_ = matrixChoiceOf(selection_);
    matrix_ = {};
    sourceLabels_.clear();
    targetLabels_.clear();
    sourceGlued_.clear();
    targetGlued_.clear();
    caption_.clear();
    if (translation_) {
        const attnscope::TextTranslation& t = translation_->result;
        matrix_ = selectedCrossAttention(t, selection_);
        // Only tokens with attention rows/columns: a streaming translation grows at the bottom.
        const int rows = matrix_.rows > 0 ? matrix_.rows : 0;
        const int cols = matrix_.cols > 0 ? matrix_.cols : static_cast<int>(t.sourceTokens.size());
        for (int c = 0; c < cols; ++c) {
            const auto& token = t.sourceTokens[static_cast<std::size_t>(c)];
            sourceLabels_ << tmath::pieceLabel(token.piece);
            sourceGlued_.push_back(c > 0 && !tmath::startsWord(token));
        }
        for (int r = 0; r < rows; ++r) {
            const auto& token = t.targetTokens[static_cast<std::size_t>(r)];
            targetLabels_ << tmath::pieceLabel(token.piece);
            targetGlued_.push_back(r > 0 && !tmath::startsWord(token));
        }
        sourceSpecial_ = tmath::specialFlags(t.sourceTokens, cols);
        targetSpecial_ = tmath::specialFlags(t.targetTokens, rows);
        caption_ = tmath::selectionCaption(t.crossAttentions, selection_) + tr("  ·  top: source, bottom: translation");
        if (!translation_->complete) caption_ += tr("  ·  decoding…");
    }
    rebuildLinks();
    relayout();
}

void SentenceLinksView::rebuildLinks() {
    links_.clear();
    maxWeight_ = 0.f;
    for (int r = 0; r < matrix_.rows; ++r)
        for (int c = 0; c < matrix_.cols; ++c) {
            const float w = matrix_.at(r, c);
            if (w >= threshold_) links_.push_back({c, r, w});
            maxWeight_ = std::max(maxWeight_, w);
        }
    if (maxWeight_ <= 0.f) maxWeight_ = 1.f;
    std::stable_sort(links_.begin(), links_.end(),
                     [](const SentenceLink& a, const SentenceLink& b) { return a.weight < b.weight; });
}

void SentenceLinksView::relayout() {
    const QFont base = font();
    const QFontMetricsF plain(base);
    SentenceLinksLayout::Metrics m;
    m.captionHeight = std::ceil(plain.height() * 1.2);
    m.statusHeight = std::ceil(plain.height() * 1.2);
    // The largest text at which both sentences fit on one line each; failing that, compact
    // mode (one line of narrow slots with rotated labels), which stays readable where wrapped
    // lines would have links cutting through them.
    bool chosen = false;
    for (double k : {1.4, 1.25, 1.1, 1.0, 0.9, 0.8}) {
        boxFont_ = scaled(base, k);
        const QFontMetricsF fm(boxFont_);
        m.boxHeight = std::ceil(fm.height() + 8);
        m.gap = std::ceil(6 * k + 2);
        std::vector<qreal> sw, tw;
        for (const QString& s : sourceLabels_) sw.push_back(std::ceil(fm.horizontalAdvance(s) + 10 * k));
        for (const QString& s : targetLabels_) tw.push_back(std::ceil(fm.horizontalAdvance(s) + 10 * k));
        layout_ = SentenceLinksLayout::compute(rect(), sw, sourceGlued_, tw, targetGlued_, m);
        if (layout_.source.lines <= 1 && layout_.target.lines <= 1 && layout_.bottom <= layout_.status.top()) {
            chosen = true;
            break;
        }
    }
    sourceStride_ = targetStride_ = 1;
    maxLinkWidth_ = 5.0;
    if (!chosen) {
        boxFont_ = scaled(base, 0.85);
        const QFontMetricsF fm(boxFont_);
        qreal longest = 0;
        for (const QString& s : sourceLabels_ + targetLabels_) longest = std::max(longest, fm.horizontalAdvance(s));
        const qreal labelHeight = std::ceil(std::min<qreal>(longest, 110) + 8);
        layout_ = SentenceLinksLayout::computeCompact(rect(), static_cast<int>(sourceLabels_.size()),
                                                      static_cast<int>(targetLabels_.size()), labelHeight, m);
        auto slot = [](const tmath::Flow& f) { return f.boxes.empty() ? 0.0 : f.boxes.front().width(); };
        sourceStride_ = labelStride(fm.height() * 0.95, slot(layout_.source));
        targetStride_ = labelStride(fm.height() * 0.95, slot(layout_.target));
        // Narrow slots: thinner links, so neighbours stay apart.
        maxLinkWidth_ = std::clamp(0.45 * std::min(slot(layout_.source), slot(layout_.target)), 1.2, 5.0);
    }
    curves_.clear();
    curves_.reserve(links_.size());
    for (const SentenceLink& link : links_) curves_.push_back(layout_.curve(link.source, link.target));
}



void SentenceLinksView::mouseMoveEvent(QMouseEvent* event) {
    const QPointF p = event->position();
    const int s = layout_.sourceAt(p);
    setHovered(s, s >= 0 ? -1 : layout_.targetAt(p));
}

void SentenceLinksView::leaveEvent(QEvent* event) {
    AttentionView::leaveEvent(event);
    setHovered(-1, -1);
}

bool SentenceLinksView::linkActive(const SentenceLink& link) const {
    if (hoveredSource_ >= 0) return link.source == hoveredSource_;
    if (hoveredTarget_ >= 0) return link.target == hoveredTarget_;
    return true;
}

QString SentenceLinksView::statusText() const {
    auto list = [&](bool fromTarget, int index) {
        std::vector<SentenceLink> mine;
        for (const SentenceLink& l : links_)
            if ((fromTarget ? l.target : l.source) == index) mine.push_back(l);
        std::sort(mine.begin(), mine.end(),
                  [](const SentenceLink& a, const SentenceLink& b) { return a.weight > b.weight; });
        QStringList parts;
        for (const SentenceLink& l : mine)
            parts << QStringLiteral("%1 %2")
                         .arg(fromTarget ? sourceLabels_.value(l.source) : targetLabels_.value(l.target))
                         .arg(QLocale().toString(l.weight, 'f', 2));
        return parts.isEmpty() ? tr("no link ≥ %1").arg(QLocale().toString(threshold_, 'f', 2)) : parts.join(QStringLiteral(", "));
    };
    if (hoveredTarget_ >= 0)
        return tr("«%1» ← %2").arg(targetLabels_.value(hoveredTarget_), list(true, hoveredTarget_));
    if (hoveredSource_ >= 0)
        return tr("«%1» → %2").arg(sourceLabels_.value(hoveredSource_), list(false, hoveredSource_));
    return tr("%n link(s) with weight ≥ %1  ·  hover a word to bring out its links", nullptr,
              static_cast<int>(links_.size()))
        .arg(QLocale().toString(threshold_, 'f', 2));
}

// ---------------------------------------------------------------------------------------
// Painting: only cached state.

void SentenceLinksView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    const QColor text = palette().color(QPalette::Text);
    QColor dim = text;
    dim.setAlphaF(0.6f);
    if (!translation_ || sourceLabels_.isEmpty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        QFont f = font();
        f.setPointSizeF(f.pointSizeF() * 1.3);
        p.setFont(f);
        p.drawText(rect().adjusted(20, 20, -20, -20), Qt::AlignCenter | Qt::TextWordWrap,
                   tr("Type a sentence to translate.\nLinks from each translated word to the source words it "
                      "attended to will appear here."));
        return;
    }
    const bool dark = colors::isDark(palette());
    const QFontMetricsF plain(font());
    p.setFont(font());
    p.setPen(dim);
    p.drawText(layout_.caption, Qt::AlignLeft | Qt::AlignVCenter,
               plain.elidedText(caption_, Qt::ElideRight, layout_.caption.width()));

    // Links first, so the token boxes cover their ends (and wrapped lines they pass).
    p.setRenderHint(QPainter::Antialiasing, true);
    const bool anyHover = hoveredSource_ >= 0 || hoveredTarget_ >= 0;
    const QColor hue = linkColour(dark);
    for (std::size_t i = 0; i < links_.size(); ++i) {
        const SentenceLink& link = links_[i];
        const float rel = link.weight / maxWeight_;
        const bool active = linkActive(link);
        QColor c = active && anyHover ? palette().color(QPalette::Highlight) : hue;
        c.setAlphaF(static_cast<float>(anyHover && !active ? 0.06 : 0.2 + 0.8 * rel));
        p.setPen(QPen(c, 0.8 + (maxLinkWidth_ - 0.8) * rel, Qt::SolidLine, Qt::RoundCap));
        p.setBrush(Qt::NoBrush);
        p.drawPath(curves_[i]);
    }

    if (layout_.compact) {
        paintCompactLabels(p, layout_.source, sourceLabels_, sourceSpecial_, hoveredSource_, sourceStride_, true);
        paintCompactLabels(p, layout_.target, targetLabels_, targetSpecial_, hoveredTarget_, targetStride_, false);
    } else {
        paintBoxes(p, layout_.source, sourceLabels_, sourceSpecial_, hoveredSource_);
        paintBoxes(p, layout_.target, targetLabels_, targetSpecial_, hoveredTarget_);
    }

    p.setFont(font());
    p.setPen(text);
    p.drawText(layout_.status, Qt::AlignLeft | Qt::AlignVCenter,
               plain.elidedText(statusText(), Qt::ElideRight, layout_.status.width()));
}

void SentenceLinksView::paintBoxes(QPainter& p, const tmath::Flow& flow, const QStringList& labels,
                                   const std::vector<bool>& special, int hovered) const {
    const QFontMetricsF fm(boxFont_);
    p.setFont(boxFont_);
    const QColor text = palette().color(QPalette::Text);
    QColor dim = text, frame = text;
    dim.setAlphaF(0.6f);
    frame.setAlphaF(0.3f);
    for (int i = 0; i < static_cast<int>(flow.boxes.size()); ++i) {
        const QRectF box = flow.boxes[static_cast<std::size_t>(i)];
        const bool isHovered = i == hovered;
        p.setPen(QPen(isHovered ? palette().color(QPalette::Highlight) : frame, isHovered ? 2 : 1));
        p.setBrush(isHovered ? palette().color(QPalette::Highlight) : palette().color(QPalette::AlternateBase));
        p.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
        const bool isSpecial = i < static_cast<int>(special.size()) && special[static_cast<std::size_t>(i)];
        p.setPen(isHovered ? palette().color(QPalette::HighlightedText) : isSpecial ? dim : text);
        p.drawText(box, Qt::AlignCenter, fm.elidedText(labels.value(i), Qt::ElideRight, box.width() - 2));
    }
}

void SentenceLinksView::paintCompactLabels(QPainter& p, const tmath::Flow& flow, const QStringList& labels,
                                           const std::vector<bool>& special, int hovered, int stride,
                                           bool above) const {
    if (flow.boxes.empty()) return;
    QFont bold = boxFont_;
    bold.setBold(true);
    const QFontMetricsF fm(boxFont_), boldMetrics(bold);
    const QColor text = palette().color(QPalette::Text);
    QColor dim = text, frame = text;
    dim.setAlphaF(0.6f);
    frame.setAlphaF(0.35f);
    // The sentence's baseline, with a tick where each token's links end.
    const qreal y = above ? flow.boxes.front().bottom() : flow.boxes.front().top();
    p.setPen(QPen(frame, 1));
    p.drawLine(QPointF(flow.boxes.front().left(), y), QPointF(flow.boxes.back().right(), y));
    for (const QRectF& box : flow.boxes)
        p.drawLine(QPointF(box.center().x(), y), QPointF(box.center().x(), y + (above ? -3 : 3)));
    const qreal h = fm.height();
    for (int i = 0; i < static_cast<int>(flow.boxes.size()); ++i) {
        const bool isHovered = i == hovered;
        if (!isHovered && (i % stride != 0 || (hovered >= 0 && stride > 1 && std::abs(i - hovered) < stride))) continue;
        const QRectF box = flow.boxes[static_cast<std::size_t>(i)];
        p.save();
        // Labels start at the baseline and run away from the links: up above, down below.
        p.translate(box.center().x(), above ? box.bottom() : box.top());
        p.rotate(above ? -90 : 90);
        const QRectF r(5, -h / 2, box.height() - 5, h);
        const QString label = (isHovered ? boldMetrics : fm).elidedText(labels.value(i), Qt::ElideRight, r.width());
        if (isHovered) {
            p.setFont(bold);
            p.fillRect(QRectF(r.left() - 2, r.top(), boldMetrics.horizontalAdvance(label) + 4, h),
                       palette().color(QPalette::Highlight));
            p.setPen(palette().color(QPalette::HighlightedText));
        } else {
            p.setFont(boxFont_);
            const bool isSpecial = i < static_cast<int>(special.size()) && special[static_cast<std::size_t>(i)];
            p.setPen(isSpecial ? dim : text);
        }
        p.drawText(r, Qt::AlignLeft | Qt::AlignVCenter, label);
        p.restore();
    }
}
