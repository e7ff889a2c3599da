// AlignmentView (see alignment_view.h): what the heatmap does not already draw.
#include "alignment_view.h"

#include "translation_analysis.h"
#include "translation_math.h"

#include "attnscope/attention_analysis.h"

#include <QLocale>
#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>

namespace tmath = translationmath;

namespace {

// Hard-alignment marks: a colour apart from both sequential scales.
QColor overlayColour(bool dark) { return dark ? QColor(255, 77, 136) : QColor(215, 38, 30); }

}  // namespace

AlignmentView::AlignmentView(QWidget* parent) : HeatmapView(parent) {
    setMaxCell(48);
    setMinLegendWidth(QFontMetricsF(font()).horizontalAdvance(tr("argmax")) + 22);
}

void AlignmentView::setInput(AnalysisPtr, TranslationPtr translation) {
    translation_ = std::move(translation);
    // A streaming translation may grow in place: a new analysis each time rebuilds the cache.
    setAnalysis(translation_ ? analysisForTranslation(*translation_, AttentionKind::Cross) : nullptr);
}

void AlignmentView::setTranslation(TranslationPtr translation) { setInput(nullptr, std::move(translation)); }

void AlignmentView::setShowHardAlignment(bool show) {
    if (show == showHard_) return;
    showHard_ = show;
    update();
}

void AlignmentView::matrixRebuilt() {
    hard_ = attnscope::analysis::hardAlignment(matrix_, colIsSpecial_, rowIsSpecial_);
}

QString AlignmentView::captionText() const {
    if (!translation_ || !analysis_) return {};
    QString caption = tmath::selectionCaption(analysis_->result.attentions, selection_);
    if (!translation_->complete) caption += tr("  ·  decoding… %n token(s) so far", nullptr, matrix_.rows);
    if (!translation_->modelName.isEmpty()) caption += QStringLiteral("  ·  ") + translation_->modelName;
    return caption;
}

QString AlignmentView::statusText() const {
    if (hoveredCell_.valid() && hoveredCell_.row < matrix_.rows && hoveredCell_.col < matrix_.cols) {
        const float w = matrix_.at(hoveredCell_.row, hoveredCell_.col);
        QString s = tr("%1 ← %2: %3")
                        .arg(labels_.value(hoveredCell_.row), colLabels_.value(hoveredCell_.col))
                        .arg(QLocale().toString(w, 'f', 2));
        const int best = hard_.empty() ? -1 : hard_[static_cast<std::size_t>(hoveredCell_.row)];
        if (best >= 0 && best != hoveredCell_.col)
            s += tr("   (strongest: %1, %2)")
                     .arg(colLabels_.value(best))
                     .arg(QLocale().toString(matrix_.at(hoveredCell_.row, best), 'f', 2));
        return s;
    }
    QString base = tr("Rows: translation  ·  columns: source  ·  each row sums to 1");
    if (showHard_) base += tr("  ·  □ = hard alignment (argmax of the row)");
    return base;
}

QString AlignmentView::placeholderText() const {
    if (!translation_) return tr("Type a sentence to translate.\nIts cross-attention will appear here.");
    if (!translation_->complete) return tr("Translating…");
    return analysis_ ? tr("Nothing to show: every token is hidden.")
                     : tr("No cross-attention to show for this translation.");
}

void AlignmentView::paintOverlay(QPainter& p) const {
    if (!showHard_) return;
    const HeatmapGeometry& g = geometry_;
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setBrush(Qt::NoBrush);
    const QColor c = overlayColour(darkPalette());
    // Thicker on big cells: the marks must read from the back of a room.
    const qreal width = g.cell >= 32 ? 3 : g.cell >= 16 ? 2 : 1;
    for (int r = 0; r < static_cast<int>(hard_.size()); ++r) {
        const int col = hard_[static_cast<std::size_t>(r)];
        if (col < 0) continue;
        const QRectF cell = g.cellRect(r, col);
        if (g.cell < 6) {  // too small to outline: a dot that leaves the cell's colour around it
            if (g.cell >= 3)
                p.fillRect(QRectF(cell.center() - QPointF(g.cell / 4, g.cell / 4), QSizeF(g.cell / 2, g.cell / 2)), c);
            continue;
        }
        const qreal inset = std::max<qreal>(width, g.cell * 0.12);
        p.setPen(QPen(c, width));
        p.drawRect(cell.adjusted(inset, inset, -inset, -inset));
    }
    p.restore();
}

void AlignmentView::paintLegendNote(QPainter& p, const QRectF& bar) const {
    const QFontMetricsF fm(font());
    if (!showHard_ || bar.bottom() + 2.5 * fm.height() >= geometry_.status.top()) return;
    const QRectF mark(bar.left(), bar.bottom() + fm.height(), 12, 12);
    p.setPen(QPen(overlayColour(darkPalette()), 2));
    p.drawRect(mark);
    p.setPen(palette().color(QPalette::Text));
    p.drawText(
        QRectF(mark.right() + 5, mark.center().y() - fm.height() / 2, geometry_.legend.width() - 17, fm.height()),
        Qt::AlignLeft | Qt::AlignVCenter, tr("argmax"));
}
