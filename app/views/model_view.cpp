// ModelView and ModelViewGeometry (see model_view.h).
#include "model_view.h"

#include "attnscope/attention_analysis.h"
#include "color_scale.h"

#include <QLocale>
#include <QEvent>
#include <QFontMetricsF>
#include <QMouseEvent>
#include <QContextMenuEvent>
#include <QMenu>
#include <QPainter>

#include <algorithm>
#include <cmath>

// ---------------------------------------------------------------------------------------
// ModelViewGeometry

ModelViewGeometry ModelViewGeometry::compute(const QSizeF& area, int layers, int heads, const Metrics& m) {
    ModelViewGeometry g;
    g.layers = std::max(0, layers);
    g.heads = std::max(0, heads);
    const QRectF inner(m.margin, m.margin, std::max<qreal>(0, area.width() - 2 * m.margin),
                       std::max<qreal>(0, area.height() - 2 * m.margin));
    g.caption = QRectF(inner.left(), inner.top(), inner.width(), m.captionHeight);
    const qreal top = g.caption.bottom() + m.colHeaderHeight;
    const qreal availW = inner.width() - m.rowHeaderWidth;
    const qreal availH = inner.bottom() - m.statusHeight - top;
    const qreal aspect = std::clamp<qreal>(m.aspect, 0.25, 4.0);
    if (g.layers > 0 && g.heads > 0 && availW > 0 && availH > 0) {
        const qreal pitchW = availW / g.heads, pitchH = availH / g.layers;
        g.spacing = std::clamp(std::round(std::min(pitchW, pitchH) * 0.08), 2.0, 10.0);
        const qreal longest = std::max<qreal>(1, aspect);
        g.thumb = std::floor(std::min({pitchW - g.spacing, (pitchH - g.spacing) / aspect, m.maxThumb / longest}));
        g.thumbHeight = std::floor(g.thumb * aspect);
        if (g.thumb < 1 || g.thumbHeight < 1) g.thumb = g.thumbHeight = 0;
    }
    const qreal gridW = g.heads * (g.thumb + g.spacing), gridH = g.layers * (g.thumbHeight + g.spacing);
    const qreal left = inner.left() + m.rowHeaderWidth + std::max<qreal>(0, std::floor((availW - gridW) / 2));
    g.grid = QRectF(left, top, gridW, gridH);
    g.status = QRectF(inner.left(), g.grid.bottom() + 4, inner.width(), m.statusHeight);
    return g;
}

QRectF ModelViewGeometry::thumbRect(int layer, int head) const {
    return QRectF(grid.left() + spacing / 2 + head * (thumb + spacing),
                  grid.top() + spacing / 2 + layer * (thumbHeight + spacing), thumb, thumbHeight);
}

ModelViewHit ModelViewGeometry::thumbAt(const QPointF& p) const {
    if (thumb <= 0 || p.x() < grid.left() || p.y() < grid.top() || p.x() >= grid.right() || p.y() >= grid.bottom())
        return {};
    const int head = std::min(heads - 1, static_cast<int>((p.x() - grid.left()) / (thumb + spacing)));
    const int layer = std::min(layers - 1, static_cast<int>((p.y() - grid.top()) / (thumbHeight + spacing)));
    const QRectF r = thumbRect(layer, head);
    if (p.x() < r.left() || p.x() >= r.right() || p.y() < r.top() || p.y() >= r.bottom()) return {};
    return {layer, head};
}

QRectF ModelViewGeometry::imageRect(int layer, int head, int rows, int cols) const {
    const QRectF t = thumbRect(layer, head);
    if (rows <= 0 || cols <= 0 || t.isEmpty()) return t;
    // Shrink one side so the cells stay square: the cell aspect may be clamped.
    const qreal want = static_cast<qreal>(rows) / cols, have = t.height() / t.width();
    if (std::fabs(want - have) * t.width() < 1) return t;
    const qreal w = want > have ? std::max<qreal>(1, std::round(t.height() / want)) : t.width();
    const qreal h = want > have ? t.height() : std::max<qreal>(1, std::round(t.width() * want));
    return QRectF(t.left() + std::floor((t.width() - w) / 2), t.top() + std::floor((t.height() - h) / 2), w, h);
}

