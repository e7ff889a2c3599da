// Layout maths of a labelled square-cell matrix (the heatmap and the alignment view): caption,
// row labels down the left, rotated column labels along the top, the matrix, a colour legend
// and a status line, for a widget of a given size. Plain value types, testable without a
// widget.
#pragma once

#include <QPointF>
#include <QRectF>
#include <QSizeF>

// The one label-thinning rule of every view: draw every n-th label so that labels of this
// extent fit slots of this size (1 when they fit; exact multiples do not round up).
int labelStride(qreal labelExtent, qreal slot);

struct HeatmapCell {
    int row = -1;  // -1: none
    int col = -1;
    bool valid() const { return row >= 0 && col >= 0; }
    bool operator==(const HeatmapCell& o) const { return row == o.row && col == o.col; }
};

// Where everything goes for a widget of a given size, in logical pixels. Cells are square;
// the block of labels + matrix + legend is centred horizontally.
struct HeatmapGeometry {
    struct Metrics {
        qreal margin = 10;
        qreal captionHeight = 22;   // title line at the top
        qreal statusHeight = 22;    // hover read-out under the matrix
        qreal rowLabelWidth = 60;   // widest from-token label
        qreal colLabelHeight = 60;  // widest to-token label (drawn rotated)
        qreal legendWidth = 64;     // colour bar and its tick labels
        qreal gap = 6;
        qreal maxCell = 56;
    };

    int rows = 0;
    int cols = 0;
    qreal cell = 0;  // side of one cell; whole pixels once cells are at least 4 px
    QRectF caption, rowLabels, colLabels, matrix, legend, status;

    static HeatmapGeometry compute(const QSizeF& area, int rows, int cols, const Metrics& metrics);

    HeatmapCell cellAt(const QPointF& p) const;  // invalid outside the matrix
    QRectF cellRect(int row, int col) const;
    int rowLabelAt(const QPointF& p) const;  // -1 outside the from-token labels
    int colLabelAt(const QPointF& p) const;  // -1 outside the to-token labels
    QRectF rowLabelRect(int row) const;
    QRectF colLabelRect(int col) const;
    // Draw every n-th label so labels of this text height do not overlap (1 when they fit).
    int labelStride(qreal textHeight) const;
};
