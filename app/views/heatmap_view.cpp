// HeatmapView (see heatmap_view.h).
#include "heatmap_view.h"

#include "color_scale.h"

#include <QLocale>
#include <QCoreApplication>
#include <QContextMenuEvent>
#include <QEvent>
#include <QFontMetricsF>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace analysis = attnscope::analysis;

// ---------------------------------------------------------------------------------------
// HeatmapView

namespace {

// A weight in a cell: two decimals without the leading zero (".83"; "1.00" stays whole — a
// weight just under 1 rounds to it and must not lose its "1").
QString cellNumber(float v) {
    const QString s = QLocale().toString(v, 'f', 2);
    return s.startsWith(QLatin1Char('0')) ? s.mid(1) : s;
}

constexpr qreal kMaxLabelWidth = 150;
constexpr qreal kLabelPad = 6;

QString aggregateName(Aggregate a) {
    switch (a) {
    case Aggregate::SingleHead: return QCoreApplication::translate("HeatmapView", "head");
    case Aggregate::MeanHeads: return QCoreApplication::translate("HeatmapView", "mean over heads");
    case Aggregate::MaxHeads: return QCoreApplication::translate("HeatmapView", "max over heads");
    case Aggregate::MeanLayers: return QCoreApplication::translate("HeatmapView", "mean over layers");
    case Aggregate::Rollout: return QCoreApplication::translate("HeatmapView", "rollout");
    }
    return {};
}

}  // namespace

bool HeatmapView::CacheKey::operator==(const CacheKey& o) const {
    return analysis == o.analysis && choice == o.choice &&
           hideSpecial == o.hideSpecial && mergeWords == o.mergeWords && dark == o.dark && fixedScale == o.fixedScale &&
           scheme == o.scheme;
}

HeatmapView::HeatmapView(QWidget* parent) : AttentionView(parent) {
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setFocusPolicy(Qt::ClickFocus);
    rebuildIfNeeded(true);
}

void HeatmapView::setAnalysis(AnalysisPtr analysis) {
    analysis_ = std::move(analysis);
    hoveredCell_ = {};
    hoveredColumnLabel_ = -1;
    rebuildIfNeeded();
    update();
}

int HeatmapView::tokenOfRow(int row) const {
    if (row < 0 || row >= static_cast<int>(rowTokens_.size()) || rowTokens_[static_cast<std::size_t>(row)].empty())
        return -1;
    return rowTokens_[static_cast<std::size_t>(row)].front();
}

int HeatmapView::rowOfToken(int token) const {
    if (token < 0 || token >= static_cast<int>(tokenToRow_.size())) return -1;
    return tokenToRow_[static_cast<std::size_t>(token)];
}

int HeatmapView::tokenOfColumn(int col) const {
    if (col < 0 || col >= static_cast<int>(colTokens_.size()) || colTokens_[static_cast<std::size_t>(col)].empty())
        return -1;
    return colTokens_[static_cast<std::size_t>(col)].front();
}

int HeatmapView::columnOfToken(int keyToken) const {
    if (keyToken < 0 || keyToken >= static_cast<int>(tokenToCol_.size())) return -1;
    return tokenToCol_[static_cast<std::size_t>(keyToken)];
}

HeatmapView::CacheKey HeatmapView::currentKey() const {
    CacheKey k;
    k.analysis = analysis_.get();
    if (selection_) {
        k.choice = selection_->matrixChoice();
        k.hideSpecial = selection_->hideSpecialTokens();
        k.mergeWords = selection_->mergeWordPieces();
        k.fixedScale = selection_->fixedColourScale();
    }
    k.dark = colors::isDark(palette());
    k.scheme = colors::schemeGeneration();
    return k;
}

void HeatmapView::selectionChanged() {
    rebuildIfNeeded();
    update();  // hover and selected token are drawn over the cached image
}

void HeatmapView::rebuildIfNeeded(bool force) {
    const CacheKey k = currentKey();
    if (!force && k == key_) return;
    const bool matrixChanged = force || !(k.analysis == key_.analysis && k.choice == key_.choice && k.hideSpecial == key_.hideSpecial &&
                                          k.mergeWords == key_.mergeWords);
    key_ = k;
    if (matrixChanged) {
        rebuildMatrix();
        matrixRebuilt();
    }
    rebuildImage();
    relayout();
}

