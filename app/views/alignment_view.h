// Alignment view: the cross-attention of a translation in the style of Bahdanau et al. (2015,
// fig. 3) — the heatmap view (its matrix, image, labels, legend and layout maths) over the
// translation's cross-attention, plus the hard alignment (argmax source per target row)
// drawn as outlined squares and a hover read-out such as "Haus ← house: 0.62". While a
// translation streams in it shows the rows decoded so far. GUI thread only.
#pragma once

#include "heatmap_view.h"

#include <vector>

// The alignment matrix has the heatmap's layout (rows: target tokens, columns: source tokens).
using AlignmentCell = HeatmapCell;
using AlignmentGeometry = HeatmapGeometry;

class AlignmentView : public HeatmapView {
    Q_OBJECT
public:
    explicit AlignmentView(QWidget* parent = nullptr);

    // Always the cross-attention, whatever attention kind the workspace's other views show.
    void setInput(AnalysisPtr analysis, TranslationPtr translation) override;
    void setTranslation(TranslationPtr translation) override;
    QString viewName() const override { return QStringLiteral("alignment"); }
    QSize sizeHint() const override { return {800, 640}; }

    void setShowHardAlignment(bool show);
    bool showHardAlignment() const { return showHard_; }

    // Cached state for tests and exports.
    const std::vector<int>& hardAlignment() const { return hard_; }  // source per target row, -1: special row
    const QStringList& rowLabels() const { return labels(); }        // target pieces, "▁" stripped
    const QStringList& colLabels() const { return columnLabels(); }  // source pieces
    int rowLabelStride() const { return labelStride(); }
    int colLabelStride() const { return labelStride(); }
    using HeatmapView::statusText;

protected:
    QString captionText() const override;
    QString statusText() const override;
    QString placeholderText() const override;
    void matrixRebuilt() override;
    void paintOverlay(QPainter& p) const override;
    void paintLegendNote(QPainter& p, const QRectF& bar) const override;

private:
    std::vector<int> hard_;
    bool showHard_ = true;
};
