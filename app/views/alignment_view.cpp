// AlignmentView (see alignment_view.h).
#include "alignment_view.h"

#include "color_scale.h"
#include "translation_math.h"

#include <QEvent>
#include <QFontMetricsF>
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace tmath = translationmath;

// ---------------------------------------------------------------------------------------
// AlignmentView

namespace {

constexpr qreal kMaxLabelWidth = 140;
constexpr qreal kLabelPad = 6;

// Hard-alignment marks: a colour apart from both sequential scales.
QColor overlayColour(bool dark) { return dark ? QColor(255, 77, 136) : QColor(215, 38, 30); }

}  // namespace

bool AlignmentView::CacheKey::operator==(const CacheKey& o) const {
    return translation == o.translation && layer == o.layer && head == o.head && aggregate == o.aggregate &&
           dark == o.dark;
}

AlignmentView::AlignmentView(QWidget* parent) : TranslationView(parent) {
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    rebuild(true);
}

void AlignmentView::setTranslation(TranslationPtr translation) {
    translation_ = std::move(translation);
    hovered_ = {};
    rebuild(true);  // a streaming translation may grow in place: always rebuild
    update();
}

void AlignmentView::setShowHardAlignment(bool show) {
    if (show == showHard_) return;
    showHard_ = show;
    update();
}

AlignmentView::CacheKey AlignmentView::currentKey() const {
    CacheKey k;
    k.translation = translation_.get();
    if (selection_) {
        k.layer = selection_->layer();
        k.head = selection_->head();
        k.aggregate = static_cast<int>(selection_->aggregate());
    }
    k.dark = colors::isDark(palette());
    return k;
}

void AlignmentView::selectionChanged() {
    rebuild();
    update();
}

void AlignmentView::rebuild(bool force) {
    const CacheKey k = currentKey();
    if (!force && built_ && k == key_) return;
    key_ = k;
    built_ = true;
    matrix_ = {};
    hard_.clear();
    rowLabels_.clear();
    colLabels_.clear();
    caption_.clear();
    if (translation_) {
        const attnscope::TextTranslation& t = translation_->result;
        matrix_ = selectedCrossAttention(t, selection_);
        rowSpecial_ = tmath::specialFlags(t.targetTokens, matrix_.rows);
        colSpecial_ = tmath::specialFlags(t.sourceTokens, matrix_.cols);
        hard_ = attnscope::analysis::hardAlignment(matrix_, colSpecial_, rowSpecial_);
        for (int r = 0; r < matrix_.rows; ++r) rowLabels_ << tmath::pieceLabel(t.targetTokens[static_cast<std::size_t>(r)].piece);
        for (int c = 0; c < matrix_.cols; ++c) colLabels_ << tmath::pieceLabel(t.sourceTokens[static_cast<std::size_t>(c)].piece);
        caption_ = tmath::selectionCaption(t.crossAttentions, selection_);
        if (!translation_->complete) caption_ += tr("  ·  decoding… %n token(s) so far", nullptr, matrix_.rows);
        if (!translation_->modelName.isEmpty()) caption_ += QStringLiteral("  ·  ") + translation_->modelName;
    }
    float top = 0.f;
    for (float v : matrix_.values) top = std::max(top, v);
    if (top <= 0.f) top = 1.f;
    if (matrix_.rows > 0 && matrix_.cols > 0) {
        image_ = QImage(matrix_.cols, matrix_.rows, QImage::Format_RGB32);
        for (int r = 0; r < matrix_.rows; ++r) {
            auto* line = reinterpret_cast<QRgb*>(image_.scanLine(r));
            for (int c = 0; c < matrix_.cols; ++c) line[c] = colors::sequential(matrix_.at(r, c) / top, k.dark);
        }
    } else {
        image_ = QImage();
    }
    legendImage_ = QImage(1, 256, QImage::Format_RGB32);
    for (int i = 0; i < 256; ++i) legendImage_.setPixel(0, i, colors::sequential(1.f - i / 255.f, k.dark));
    relayout();
}