void HeatmapView::rebuildMatrix() {
    matrix_ = {};
    rowTokens_.clear();
    tokenToRow_.clear();
    rowIsSpecial_.clear();
    labels_.clear();
    colTokens_.clear();
    tokenToCol_.clear();
    colIsSpecial_.clear();
    colLabels_.clear();
    rolloutFallback_ = false;
    if (!analysis_) return;
    const auto& tokens = analysis_->result.tokens;
    const auto& keys = analysis_->keys();
    const auto& att = analysis_->result.attentions;
    if (att.layers <= 0 || att.heads <= 0 || att.queries <= 0 || att.keys <= 0) return;
    if (att.queries != static_cast<int>(tokens.size()) || att.keys != static_cast<int>(keys.size())) return;
    // One rule for every view (attnscope::analysis::aggregate); rollout needs self-attention.
    const auto kind = sameAxes() ? analysis::StackKind::SelfAttention : analysis::StackKind::CrossAttention;
    const auto aggregate = key_.choice.aggregate;
    rolloutFallback_ = aggregate == Aggregate::Rollout && !analysis::rolloutApplies(att, kind);
    matrix_ = analysis::aggregate(att, key_.choice.layer, key_.choice.head, aggregate, kind);

    const analysis::VisibleTokens rows = analysis::visibleTokens(tokens, key_.hideSpecial, key_.mergeWords);
    const analysis::VisibleTokens cols =
        sameAxes() ? rows : analysis::visibleTokens(keys, key_.hideSpecial, key_.mergeWords);
    matrix_ = analysis::visibleMatrix(matrix_, rows, cols);
    // Fills one axis' lookups from its visible tokens.
    auto fill = [](const analysis::VisibleTokens& v, const std::vector<attnscope::Token>& axisTokens,
                   std::vector<std::vector<int>>& members, std::vector<int>& inverse, std::vector<bool>& special,
                   QStringList& labels) {
        members = v.members;
        inverse = v.rowOfToken;
        for (std::size_t r = 0; r < v.members.size(); ++r) {
            bool allSpecial = true;
            for (int t : v.members[r]) allSpecial = allSpecial && axisTokens[static_cast<std::size_t>(t)].special;
            special.push_back(allSpecial);
            labels << QString::fromStdString(v.labels[r]);
        }
    };
    fill(rows, tokens, rowTokens_, tokenToRow_, rowIsSpecial_, labels_);
    fill(cols, keys, colTokens_, tokenToCol_, colIsSpecial_, colLabels_);
}

void HeatmapView::rebuildImage() {
    colourMax_ = 0.f;
    for (float v : matrix_.values) colourMax_ = std::max(colourMax_, v);
    if (colourMax_ <= 0.f || key_.fixedScale) colourMax_ = 1.f;
    const bool dark = key_.dark;
    if (matrix_.rows > 0 && matrix_.cols > 0) {
        image_ = QImage(matrix_.cols, matrix_.rows, QImage::Format_RGB32);
        for (int r = 0; r < matrix_.rows; ++r) {
            auto* line = reinterpret_cast<QRgb*>(image_.scanLine(r));
            for (int c = 0; c < matrix_.cols; ++c) line[c] = colors::sequential(matrix_.at(r, c) / colourMax_, dark);
        }
    } else {
        image_ = QImage();
    }
    legendImage_ = QImage(1, 256, QImage::Format_RGB32);
    for (int i = 0; i < 256; ++i) legendImage_.setPixel(0, i, colors::sequential(1.f - i / 255.f, dark));
}

