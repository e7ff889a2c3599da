// Model view: every head of the model at a glance, a grid of attention thumbnails with
// layers as rows and heads as columns. Each thumbnail is one QImage built once per analysis
// (queries down, keys across: not square for cross-attention; downsampled by block means when
// there are more tokens than thumbnail pixels, coloured relative to its own maximum); clicking
// one selects that layer and head for the other views. Layout maths live in
// ModelViewGeometry, testable without a widget. GUI thread only.
#pragma once

#include "attention_view.h"

#include <QImage>
#include <QRectF>

#include <vector>

struct ModelViewHit {
    int layer = -1;  // -1: none
    int head = -1;
    bool valid() const { return layer >= 0 && head >= 0; }
};

// Where the thumbnails go for a widget of a given size, in logical pixels. Thumbnails are
// thumb x thumbHeight whole pixels (square unless Metrics::aspect says otherwise), separated
// by `spacing`; the grid is centred horizontally. A matrix whose aspect was clamped is drawn
// inside its cell keeping its own (imageRect).
struct ModelViewGeometry {
    struct Metrics {
        qreal margin = 10;
        qreal captionHeight = 22;    // title line at the top
        qreal statusHeight = 22;     // hover read-out at the bottom
        qreal rowHeaderWidth = 36;   // "L11"
        qreal colHeaderHeight = 20;  // "H11"
        qreal maxThumb = 160;        // longer side
        qreal aspect = 1;            // thumbnail height / width (queries / keys), clamped to [1/4, 4]
    };

    int layers = 0;
    int heads = 0;
    qreal thumb = 0;        // width of one thumbnail (its side when square)
    qreal thumbHeight = 0;  // height of one thumbnail
    qreal spacing = 0;      // gap between neighbouring thumbnails
    QRectF caption, grid, status;

    static ModelViewGeometry compute(const QSizeF& area, int layers, int heads, const Metrics& metrics);

    QRectF thumbRect(int layer, int head) const;
    // Where an image of rows x cols cells goes inside thumbRect: as large as fits, centred,
    // in whole pixels.
    QRectF imageRect(int layer, int head, int rows, int cols) const;
    ModelViewHit thumbAt(const QPointF& p) const;  // invalid in gaps and outside the grid
    QRectF rowHeaderRect(int layer) const;         // left of the row
    QRectF colHeaderRect(int head) const;          // above the column
};

class ModelView : public AttentionView {
    Q_OBJECT
public:
    // Thumbnails hold at most this many pixels a side; more tokens are averaged into blocks.
    static constexpr int kMaxThumbPixels = 128;

    explicit ModelView(QWidget* parent = nullptr);

    void setAnalysis(AnalysisPtr analysis) override;
    QString viewName() const override { return QStringLiteral("model"); }

    QSize sizeHint() const override { return {900, 700}; }
    QSize minimumSizeHint() const override { return {240, 180}; }

    // Cached state, for tests: one image per head, index layer * heads + head; each is
    // min(keys, kMaxThumbPixels) wide and min(queries, kMaxThumbPixels) high.
    const std::vector<QImage>& thumbnails() const { return thumbs_; }
    int shownQueries() const { return tokens_; }  // rows of each thumbnail's matrix (after hiding)
    int shownKeys() const { return keyTokens_; }  // columns
    const ModelViewGeometry& layout() const { return geometry_; }
    ModelViewHit hovered() const { return hovered_; }

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    void selectionChanged() override;
    void rebuildIfNeeded(bool force = false);
    void rebuildThumbnails();
    void relayout() override;
    void recolour() override { rebuildIfNeeded(); }
    QString captionText() const;
    QString statusText() const;
    bool inAggregate(int layer, int head) const;  // part of what the selection shows

    AnalysisPtr analysis_;
    const Analysis* builtFor_ = nullptr;
    bool builtHideSpecial_ = false;
    bool builtDark_ = false;
    int builtScheme_ = -1;  // colors::schemeGeneration() of the cached image
    int layers_ = 0;
    int heads_ = 0;
    int tokens_ = 0;     // query tokens shown in each thumbnail (after hiding)
    int keyTokens_ = 0;  // key tokens shown (the same as tokens_ for self-attention)
    bool sameAxes_ = true;
    std::vector<QImage> thumbs_;
    ModelViewGeometry geometry_;
    QFont headerFont_;
    ModelViewHit hovered_;
    double hoveredEntropy_ = 0.0;  // statistics of the hovered head, computed on hover
    double hoveredDistance_ = 0.0;
};