QRectF ModelViewGeometry::rowHeaderRect(int layer) const {
    const QRectF t = thumbRect(layer, 0);
    return QRectF(grid.left() - 200, t.top(), 200 - spacing, t.height());
}

QRectF ModelViewGeometry::colHeaderRect(int head) const {
    const QRectF t = thumbRect(0, head);
    return QRectF(t.left(), caption.bottom(), t.width(), grid.top() - caption.bottom());
}

// ---------------------------------------------------------------------------------------
// ModelView

namespace {

// Bin of each of n indices when n are averaged into s bins (s <= n), as even as possible.
std::vector<int> bins(int n, int s, std::vector<float>& count) {
    std::vector<int> bin(static_cast<std::size_t>(n));
    count.assign(static_cast<std::size_t>(s), 0.f);
    for (int i = 0; i < n; ++i) {
        bin[static_cast<std::size_t>(i)] = static_cast<int>(static_cast<long long>(i) * s / n);
        count[static_cast<std::size_t>(bin[static_cast<std::size_t>(i)])] += 1.f;
    }
    return bin;
}

// Block means of a row-major rows x cols matrix into an sr x sc grid (sr <= rows, sc <= cols).
std::vector<float> downsample(const float* m, int rows, int cols, int sr, int sc) {
    std::vector<float> out(static_cast<std::size_t>(sr) * sc, 0.f);
    std::vector<float> rowCount, colCount;
    const std::vector<int> rowBin = bins(rows, sr, rowCount);
    const std::vector<int> colBin = bins(cols, sc, colCount);
    for (int r = 0; r < rows; ++r) {
        const float* row = m + static_cast<std::size_t>(r) * cols;
        float* dst = out.data() + static_cast<std::size_t>(rowBin[static_cast<std::size_t>(r)]) * sc;
        for (int c = 0; c < cols; ++c) dst[colBin[static_cast<std::size_t>(c)]] += row[c];
    }
    for (int r = 0; r < sr; ++r)
        for (int c = 0; c < sc; ++c)
            out[static_cast<std::size_t>(r) * sc + c] /=
                rowCount[static_cast<std::size_t>(r)] * colCount[static_cast<std::size_t>(c)];
    return out;
}

}  // namespace

ModelView::ModelView(QWidget* parent) : AttentionView(parent) {
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    rebuildIfNeeded(true);
}

void ModelView::setAnalysis(AnalysisPtr analysis) {
    analysis_ = std::move(analysis);
    hovered_ = {};
    rebuildIfNeeded();
    update();
}

void ModelView::selectionChanged() {
    rebuildIfNeeded();
    update();
}

void ModelView::rebuildIfNeeded(bool force) {
    const bool hide = selection_ && selection_->hideSpecialTokens();
    const bool dark = colors::isDark(palette());
    if (!force && builtFor_ == analysis_.get() && builtHideSpecial_ == hide && builtDark_ == dark &&
        builtScheme_ == colors::schemeGeneration())
        return;
    builtFor_ = analysis_.get();
    builtHideSpecial_ = hide;
    builtDark_ = dark;
    builtScheme_ = colors::schemeGeneration();
    rebuildThumbnails();
    relayout();
}