void AlignmentView::relayout() {
    AlignmentGeometry::Metrics m;
    m.maxCell = 48;
    const QFontMetricsF base(font());
    m.captionHeight = std::ceil(base.height() * 1.3);
    m.statusHeight = std::ceil(base.height() * 1.3);
    m.legendWidth = std::ceil(base.horizontalAdvance(QStringLiteral("weight")) + 12);
    m.legendWidth = std::max({m.legendWidth, std::ceil(base.horizontalAdvance(QStringLiteral("0.00")) + 30),
                              std::ceil(base.horizontalAdvance(tr("argmax")) + 22)});
    auto measure = [&](const QFont& f) {
        const QFontMetricsF fm(f);
        qreal rowW = fm.horizontalAdvance(QStringLiteral("M")), colW = rowW;
        for (const QString& s : rowLabels_) rowW = std::max(rowW, fm.horizontalAdvance(s));
        for (const QString& s : colLabels_) colW = std::max(colW, fm.horizontalAdvance(s));
        m.rowLabelWidth = std::min(rowW, kMaxLabelWidth) + kLabelPad;
        m.colLabelHeight = std::min(colW, kMaxLabelWidth) + kLabelPad;
    };
    // Cells decide the label font and the label font the room left for cells: two passes.
    labelFont_ = font();
    measure(labelFont_);
    geometry_ = AlignmentGeometry::compute(size(), matrix_.rows, matrix_.cols, m);
    if (geometry_.cell > 0 && geometry_.cell < QFontMetricsF(labelFont_).height()) {
        labelFont_.setPixelSize(std::max(9, static_cast<int>(geometry_.cell)));
        measure(labelFont_);
        geometry_ = AlignmentGeometry::compute(size(), matrix_.rows, matrix_.cols, m);
    }
    const qreal textH = QFontMetricsF(labelFont_).height() * 0.9;
    rowStride_ = tmath::labelStride(textH, geometry_.cell);
    colStride_ = rowStride_;
}

void AlignmentView::resizeEvent(QResizeEvent* event) {
    TranslationView::resizeEvent(event);
    relayout();
}

void AlignmentView::changeEvent(QEvent* event) {
    TranslationView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange) {
        rebuild();
        update();
    } else if (event->type() == QEvent::FontChange) {
        relayout();
        update();
    }
}

QString AlignmentView::caption() const { return caption_; }

QString AlignmentView::statusText() const {
    if (hovered_.valid() && hovered_.row < matrix_.rows && hovered_.col < matrix_.cols) {
        const float w = matrix_.at(hovered_.row, hovered_.col);
        QString s = tr("%1 ← %2: %3").arg(rowLabels_.value(hovered_.row), colLabels_.value(hovered_.col))
                        .arg(w, 0, 'f', 2);
        const int best = hard_.empty() ? -1 : hard_[static_cast<std::size_t>(hovered_.row)];
        if (best >= 0 && best != hovered_.col)
            s += tr("   (strongest: %1, %2)").arg(colLabels_.value(best)).arg(matrix_.at(hovered_.row, best), 0, 'f', 2);
        return s;
    }
    QString base = tr("Rows: translation  ·  columns: source  ·  each row sums to 1");
    if (showHard_) base += tr("  ·  □ = hard alignment (argmax of the row)");
    return base;
}

void AlignmentView::mouseMoveEvent(QMouseEvent* event) {
    const AlignmentCell cell = geometry_.cellAt(event->position());
    if (!(cell == hovered_)) {
        hovered_ = cell;
        update();
    }
}

void AlignmentView::leaveEvent(QEvent* event) {
    TranslationView::leaveEvent(event);
    hovered_ = {};
    update();
}

// ---------------------------------------------------------------------------------------
// Painting: only cached state.

void AlignmentView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    if (image_.isNull()) {
        QString text;
        if (!translation_) text = tr("Type a sentence to translate.\nIts cross-attention will appear here.");
        else if (!translation_->complete) text = tr("Translating…");
        else text = tr("No cross-attention to show for this translation.");
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
    p.setPen(palette().color(QPalette::Text));
    p.drawText(geometry_.caption, Qt::AlignLeft | Qt::AlignVCenter,
               QFontMetricsF(bold).elidedText(caption_, Qt::ElideRight, geometry_.caption.width()));
    p.save();
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);  // crisp cells at any scale
    p.drawImage(geometry_.matrix, image_);
    p.restore();
    paintOverlay(p);
    paintLabels(p);
    paintLegend(p);
    p.setFont(font());
    p.setPen(palette().color(QPalette::Text));
    p.drawText(geometry_.status, Qt::AlignLeft | Qt::AlignVCenter,
               QFontMetricsF(font()).elidedText(statusText(), Qt::ElideRight, geometry_.status.width()));
}