void HeatmapView::relayout() {
    HeatmapGeometry::Metrics m;
    const QFontMetricsF base(font());
    m.captionHeight = std::ceil(base.height() * 1.3);
    m.statusHeight = std::ceil(base.height() * 1.3);
    // Wide enough for "0.000" beside the bar and for the scale note in two lines.
    qreal note = 0;
    for (const QString& half : {tr("scale: this"), tr("scale: fixed"), tr("matrix's max")})
        note = std::max(note, base.horizontalAdvance(half));
    m.legendWidth = std::max(
        {std::ceil(base.horizontalAdvance(QStringLiteral("0.000")) + 30), std::ceil(note + 6), minLegendWidth_});
    if (maxCell_ > 0) m.maxCell = maxCell_;
    auto measure = [&](QFont f) {
        f.setBold(true);  // hovered and selected labels are bold: leave them room
        const QFontMetricsF fm(f);
        auto widest = [&](const QStringList& labels) {
            qreal w = fm.horizontalAdvance(QStringLiteral("to"));
            for (const QString& s : labels) w = std::max(w, fm.horizontalAdvance(s));
            return std::min(w, kMaxLabelWidth) + kLabelPad;
        };
        m.rowLabelWidth = widest(labels_);
        m.colLabelHeight = widest(colLabels_);
    };
    // Cells decide the label font and the label font the room left for cells: two passes.
    labelFont_ = font();
    measure(labelFont_);
    geometry_ = HeatmapGeometry::compute(size(), matrix_.rows, matrix_.cols, m);
    // Labels shrink with small cells down to three quarters of the text size, then only every
    // few rows is labelled (labelStride): never smaller than can be read.
    const qreal textH = QFontMetricsF(labelFont_).height();
    const int smallestLabel = std::max(9, static_cast<int>(std::ceil(0.75 * textH)));
    if (geometry_.cell > 0 && geometry_.cell < textH) {
        labelFont_.setPixelSize(std::max(smallestLabel, static_cast<int>(geometry_.cell)));
        measure(labelFont_);
        geometry_ = HeatmapGeometry::compute(size(), matrix_.rows, matrix_.cols, m);
    }
    // Below the height that labels every row at the smallest label size the page scrolls inside
    // its tab instead of shrinking the matrix further.
    if (matrix_.rows > 0) {
        HeatmapGeometry::Metrics floor = m;
        QFont smallest = font();
        smallest.setPixelSize(smallestLabel);
        smallest.setBold(true);
        qreal widestCol = QFontMetricsF(smallest).horizontalAdvance(QStringLiteral("to"));
        for (const QString& label : colLabels_) widestCol = std::max(widestCol, QFontMetricsF(smallest).horizontalAdvance(label));
        floor.colLabelHeight = std::min(widestCol, kMaxLabelWidth) + kLabelPad;
        // Cells as tall as the smallest labels: every row keeps its label.
        const qreal body = std::max<qreal>(matrix_.rows * (std::ceil(0.9 * QFontMetricsF(smallest).height()) + 1), 140);
        const int minimum = static_cast<int>(std::ceil(2 * floor.margin + floor.captionHeight + 3 * floor.gap +
                                                       floor.colLabelHeight + floor.statusHeight + body));
        if (minimumHeight() != minimum) setMinimumHeight(minimum);
    }
    labelStride_ = geometry_.labelStride(QFontMetricsF(labelFont_).height() * 0.9);
    if (labelStride_ > 1 && labelFont_.pixelSize() > smallestLabel) {  // the smallest labels may all fit
        labelFont_.setPixelSize(smallestLabel);
        measure(labelFont_);
        geometry_ = HeatmapGeometry::compute(size(), matrix_.rows, matrix_.cols, m);
        labelStride_ = geometry_.labelStride(QFontMetricsF(labelFont_).height() * 0.9);
    }
    // Cell numbers appear from kNumbersFrom px and go only below kNumbersUntil: a sentence
    // growing or shrinking by a token near the threshold must not make them blink.
    cellNumbers_ = geometry_.cell >= (cellNumbers_ ? kNumbersUntil : kNumbersFrom);
}

QString HeatmapView::colourScaleText() const {
    if (key_.fixedScale) return tr("scale: fixed 0–1");
    return key_.choice.aggregate == Aggregate::SingleHead ? tr("scale: this head's max")
                                                                     : tr("scale: this matrix's max");
}