void ModelView::rebuildThumbnails() {
    thumbs_.clear();
    layers_ = heads_ = tokens_ = keyTokens_ = 0;
    sameAxes_ = true;
    if (!analysis_) return;
    const auto& a = analysis_->result.attentions;
    const auto& tokens = analysis_->result.tokens;
    const auto& keys = analysis_->keys();
    if (a.layers <= 0 || a.heads <= 0 || a.queries <= 0 || a.keys <= 0) return;
    sameAxes_ = analysis_->selfAttention();
    if (sameAxes_ && a.queries != a.keys) return;
    layers_ = a.layers;
    heads_ = a.heads;
    // Rows and columns shown; hidden specials are dropped and the rest of each row
    // renormalised, as in the heatmap.
    auto keepOf = [&](const std::vector<attnscope::Token>& axis, int n, int* shown) {
        std::vector<bool> keep(static_cast<std::size_t>(n), true);
        *shown = 0;
        for (int t = 0; t < n; ++t) {
            keep[static_cast<std::size_t>(t)] =
                !(builtHideSpecial_ && t < static_cast<int>(axis.size()) && axis[static_cast<std::size_t>(t)].special);
            *shown += keep[static_cast<std::size_t>(t)] ? 1 : 0;
        }
        return keep;
    };
    const std::vector<bool> keepRows = keepOf(tokens, a.queries, &tokens_);
    const std::vector<bool> keepCols = keepOf(keys, a.keys, &keyTokens_);
    if (tokens_ == 0 || keyTokens_ == 0) return;
    const int rows = std::min(tokens_, kMaxThumbPixels);
    const int cols = std::min(keyTokens_, kMaxThumbPixels);
    thumbs_.reserve(static_cast<std::size_t>(layers_) * heads_);
    for (int l = 0; l < layers_; ++l)
        for (int h = 0; h < heads_; ++h) {
            std::vector<float> pixels;
            if (tokens_ == a.queries && keyTokens_ == a.keys) {
                pixels = downsample(a.matrix(l, h), a.queries, a.keys, rows, cols);
            } else {
                const attnscope::FloatMatrix m = attnscope::analysis::keepAndRenormalise(
                    attnscope::analysis::headMatrix(a, l, h), keepRows, keepCols);
                pixels = downsample(m.values.data(), tokens_, keyTokens_, rows, cols);
            }
            float top = 0.f;
            for (float v : pixels) top = std::max(top, v);
            if (top <= 0.f) top = 1.f;
            QImage img(cols, rows, QImage::Format_RGB32);
            for (int r = 0; r < rows; ++r) {
                auto* line = reinterpret_cast<QRgb*>(img.scanLine(r));
                for (int c = 0; c < cols; ++c)
                    line[c] = colors::sequential(pixels[static_cast<std::size_t>(r) * cols + c] / top, builtDark_);
            }
            thumbs_.push_back(std::move(img));
        }
}

void ModelView::relayout() {
    ModelViewGeometry::Metrics m;
    if (tokens_ > 0 && keyTokens_ > 0) m.aspect = static_cast<qreal>(tokens_) / keyTokens_;
    const QFontMetricsF base(font());
    m.captionHeight = std::ceil(base.height() * 1.3);
    m.statusHeight = std::ceil(base.height() * 1.3);
    headerFont_ = font();
    geometry_ = ModelViewGeometry::compute(size(), layers_, heads_, m);
    // Small thumbnails get smaller header text; the header room follows the font.
    const qreal shortSide = std::min(geometry_.thumb, geometry_.thumbHeight);
    if (shortSide > 0 && shortSide < base.height() * 1.6)
        headerFont_.setPixelSize(std::max(8, static_cast<int>(shortSide * 0.6)));
    const QFontMetricsF hf(headerFont_);
    const QString widest = QStringLiteral("L%1").arg(std::max(0, layers_ - 1));
    m.rowHeaderWidth = std::ceil(hf.horizontalAdvance(widest) + 10);
    m.colHeaderHeight = std::ceil(hf.height() + 4);
    geometry_ = ModelViewGeometry::compute(size(), layers_, heads_, m);
    // Thumbnails about 1.6 text lines tall plus spacing (headers in full-size type): below that the
    // page scrolls inside its tab.
    if (layers_ > 0) {
        const int minimum = static_cast<int>(std::ceil(m.captionHeight + m.statusHeight + base.height() + 4 +
                                                       layers_ * base.height() * 1.9 + 2 * m.margin + 8));
        if (minimumHeight() != minimum) setMinimumHeight(minimum);
    }
}



bool ModelView::inAggregate(int layer, int head) const {
    if (!selection_ || !analysis_) return false;
    const auto kind =
        sameAxes_ ? attnscope::analysis::StackKind::SelfAttention : attnscope::analysis::StackKind::CrossAttention;
    return attnscope::analysis::aggregateIncludes(analysis_->result.attentions, selection_->layer(), selection_->head(),
                                                  selection_->aggregate(), kind, layer, head);
}