void AlignmentView::paintOverlay(QPainter& p) const {
    const AlignmentGeometry& g = geometry_;
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setBrush(Qt::NoBrush);
    if (showHard_) {
        const QColor c = overlayColour(key_.dark);
        const qreal width = g.cell >= 16 ? 2 : 1;
        for (int r = 0; r < static_cast<int>(hard_.size()); ++r) {
            const int col = hard_[static_cast<std::size_t>(r)];
            if (col < 0) continue;
            const QRectF cell = g.cellRect(r, col);
            if (g.cell < 6) {  // too small to outline: a dot that leaves the cell's colour around it
                if (g.cell >= 3) p.fillRect(QRectF(cell.center() - QPointF(g.cell / 4, g.cell / 4), QSizeF(g.cell / 2, g.cell / 2)), c);
                continue;
            }
            const qreal inset = std::max<qreal>(width, g.cell * 0.12);
            p.setPen(QPen(c, width));
            p.drawRect(cell.adjusted(inset, inset, -inset, -inset));
        }
    }
    if (hovered_.valid()) {
        p.setRenderHint(QPainter::Antialiasing, false);
        const QRectF cell = g.cellRect(hovered_.row, hovered_.col);
        p.setPen(QPen(palette().color(QPalette::Base), 3));
        p.drawRect(cell.adjusted(-1, -1, 1, 1));
        p.setPen(QPen(palette().color(QPalette::Text), 1.5));
        p.drawRect(cell.adjusted(-1, -1, 1, 1));
    }
    p.restore();
}

void AlignmentView::paintLabels(QPainter& p) const {
    const AlignmentGeometry& g = geometry_;
    p.save();
    QFont boldFont = labelFont_;
    boldFont.setBold(true);
    const QFontMetricsF plain(labelFont_), boldMetrics(boldFont);
    const QColor text = palette().color(QPalette::Text);
    QColor dim = text;
    dim.setAlphaF(0.55f);
    const qreal lineH = plain.height();
    // Hovered row and column always get their label, in bold, and hide their neighbours'
    // thinned labels so they never overlap.
    auto draw = [&](int i, int stride, int active, bool special, const QRectF& box, int align, const QString& label) {
        const bool isActive = i == active;
        if (!isActive && i % stride != 0) return;
        if (!isActive && active >= 0 && stride > 1 && std::abs(i - active) < stride) return;
        const QFontMetricsF& fm = isActive ? boldMetrics : plain;
        p.setFont(isActive ? boldFont : labelFont_);
        p.setPen(special && !isActive ? dim : text);
        p.drawText(box, align, fm.elidedText(label, Qt::ElideRight, box.width()));
    };
    const qreal rowRoom = g.rowLabels.width() - kLabelPad;
    for (int r = 0; r < g.rows; ++r) {
        const QRectF cell = g.rowLabelRect(r);
        const qreal h = std::max(cell.height(), lineH);
        draw(r, rowStride_, hovered_.row, rowSpecial_[static_cast<std::size_t>(r)],
             QRectF(cell.left(), cell.center().y() - h / 2, rowRoom, h), Qt::AlignRight | Qt::AlignVCenter,
             rowLabels_[r]);
    }
    const qreal colRoom = g.colLabels.height() - kLabelPad;
    for (int c = 0; c < g.cols; ++c) {
        const QRectF cell = g.colLabelRect(c);
        const qreal h = std::max(cell.width(), lineH);
        p.save();
        p.translate(cell.center().x(), cell.bottom());
        p.rotate(-90);  // reads bottom to top, starting next to the matrix
        draw(c, colStride_, hovered_.col, colSpecial_[static_cast<std::size_t>(c)], QRectF(kLabelPad, -h / 2, colRoom, h),
             Qt::AlignLeft | Qt::AlignVCenter, colLabels_[c]);
        p.restore();
    }
    p.restore();
}

void AlignmentView::paintLegend(QPainter& p) const {
    const QRectF area = geometry_.legend;
    const QFontMetricsF fm(font());
    if (area.height() < 4 * fm.height()) return;
    float top = 0.f;
    for (float v : matrix_.values) top = std::max(top, v);
    if (top <= 0.f) top = 1.f;
    p.save();
    p.setFont(font());
    const QRectF bar = colors::paintLegend(p, area, legendImage_, top, palette());
    if (showHard_ && bar.bottom() + 2.5 * fm.height() < geometry_.status.top()) {
        const QRectF mark(bar.left(), bar.bottom() + fm.height(), 12, 12);
        p.setPen(QPen(overlayColour(key_.dark), 2));
        p.drawRect(mark);
        p.setPen(palette().color(QPalette::Text));
        p.drawText(QRectF(mark.right() + 5, mark.center().y() - fm.height() / 2, area.width() - 17, fm.height()),
                   Qt::AlignLeft | Qt::AlignVCenter, tr("argmax"));
    }
    p.restore();
}
