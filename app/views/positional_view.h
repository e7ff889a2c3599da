// The "positions" page: how a transformer is told where each word is. Either the fixed
// sinusoidal encoding of Vaswani et al. 2017 or the loaded model's learned position
// embeddings, shown three ways: the [positions x dimensions] matrix as a heatmap image, the
// cosine similarity between every pair of positions as an image, and a few chosen dimensions
// as curves over position (Qt Charts). Only the first N positions are drawn (legible), and
// the current sentence's length is marked. Geometry and data preparation are plain functions
// in namespace positional, unit-tested; paintEvent only draws cached images. GUI thread only.
#pragma once

#include "attention_view.h"

#include <QImage>
#include <QRectF>

#include <vector>

class QChartView;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QValueAxis;

namespace positional {

class MatrixPlot;  // the cached-image widget, private to positional_view.cpp

enum class Source { Sinusoidal, Learned };

// Where a [rows x cols] matrix image goes inside a widget of the given size, leaving margins
// for axes, title and colour bar. squareCells keeps cells square (for similarity matrices).
struct HeatmapGeometry {
    QRectF plot;
    int rows = 0, cols = 0;

    static HeatmapGeometry fit(const QSizeF& widget, int rows, int cols, bool squareCells);
    QRectF cellRect(int row, int col) const;
    // Row and column under a widget point; {-1, -1} outside the plot.
    std::pair<int, int> cellAt(const QPointF& point) const;
    // Widget y of the boundary above row (row == rows: the bottom edge); x likewise for columns.
    double rowEdge(int row) const;
    double colEdge(int col) const;

    static constexpr double kLeft = 52, kTop = 26, kRight = 80, kBottom = 40;
};

// Tick indices 0, step, 2*step, ... below count with at most about maxTicks ticks; step from
// the 1-2-5 series.
std::vector<int> ticks(int count, int maxTicks);

// "0, 1, 10 40" -> {0, 1, 10, 40}: numbers in order of appearance, duplicates and values
// outside [0, dims) dropped.
std::vector<int> parseDimensions(const QString& text, int dims);

// Positions drawn by default: at least 64, at least the sentence, at most what exists.
int defaultPositionCount(int sentenceTokens, int available);

attnscope::FloatMatrix firstRows(const attnscope::FloatMatrix& m, int rows);

// Colour scale bound for a diverging map: the 99th percentile of |value| (so a few outliers
// do not wash out the picture), at least 1e-6.
float robustScale(const attnscope::FloatMatrix& m);

// One pixel per element: pixel (col, row) = colors::diverging(value / scale).
QImage matrixImage(const attnscope::FloatMatrix& m, float scale, bool dark);

}  // namespace positional

class PositionalView : public AttentionView {
    Q_OBJECT
public:
    explicit PositionalView(QWidget* parent = nullptr);

    void setAnalysis(AnalysisPtr analysis) override;
    QString viewName() const override { return QStringLiteral("positions"); }

    positional::Source source() const { return source_; }
    void setSource(positional::Source source);
    bool learnedAvailable() const;
    int positionCount() const { return positions_; }
    void setPositionCount(int positions);  // 0: automatic (max(64, sentence length))
    void setDimensionsText(const QString& text);

    // Cached state, for tests and screenshots.
    const attnscope::FloatMatrix& encodingMatrix() const { return encoding_; }
    const attnscope::FloatMatrix& similarityMatrix() const { return similarity_; }
    QImage encodingImage() const;
    QImage similarityImage() const;
    const std::vector<int>& plottedDimensions() const { return dims_; }
    QChartView* curvesView() const { return curves_; }
    QString caption() const;
    int sentenceTokens() const;

protected:
    void recolour() override { rebuild(); }

private:
    void rebuild();
    void rebuildCurves();
    void updateControls();

    AnalysisPtr analysis_;
    positional::Source source_ = positional::Source::Sinusoidal;
    int requestedPositions_ = 0;  // 0: automatic
    int positions_ = 0;
    std::vector<int> dims_;
    attnscope::FloatMatrix encoding_;
    attnscope::FloatMatrix similarity_;

    QComboBox* sourceBox_ = nullptr;
    QSpinBox* positionsBox_ = nullptr;
    QLineEdit* dimsEdit_ = nullptr;
    QLabel* caption_ = nullptr;
    positional::MatrixPlot* encodingPlot_ = nullptr;
    positional::MatrixPlot* similarityPlot_ = nullptr;
    QChartView* curves_ = nullptr;
    QValueAxis* curveX_ = nullptr;
    QValueAxis* curveY_ = nullptr;
};
