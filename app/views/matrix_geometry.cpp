// HeatmapGeometry (see matrix_geometry.h).
#include "matrix_geometry.h"

#include <algorithm>
#include <cmath>

namespace {
// Index of the cell an offset falls in; the epsilon keeps a cell's own (fractional) left
// edge inside it despite rounding.
int cellIndex(qreal offset, qreal cell, int count) {
    return std::clamp(static_cast<int>(std::floor(offset / cell + 1e-9)), 0, count - 1);
}
}  // namespace

HeatmapGeometry HeatmapGeometry::compute(const QSizeF& area, int rows, int cols, const Metrics& m) {
    HeatmapGeometry g;
    g.rows = std::max(0, rows);
    g.cols = std::max(0, cols);
    const QRectF inner(m.margin, m.margin, std::max<qreal>(0, area.width() - 2 * m.margin),
                       std::max<qreal>(0, area.height() - 2 * m.margin));
    g.caption = QRectF(inner.left(), inner.top(), inner.width(), m.captionHeight);
    const qreal bodyTop = g.caption.bottom() + m.gap;
    const qreal availW = inner.width() - m.rowLabelWidth - 2 * m.gap - m.legendWidth;
    const qreal availH = inner.bottom() - bodyTop - m.colLabelHeight - m.gap - m.gap - m.statusHeight;
    if (g.rows > 0 && g.cols > 0 && availW > 0 && availH > 0) {
        g.cell = std::min({availW / g.cols, availH / g.rows, m.maxCell});
        if (g.cell >= 4) g.cell = std::floor(g.cell);
    }
    const qreal matrixW = g.cell * g.cols, matrixH = g.cell * g.rows;
    const qreal blockW = m.rowLabelWidth + m.gap + matrixW + m.gap + m.legendWidth;
    const qreal x0 = inner.left() + std::max<qreal>(0, std::floor((inner.width() - blockW) / 2));
    const qreal matrixTop = bodyTop + m.colLabelHeight + m.gap;
    g.matrix = QRectF(x0 + m.rowLabelWidth + m.gap, matrixTop, matrixW, matrixH);
    g.rowLabels = QRectF(x0, matrixTop, m.rowLabelWidth, matrixH);
    g.colLabels = QRectF(g.matrix.left(), bodyTop, matrixW, m.colLabelHeight);
    const qreal legendRoom = std::max<qreal>(0, inner.bottom() - m.statusHeight - m.gap - matrixTop);
    const qreal legendH = std::min(std::max<qreal>(matrixH, 140), legendRoom);
    g.legend = QRectF(g.matrix.right() + m.gap, matrixTop, m.legendWidth, legendH);
    g.status =
        QRectF(inner.left(), std::max(g.matrix.bottom(), g.legend.bottom()) + m.gap, inner.width(), m.statusHeight);
    return g;
}

HeatmapCell HeatmapGeometry::cellAt(const QPointF& p) const {
    if (cell <= 0 || p.x() < matrix.left() || p.y() < matrix.top() || p.x() >= matrix.right() ||
        p.y() >= matrix.bottom())
        return {};
    return {cellIndex(p.y() - matrix.top(), cell, rows), cellIndex(p.x() - matrix.left(), cell, cols)};
}

QRectF HeatmapGeometry::cellRect(int row, int col) const {
    return QRectF(matrix.left() + col * cell, matrix.top() + row * cell, cell, cell);
}

int HeatmapGeometry::rowLabelAt(const QPointF& p) const {
    if (cell <= 0 || p.x() < rowLabels.left() || p.x() >= rowLabels.right() || p.y() < matrix.top() ||
        p.y() >= matrix.bottom())
        return -1;
    return cellIndex(p.y() - matrix.top(), cell, rows);
}

int HeatmapGeometry::colLabelAt(const QPointF& p) const {
    if (cell <= 0 || p.y() < colLabels.top() || p.y() >= colLabels.bottom() || p.x() < matrix.left() ||
        p.x() >= matrix.right())
        return -1;
    return cellIndex(p.x() - matrix.left(), cell, cols);
}

QRectF HeatmapGeometry::rowLabelRect(int row) const {
    return QRectF(rowLabels.left(), matrix.top() + row * cell, rowLabels.width(), cell);
}

QRectF HeatmapGeometry::colLabelRect(int col) const {
    return QRectF(matrix.left() + col * cell, colLabels.top(), cell, colLabels.height());
}

int labelStride(qreal labelExtent, qreal slot) {
    if (slot <= 0 || labelExtent <= slot) return 1;
    return static_cast<int>(std::ceil(labelExtent / slot - 1e-9));
}

int HeatmapGeometry::labelStride(qreal textHeight) const { return ::labelStride(textHeight, cell); }