QString HeatmapView::captionText() const {
    if (!analysis_) return {};
    const auto& att = analysis_->result.attentions;
    const int layer = std::clamp(key_.choice.layer, 0, std::max(0, att.layers - 1));
    QString s;
    switch (key_.choice.aggregate) {
    case Aggregate::SingleHead:
        s = tr("Layer %1, head %2").arg(layer).arg(std::clamp(key_.choice.head, 0, std::max(0, att.heads - 1)));
        break;
    case Aggregate::MeanHeads: s = tr("Layer %1, mean of %2 heads").arg(layer).arg(att.heads); break;
    case Aggregate::MaxHeads:
        s = tr("Layer %1, max over %2 heads (rows renormalised)").arg(layer).arg(att.heads);
        break;
    case Aggregate::MeanLayers: s = tr("Mean of all %1 layers x %2 heads").arg(att.layers).arg(att.heads); break;
    case Aggregate::Rollout:
        s = rolloutFallback_ ? tr("Mean of all %1 layers x %2 heads (rollout applies to self-attention only)")
                                   .arg(att.layers)
                                   .arg(att.heads)
                             : tr("Attention rollout through layers 0-%1").arg(layer);
        break;
    }
    if (shownHeadSwitchedOff()) s += tr("  ·  switched off: its weights are 0");
    else if (const int off = switchedOffInLayer(); off > 0 && key_.choice.aggregate != Aggregate::SingleHead)
        s += tr("  ·  %n head(s) switched off", nullptr, off);
    if (!analysis_->kindLabel.isEmpty()) s = analysis_->kindLabel + QStringLiteral("  ·  ") + s;
    if (key_.hideSpecial) s += tr("  ·  special tokens hidden");
    if (key_.mergeWords) s += tr("  ·  word pieces merged");
    if (!analysis_->modelName.isEmpty()) s += QStringLiteral("  ·  ") + analysis_->modelName;
    return s;
}

bool HeatmapView::shownHeadSwitchedOff() const {
    if (!analysis_ || key_.choice.aggregate != Aggregate::SingleHead) return false;
    return analysis_->ablatedHeads.count({key_.choice.layer, key_.choice.head}) > 0;
}

int HeatmapView::switchedOffInLayer() const {
    if (!analysis_) return 0;
    if (key_.choice.aggregate == Aggregate::MeanLayers || key_.choice.aggregate == Aggregate::Rollout)
        return static_cast<int>(analysis_->ablatedHeads.size());
    return static_cast<int>(std::count_if(analysis_->ablatedHeads.begin(), analysis_->ablatedHeads.end(),
                                          [&](const auto& lh) { return lh.first == key_.choice.layer; }));
}

QString HeatmapView::statusText() const {
    if (hoveredCell_.valid() && hoveredCell_.row < matrix_.rows && hoveredCell_.col < matrix_.cols) {
        const float w = matrix_.at(hoveredCell_.row, hoveredCell_.col);
        return tr("from “%1” → to “%2”:  weight %3, i.e. %4 % of the attention of “%1”")
            .arg(labels_.value(hoveredCell_.row), colLabels_.value(hoveredCell_.col))
            .arg(QLocale().toString(w, 'f', 3))
            .arg(QLocale().toString(100.0 * w, 'f', 1));
    }
    const auto aggregate = key_.choice.aggregate;
    QString base = tr("Rows: from-token (query)  ·  columns: to-token (key)  ·  each row sums to 1");
    if (analysis_ && !sameAxes()) {
        const QString rows = analysis_->queryName.isEmpty() ? tr("query") : analysis_->queryName;
        const QString cols = analysis_->keyName.isEmpty() ? tr("key") : analysis_->keyName;
        base = tr("Rows: %1 tokens (queries)  ·  columns: %2 tokens (keys)  ·  each row sums to 1").arg(rows, cols);
    }
    if (shownHeadSwitchedOff())
        return tr("This head is switched off (head ablation): every weight is 0, its rows sum to 0  ·  "
                  "“Switch all heads on” below brings it back");
    return aggregate == Aggregate::SingleHead ? base : base + tr("  ·  %1").arg(aggregateName(aggregate));
}

QString HeatmapView::placeholderText() const {
    return !analysis_ ? tr("No analysis yet.\nType a sentence and run the model to see its attention.")
                      : tr("Nothing to show: every token is hidden.");
}

