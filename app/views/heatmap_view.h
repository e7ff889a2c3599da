// Heatmap view: the query x key attention matrix of the selected layer and head (or an
// aggregate of heads/layers), from-tokens (queries) down the left, to-tokens (keys) rotated
// along the top, a colour legend and a hover read-out. Queries and keys are the same tokens
// for self-attention and differ for cross-attention (rows: target, columns: source); the
// shared selection's token indices are always query tokens (rows). The matrix is cached as one QImage (one pixel per
// cell) rebuilt only when the analysis or the matrix-defining part of the selection changes;
// paintEvent scales it. Layout maths live in HeatmapGeometry (matrix_geometry.h), testable without a widget.
// GUI thread only.
#pragma once

#include "attention_view.h"
#include "attnscope/attention_analysis.h"
#include "matrix_geometry.h"

#include <QImage>
#include <QStringList>

#include <vector>

class HeatmapView : public AttentionView {
    Q_OBJECT
public:
    explicit HeatmapView(QWidget* parent = nullptr);

    void setAnalysis(AnalysisPtr analysis) override;
    QString viewName() const override { return QStringLiteral("heatmap"); }

    QSize sizeHint() const override { return {900, 700}; }
    QSize minimumSizeHint() const override { return {240, 180}; }
    // The token labels drawn now (every labelStride-th, and the selected ones).
    std::vector<LabelBox> labelBoxes() const override;

    // The cached state, for tests and exports: the displayed matrix (after aggregation,
    // hiding and merging), its image (one pixel per cell), the weight shown as the top
    // colour, the axis labels and the current layout.
    const attnscope::FloatMatrix& displayedMatrix() const { return matrix_; }
    const QImage& matrixImage() const { return image_; }
    float colourMax() const { return colourMax_; }
    // What the top colour means, as the legend says it ("scale: this head's max", "scale: fixed 0–1").
    QString colourScaleText() const;
    // Whether cells show their weights (decided by cell size, with hysteresis).
    bool showsCellNumbers() const { return cellNumbers_; }
    static constexpr qreal kNumbersFrom = 34;                       // px of cell: numbers appear
    static constexpr qreal kNumbersUntil = 28;                      // px of cell: numbers go
    const QStringList& labels() const { return labels_; }           // rows (query tokens)
    const QStringList& columnLabels() const { return colLabels_; }  // columns (key tokens)
    const HeatmapGeometry& layout() const { return geometry_; }
    HeatmapCell cellAt(const QPointF& p) const { return geometry_.cellAt(p); }
    const QFont& labelFont() const { return labelFont_; }
    // Every n-th row and column label is drawn so that labels never overlap.
    int labelStride() const { return labelStride_; }
    QString caption() const { return captionText(); }
    // Aggregate::Rollout was asked for a matrix it does not apply to (cross-attention): the
    // mean over layers is shown instead, and the caption says so.
    bool rolloutFellBack() const { return rolloutFallback_; }
    // Token index (into the analysis' tokens) a displayed row stands for (its first piece).
    int tokenOfRow(int row) const;
    // Displayed row holding this token, -1 when hidden or out of range.
    int rowOfToken(int token) const;
    // The same for columns and the analysis' key tokens (Analysis::keys()).
    int tokenOfColumn(int col) const;
    int columnOfToken(int keyToken) const;

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;

protected:
    // Hooks for views that are a heatmap plus something (the translation's alignment view).
    virtual QString captionText() const;
    virtual QString statusText() const;
    // Head ablation: the single head shown is switched off (drawn crossed out); how many
    // switched-off heads the shown aggregate takes in (its layer's, or all for layer means).
    bool shownHeadSwitchedOff() const;
    int switchedOffInLayer() const;
    virtual QString placeholderText() const;
    // After the displayed matrix, its labels and special flags were rebuilt.
    virtual void matrixRebuilt() {}
    // Drawn over the matrix, under the labels and hover marks.
    virtual void paintOverlay(QPainter&) const {}
    // Below the colour bar of the legend (bar: where the bar was drawn).
    virtual void paintLegendNote(QPainter&, const QRectF& /*bar*/) const {}
    void setMaxCell(qreal pixels) { maxCell_ = pixels; }
    void setMinLegendWidth(qreal pixels) { minLegendWidth_ = pixels; }
    bool darkPalette() const { return key_.dark; }

private:
    // What the cached matrix was built for; a change of any field rebuilds it.
    struct CacheKey {
        const Analysis* analysis = nullptr;
        MatrixChoice choice;
        bool hideSpecial = false, mergeWords = false, dark = false, fixedScale = false;
        int scheme = 0;  // colors::schemeGeneration()
        bool operator==(const CacheKey& o) const;
    };
    CacheKey currentKey() const;
    void selectionChanged() override;
    void rebuildIfNeeded(bool force = false);
    void rebuildMatrix();
    void rebuildImage();
    void relayout() override;
    void recolour() override { rebuildIfNeeded(); }
    // Token under a label (row or column), -1 elsewhere.
    int labelTokenAt(const QPointF& p) const;
    void paintMatrix(QPainter& p) const;
    // The axis labels drawn now (every labelStride-th, and the selected or hovered ones), with
    // their shown (elided) text: what paintLabels() draws and labelBoxes() reports.
    struct PlacedLabel {
        int index = 0;
        bool isCol = false, selected = false, active = false;
        QString shown, full;
        qreal width = 0, fontHeight = 0;
    };
    std::vector<PlacedLabel> placedLabels() const;
    void paintLabels(QPainter& p) const;
    void paintHighlights(QPainter& p) const;
    void paintLegend(QPainter& p) const;

protected:
    bool sameAxes() const { return !analysis_ || analysis_->selfAttention(); }

    AnalysisPtr analysis_;
    CacheKey key_;
    attnscope::FloatMatrix matrix_;
    std::vector<std::vector<int>> rowTokens_;  // token indices behind each displayed row
    std::vector<int> tokenToRow_;              // inverse; -1 for hidden tokens
    std::vector<bool> rowIsSpecial_;
    QStringList labels_;
    std::vector<std::vector<int>> colTokens_;  // key token indices behind each displayed column
    std::vector<int> tokenToCol_;
    std::vector<bool> colIsSpecial_;
    QStringList colLabels_;
    bool rolloutFallback_ = false;
    int hoveredColumnLabel_ = -1;  // column label under the mouse (local: keys may not be queries)
    QImage image_;
    QImage legendImage_;
    float colourMax_ = 1.f;
    HeatmapGeometry geometry_;
    QFont labelFont_;
    int labelStride_ = 1;
    bool cellNumbers_ = false;
    HeatmapCell hoveredCell_;

private:
    qreal maxCell_ = 0;  // 0: HeatmapGeometry's default
    qreal minLegendWidth_ = 0;
};