QString ModelView::captionText() const {
    if (!analysis_) return {};
    const QString queries = analysis_->queryName.isEmpty() ? tr("query") : analysis_->queryName;
    const QString keys = analysis_->keyName.isEmpty() ? tr("key") : analysis_->keyName;
    const QString size = sameAxes_ ? tr("%1 tokens").arg(tokens_)
                                   : tr("%1 %2 x %3 %4 tokens").arg(tokens_).arg(queries).arg(keyTokens_).arg(keys);
    QString s = tr("%1 layers x %2 heads  ·  %3  ·  each thumbnail coloured to its own maximum")
                    .arg(layers_)
                    .arg(heads_)
                    .arg(size);
    if (!analysis_->kindLabel.isEmpty()) s = analysis_->kindLabel + QStringLiteral("  ·  ") + s;
    if (std::max(tokens_, keyTokens_) > kMaxThumbPixels) s += tr(" (block means)");
    if (builtHideSpecial_) s += tr("  ·  special tokens hidden");
    return s;
}

QString ModelView::statusText() const {
    if (hovered_.valid() && !sameAxes_)  // a distance between positions of two sequences means nothing
        return tr("Layer %1, head %2  ·  mean row entropy %3 bits  ·  click to select")
            .arg(hovered_.layer)
            .arg(hovered_.head)
            .arg(QLocale().toString(hoveredEntropy_, 'f', 2));
    if (hovered_.valid())
        return tr("Layer %1, head %2  ·  mean row entropy %3 bits  ·  mean attention distance %4 tokens  ·  click to "
                  "select")
            .arg(hovered_.layer)
            .arg(hovered_.head)
            .arg(QLocale().toString(hoveredEntropy_, 'f', 2))
            .arg(QLocale().toString(hoveredDistance_, 'f', 1));
    if (!sameAxes_)
        return tr("Rows: layers (input at the top)  ·  columns: heads  ·  in each: %1 down, %2 across  ·  "
                  "click to open a head")
            .arg(analysis_ && !analysis_->queryName.isEmpty() ? analysis_->queryName : tr("queries"),
                 analysis_ && !analysis_->keyName.isEmpty() ? analysis_->keyName : tr("keys"));
    return tr("Rows: layers (input at the top)  ·  columns: heads  ·  hover for details, click to open a head") +
           tr("  ·  Ctrl+click switches a head off");
}

void ModelView::mouseMoveEvent(QMouseEvent* event) {
    const ModelViewHit hit = geometry_.thumbAt(event->position());
    if (hit.layer == hovered_.layer && hit.head == hovered_.head) return;
    hovered_ = hit;
    if (hit.valid() && analysis_) {
        const attnscope::FloatMatrix m =
            attnscope::analysis::headMatrix(analysis_->result.attentions, hit.layer, hit.head);
        hoveredEntropy_ = attnscope::analysis::meanRowEntropyBits(m);
        hoveredDistance_ = attnscope::analysis::meanAttentionDistance(m);
    }
    setCursor(hit.valid() ? Qt::PointingHandCursor : Qt::ArrowCursor);
    update();
}

void ModelView::mousePressEvent(QMouseEvent* event) {
    const ModelViewHit hit = geometry_.thumbAt(event->position());
    if (event->button() != Qt::LeftButton || !hit.valid() || !selection_) return AttentionView::mousePressEvent(event);
    if (event->modifiers() & Qt::ControlModifier) {  // Ctrl+click: switch the head off or on
        Q_EMIT headToggleRequested(hit.layer, hit.head);
        return;
    }
    selection_->setLayerHead(hit.layer, hit.head);
}

void ModelView::contextMenuEvent(QContextMenuEvent* event) {
    const ModelViewHit hit = geometry_.thumbAt(event->pos());
    if (!hit.valid() || !analysis_) return AttentionView::contextMenuEvent(event);
    const bool off = analysis_->ablatedHeads.count({hit.layer, hit.head}) > 0;
    QMenu menu(this);
    const QString head = QStringLiteral("%1:%2").arg(hit.layer).arg(hit.head);
    QAction* toggle = menu.addAction(off ? tr("Switch head %1 back on").arg(head)
                                         : tr("Switch head %1 off (Ctrl+click)").arg(head));
    QAction* show = menu.addAction(tr("Show head %1").arg(head));
    QAction* chosen = menu.exec(event->globalPos());
    if (chosen == toggle) Q_EMIT headToggleRequested(hit.layer, hit.head);
    else if (chosen == show && selection_) selection_->setLayerHead(hit.layer, hit.head);
}