int HeatmapView::labelTokenAt(const QPointF& p) const {
    if (const int r = geometry_.rowLabelAt(p); r >= 0) return tokenOfRow(r);
    // A key token is a selection token only when the keys are the queries.
    if (const int c = geometry_.colLabelAt(p); c >= 0) return sameAxes() ? tokenOfColumn(c) : -1;
    return -1;
}

void HeatmapView::mouseMoveEvent(QMouseEvent* event) {
    const QPointF p = event->position();
    const HeatmapCell cell = geometry_.cellAt(p);
    int token = cell.valid() ? tokenOfRow(cell.row) : labelTokenAt(p);
    const int columnLabel = cell.valid() ? -1 : geometry_.colLabelAt(p);
    if (!(cell == hoveredCell_) || columnLabel != hoveredColumnLabel_) {
        hoveredCell_ = cell;
        hoveredColumnLabel_ = columnLabel;
        update();
    }
    if (selection_) selection_->setHoveredToken(token);
}

void HeatmapView::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton || !selection_) return AttentionView::mousePressEvent(event);
    const QPointF p = event->position();
    const HeatmapCell cell = geometry_.cellAt(p);
    const int token = cell.valid() ? tokenOfRow(cell.row) : labelTokenAt(p);
    if (token < 0) return AttentionView::mousePressEvent(event);
    // Clicking the selected token again clears the selection.
    selection_->setSelectedToken(token == selection_->selectedToken() ? -1 : token);
}

void HeatmapView::leaveEvent(QEvent* event) {
    AttentionView::leaveEvent(event);
    hoveredCell_ = {};
    hoveredColumnLabel_ = -1;
    if (selection_) selection_->setHoveredToken(-1);
    update();
}

void HeatmapView::contextMenuEvent(QContextMenuEvent* event) {
    if (!analysis_ || !analysis_->maskable) return;
    const QPointF p = event->pos();
    int row = geometry_.rowLabelAt(p);
    if (row < 0 && sameAxes()) row = geometry_.colLabelAt(p);
    if (row < 0) row = geometry_.cellAt(p).row;
    const int token = tokenOfRow(row);
    if (token < 0) return;
    QMenu menu(this);
    QAction* mask = menu.addAction(tr("Mask this word (“%1”)").arg(labels_.value(row)));
    mask->setEnabled(!rowIsSpecial_[static_cast<std::size_t>(row)]);
    if (menu.exec(event->globalPos()) == mask) Q_EMIT maskTokenRequested(token);
}

// ---------------------------------------------------------------------------------------
// Painting: only cached state.

void HeatmapView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    p.setPen(palette().color(QPalette::Text));
    if (image_.isNull()) {
        const QString text = placeholderText();
        p.setPen(palette().color(QPalette::PlaceholderText));
        QFont f = font();
        f.setPointSizeF(f.pointSizeF() * 1.3);
        p.setFont(f);
        p.drawText(rect().adjusted(20, 20, -20, -20), Qt::AlignCenter | Qt::TextWordWrap, text);
        return;
    }
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.drawText(geometry_.caption, Qt::AlignLeft | Qt::AlignVCenter,
               QFontMetricsF(bold).elidedText(captionText(), Qt::ElideRight, geometry_.caption.width()));
    paintMatrix(p);
    // The shown head is switched off (head ablation): crossed out, as in the model view.
    if (shownHeadSwitchedOff())
        colors::paintSwitchedOff(p, geometry_.matrix, std::clamp(geometry_.matrix.width() / 60.0, 3.0, 8.0));
    paintOverlay(p);
    paintLabels(p);
    paintHighlights(p);
    paintLegend(p);
    p.setFont(font());
    p.setPen(palette().color(QPalette::Text));
    p.drawText(geometry_.status, Qt::AlignLeft | Qt::AlignVCenter,
               QFontMetricsF(font()).elidedText(statusText(), Qt::ElideRight, geometry_.status.width()));
}

