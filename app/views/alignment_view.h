// Alignment view: the cross-attention of a translation as a heatmap in the style of Bahdanau
// et al. (2015, fig. 3): target tokens down the left, source tokens rotated along the top,
// the selected layer/head/aggregate as the caption, a colour legend, a hover read-out
// ("Haus ← house: 0.62") and the hard alignment (argmax source per target row) drawn as an
// outlined square. While a translation streams in it shows the rows decoded so far. The
// matrix is cached as one QImage (one pixel per cell), rebuilt only when the translation,
// the matrix-defining part of the selection or the palette changes; paintEvent scales it.
// Layout maths: HeatmapGeometry (matrix_geometry.h). GUI thread only.
#pragma once

#include "matrix_geometry.h"
#include "translation_view.h"

#include "attnscope/encoder_result.h"

#include <QFont>
#include <QImage>
#include <QRectF>
#include <QStringList>

#include <vector>

// The alignment matrix has the heatmap's layout (rows: target tokens, columns: source tokens).
using AlignmentCell = HeatmapCell;
using AlignmentGeometry = HeatmapGeometry;

class AlignmentView : public TranslationView {
    Q_OBJECT
public:
    explicit AlignmentView(QWidget* parent = nullptr);

    void setTranslation(TranslationPtr translation) override;
    QString viewName() const override { return QStringLiteral("alignment"); }
    QSize sizeHint() const override { return {800, 640}; }
    QSize minimumSizeHint() const override { return {240, 180}; }

    void setShowHardAlignment(bool show);
    bool showHardAlignment() const { return showHard_; }

    // Cached state for tests and exports.
    const attnscope::FloatMatrix& displayedMatrix() const { return matrix_; }  // [target, source]
    const std::vector<int>& hardAlignment() const { return hard_; }  // source per target row, -1: special row
    const QStringList& rowLabels() const { return rowLabels_; }      // target pieces, "▁" stripped
    const QStringList& colLabels() const { return colLabels_; }      // source pieces
    const QImage& matrixImage() const { return image_; }
    const AlignmentGeometry& layout() const { return geometry_; }
    AlignmentCell cellAt(const QPointF& p) const { return geometry_.cellAt(p); }
    // Every n-th row / column label is drawn so that labels never overlap.
    int rowLabelStride() const { return rowStride_; }
    int colLabelStride() const { return colStride_; }
    const QFont& labelFont() const { return labelFont_; }
    QString caption() const;
    QString statusText() const;

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    // What the cached matrix and image were built for.
    struct CacheKey {
        const Translation* translation = nullptr;
        int layer = 0, head = 0, aggregate = 0;
        bool dark = false;
        bool operator==(const CacheKey& o) const;
    };
    CacheKey currentKey() const;
    void selectionChanged() override;
    void rebuild(bool force = false);
    void relayout();
    void paintLabels(QPainter& p) const;
    void paintOverlay(QPainter& p) const;
    void paintLegend(QPainter& p) const;

    CacheKey key_;
    bool built_ = false;
    attnscope::FloatMatrix matrix_;
    std::vector<int> hard_;
    std::vector<bool> rowSpecial_, colSpecial_;
    QStringList rowLabels_, colLabels_;
    QImage image_;
    QImage legendImage_;
    QString caption_;
    AlignmentGeometry geometry_;
    QFont labelFont_;
    int rowStride_ = 1, colStride_ = 1;
    AlignmentCell hovered_;
    bool showHard_ = true;
};