void ModelView::leaveEvent(QEvent* event) {
    AttentionView::leaveEvent(event);
    hovered_ = {};
    update();
}

void ModelView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    const QColor text = palette().color(QPalette::Text);
    if (thumbs_.empty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        QFont f = font();
        f.setPointSizeF(f.pointSizeF() * 1.3);
        p.setFont(f);
        p.drawText(rect().adjusted(20, 20, -20, -20), Qt::AlignCenter | Qt::TextWordWrap,
                   !analysis_ ? tr("No analysis yet.\nType a sentence and run the model to see every head.")
                              : tr("Nothing to show: every token is hidden."));
        return;
    }
    const ModelViewGeometry& g = geometry_;
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(text);
    p.drawText(g.caption, Qt::AlignLeft | Qt::AlignVCenter,
               QFontMetricsF(bold).elidedText(captionText(), Qt::ElideRight, g.caption.width()));

    // Shrinking uses smoothing; enlarging stays nearest-neighbour so cells stay crisp.
    const qreal devicePixels = std::max(g.thumb, g.thumbHeight) * devicePixelRatioF();
    const int side = std::max(thumbs_.front().width(), thumbs_.front().height());
    p.setRenderHint(QPainter::SmoothPixmapTransform, side > devicePixels);
    QColor frame = text;
    frame.setAlphaF(0.25f);
    for (int l = 0; l < layers_; ++l)
        for (int h = 0; h < heads_; ++h) {
            const QImage& image = thumbs_[static_cast<std::size_t>(l) * heads_ + h];
            const QRectF r = g.imageRect(l, h, tokens_, keyTokens_);
            p.drawImage(r, image);
            p.setPen(QPen(frame, 1));
            p.drawRect(r.adjusted(-0.5, -0.5, 0.5, 0.5));
        }

    // Headers, the active ones bold.
    const int selLayer = selection_ ? selection_->layer() : -1;
    const int selHead = selection_ && selection_->aggregate() == Aggregate::SingleHead ? selection_->head() : -1;
    QColor dim = text;
    dim.setAlphaF(0.7f);
    auto header = [&](const QRectF& r, const QString& s, bool active, int align) {
        QFont f = headerFont_;
        f.setBold(active);
        p.setFont(f);
        p.setPen(active ? text : dim);
        p.drawText(r, align, s);
    };
    for (int l = 0; l < layers_; ++l)
        header(g.rowHeaderRect(l), QStringLiteral("L%1").arg(l), l == selLayer || l == hovered_.layer,
               Qt::AlignRight | Qt::AlignVCenter);
    for (int h = 0; h < heads_; ++h)
        header(g.colHeaderRect(h), QStringLiteral("H%1").arg(h), h == selHead || h == hovered_.head,
               Qt::AlignHCenter | Qt::AlignBottom);

    // What the selection shows: outlined in the highlight colour (thicker for the chosen head).
    p.setBrush(Qt::NoBrush);
    const QColor highlight = palette().color(QPalette::Highlight);
    const qreal pen = std::clamp(g.spacing * 0.6, 1.5, 3.0);
    for (int l = 0; l < layers_; ++l)
        for (int h = 0; h < heads_; ++h) {
            if (!inAggregate(l, h)) continue;
            p.setPen(QPen(highlight, pen));
            p.drawRect(g.thumbRect(l, h).adjusted(-pen / 2, -pen / 2, pen / 2, pen / 2));
        }
    // Switched-off heads: crossed out (their weights are all zero).
    if (analysis_)
        for (const auto& [layer, head] : analysis_->ablatedHeads) {
            if (layer >= layers_ || head >= heads_) continue;
            colors::paintSwitchedOff(p, g.thumbRect(layer, head), std::max<qreal>(2.0, g.spacing * 0.5));
        }
    if (hovered_.valid()) {
        p.setPen(QPen(text, 1.5));
        p.drawRect(g.thumbRect(hovered_.layer, hovered_.head).adjusted(-1.5, -1.5, 1.5, 1.5));
    }

    p.setFont(font());
    p.setPen(text);
    p.drawText(g.status, Qt::AlignLeft | Qt::AlignVCenter,
               QFontMetricsF(font()).elidedText(statusText(), Qt::ElideRight, g.status.width()));
}