void HeatmapView::paintMatrix(QPainter& p) const {
    const HeatmapGeometry& g = geometry_;
    p.save();
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);  // crisp cells at any scale
    p.drawImage(g.matrix, image_);
    if (g.cell >= 10) {  // thin separators between cells once they are big enough to see
        QColor line = palette().color(QPalette::Base);
        line.setAlpha(150);
        p.setPen(QPen(line, 1));
        for (int i = 1; i < g.cols; ++i)
            p.drawLine(QPointF(g.matrix.left() + i * g.cell, g.matrix.top()),
                       QPointF(g.matrix.left() + i * g.cell, g.matrix.bottom()));
        for (int i = 1; i < g.rows; ++i)
            p.drawLine(QPointF(g.matrix.left(), g.matrix.top() + i * g.cell),
                       QPointF(g.matrix.right(), g.matrix.top() + i * g.cell));
    }
    if (cellNumbers_) {  // the weights themselves, when they fit
        QFont f = font();
        f.setPixelSize(std::clamp(static_cast<int>(g.cell * 0.28), 9, 14));
        p.setFont(f);
        for (int r = 0; r < g.rows; ++r)
            for (int c = 0; c < g.cols; ++c) {
                const float v = matrix_.at(r, c);
                p.setPen(colors::textOn(image_.pixel(c, r)));
                p.drawText(g.cellRect(r, c), Qt::AlignCenter, cellNumber(v));
            }
    }
    p.restore();
}

std::vector<HeatmapView::PlacedLabel> HeatmapView::placedLabels() const {
    std::vector<PlacedLabel> out;
    const HeatmapGeometry& g = geometry_;
    QFont boldFont = labelFont_;
    boldFont.setBold(true);
    const QFontMetricsF plain(labelFont_), bold(boldFont);
    const int hoveredRow = selection_ ? rowOfToken(selection_->hoveredToken()) : -1;
    const int selectedRow = selection_ ? rowOfToken(selection_->selectedToken()) : -1;
    // Columns share the selection only when they are the same tokens as the rows.
    const int selectedCol = sameAxes() ? selectedRow : -1;
    const qreal rowRoom = g.rowLabels.width() - kLabelPad;
    const qreal colRoom = g.colLabels.height() - kLabelPad;
    for (const bool isCol : {false, true}) {
        const int count = isCol ? g.cols : g.rows;
        for (int i = 0; i < count; ++i) {
            PlacedLabel l;
            l.index = i;
            l.isCol = isCol;
            l.selected = i == (isCol ? selectedCol : selectedRow);
            l.active = l.selected || (isCol ? i == hoveredCell_.col || i == hoveredColumnLabel_ : i == hoveredRow);
            if (i % labelStride_ != 0 && !l.active) continue;  // every labelStride-th, and the active ones
            const QFontMetricsF& fm = l.active ? bold : plain;
            l.full = (isCol ? colLabels_ : labels_)[i];
            l.shown = fm.elidedText(l.full, Qt::ElideRight, isCol ? colRoom : rowRoom);
            l.width = fm.horizontalAdvance(l.shown);
            l.fontHeight = fm.height();
            out.push_back(std::move(l));
        }
    }
    return out;
}

std::vector<AttentionView::LabelBox> HeatmapView::labelBoxes() const {
    std::vector<LabelBox> out;
    if (!analysis_ || matrix_.rows <= 0) return out;
    const HeatmapGeometry& g = geometry_;
    const qreal rowRoom = g.rowLabels.width() - kLabelPad;
    const qreal h = 0.9 * QFontMetricsF(labelFont_).height();  // the spacing labelStride keeps
    for (const PlacedLabel& l : placedLabels()) {
        QRectF ink;
        if (l.isCol) {  // rotated: reads upwards from just above the matrix
            const QRectF cell = g.colLabelRect(l.index);
            ink = QRectF(cell.center().x() - h / 2, cell.bottom() - kLabelPad - l.width, h, l.width);
        } else {
            const QRectF cell = g.rowLabelRect(l.index);
            ink = QRectF(cell.left() + rowRoom - l.width, cell.center().y() - h / 2, l.width, h);
        }
        out.push_back({ink, l.shown, l.full, l.fontHeight});
    }
    return out;
}

void HeatmapView::paintLabels(QPainter& p) const {
    const HeatmapGeometry& g = geometry_;
    p.save();
    QFont boldFont = labelFont_;
    boldFont.setBold(true);
    const qreal lineH = std::max(QFontMetricsF(labelFont_).height(), QFontMetricsF(boldFont).height());
    const QColor text = palette().color(QPalette::Text);
    QColor dim = text;
    dim.setAlphaF(0.55f);
    const qreal rowRoom = g.rowLabels.width() - kLabelPad;
    const qreal colRoom = g.colLabels.height() - kLabelPad;
    for (const PlacedLabel& l : placedLabels()) {
        p.setFont(l.active ? boldFont : labelFont_);
        const bool special = (l.isCol ? colIsSpecial_ : rowIsSpecial_)[static_cast<std::size_t>(l.index)];
        if (l.selected) p.setPen(palette().color(QPalette::HighlightedText));
        else p.setPen(special && !l.active ? dim : text);
        if (!l.isCol) {
            const QRectF cell = g.rowLabelRect(l.index);
            const qreal h = std::max(cell.height(), lineH);
            const QRectF box(cell.left(), cell.center().y() - h / 2, rowRoom, h);
            if (l.selected)
                p.fillRect(QRectF(box.right() - l.width - 4, box.top(), l.width + 8, h), palette().color(QPalette::Highlight));
            p.drawText(box, Qt::AlignRight | Qt::AlignVCenter, l.shown);
        } else {
            const QRectF cell = g.colLabelRect(l.index);
            const qreal h = std::max(cell.width(), lineH);
            p.save();
            p.translate(cell.center().x(), cell.bottom());
            p.rotate(-90);  // reads bottom to top, starting next to the matrix
            const QRectF box(kLabelPad, -h / 2, colRoom, h);
            if (l.selected)
                p.fillRect(QRectF(box.left() - 4, box.top(), l.width + 8, h), palette().color(QPalette::Highlight));
            p.drawText(box, Qt::AlignLeft | Qt::AlignVCenter, l.shown);
            p.restore();
        }
    }
    p.restore();
}

void HeatmapView::paintHighlights(QPainter& p) const {
    const HeatmapGeometry& g = geometry_;
    p.save();
    p.setBrush(Qt::NoBrush);
    const qreal inset = 0.5;
    auto rowRect = [&](int r) {
        return QRectF(g.matrix.left(), g.matrix.top() + r * g.cell, g.matrix.width(), g.cell);
    };
    auto colRect = [&](int c) {
        return QRectF(g.matrix.left() + c * g.cell, g.matrix.top(), g.cell, g.matrix.height());
    };
    if (selection_) {
        if (const int r = rowOfToken(selection_->selectedToken()); r >= 0) {
            QPen pen(palette().color(QPalette::Highlight), 2);
            p.setPen(pen);
            p.drawRect(rowRect(r).adjusted(-1, -1, 1, 1));
            if (sameAxes()) {  // the same token as a key
                pen.setStyle(Qt::DotLine);
                p.setPen(pen);
                p.drawRect(colRect(r).adjusted(-1, -1, 1, 1));
            }
        }
        if (const int r = rowOfToken(selection_->hoveredToken()); r >= 0) {
            p.setPen(QPen(palette().color(QPalette::Text), 1.5));
            p.drawRect(rowRect(r).adjusted(inset, inset, -inset, -inset));
        }
    }
    if (hoveredColumnLabel_ >= 0 && hoveredColumnLabel_ < g.cols) {
        p.setPen(QPen(palette().color(QPalette::Text), 1.5));
        p.drawRect(colRect(hoveredColumnLabel_).adjusted(inset, inset, -inset, -inset));
    }
    if (hoveredCell_.valid()) {
        const QRectF cell = g.cellRect(hoveredCell_.row, hoveredCell_.col);
        p.setPen(QPen(palette().color(QPalette::Base), 3));
        p.drawRect(cell.adjusted(-1, -1, 1, 1));
        p.setPen(QPen(palette().color(QPalette::Text), 1.5));
        p.drawRect(cell.adjusted(-1, -1, 1, 1));
    }
    p.restore();
}

void HeatmapView::paintLegend(QPainter& p) const {
    const QRectF area = geometry_.legend;
    if (area.height() < 40) return;
    p.save();
    p.setFont(font());
    const QRectF bar = colors::paintLegend(p, area, legendImage_, colourMax_, palette(), colourScaleText());
    paintLegendNote(p, bar);
    p.restore();
}
