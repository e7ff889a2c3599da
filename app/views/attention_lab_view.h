// Attention lab: how the selected head computes the selected token's row of weights, on the
// real model and the text being typed (issue #12). Left to right, one row per key token: the
// key vector k_j, the dot product q·k_j, the scaled score (÷√d, with the mask: a decoder's
// future keys are shown as masked, not hidden), the softmax weight as a bar, and the value
// vector weighted by it; above, the query vector q; below, the head's output Σ w_j·v_j. Vectors
// are strips of coloured cells (the first 32 dimensions, with a note for larger heads), the real
// numbers on hover. Step (the button or the arrow keys) reveals the computation one stage at a
// time for teaching; All shows everything. The numbers come from the core's inspection
// (attnscope::HeadInspection), computed on the worker for the workspace's current text, layer
// and head; the view only paints. GUI thread only.
#pragma once

#include "attention_view.h"

#include "attnscope/inspection.h"

#include <QRectF>

#include <memory>
#include <vector>

class QPushButton;

class AttentionLabView : public AttentionView {
    Q_OBJECT
public:
    // The stages Step walks through; each shows everything of the ones before.
    enum Stage { Vectors, DotProducts, Scaled, Softmax, Weighted, Output, StageCount };

    explicit AttentionLabView(QWidget* parent = nullptr);
    QString viewName() const override { return QStringLiteral("lab"); }
    void setAnalysis(AnalysisPtr analysis) override;
    // The inspection for the current text, layer and head (null: none yet).
    void setInspection(InspectionPtr inspection);
    InspectionPtr inspection() const { return inspection_; }

    // Layer 0's "+ position" row links to the workspace's Positions view (the encoder
    // workspace has one): drawn as a link, a click emits viewRequested("positions").
    void setPositionsLink(bool on);
    QRectF positionsLinkRect() const;  // empty: no link shown

    int stage() const { return stage_; }
    void setStage(int stage);
    // The query row shown: the selected token, else the first non-special token.
    int queryRow() const;
    // What a cell under a point holds, as the hover tooltip says it (tests read it).
    QString describeAt(const QPointF& point) const;
    std::vector<LabelBox> labelBoxes() const override;

    QSize sizeHint() const override { return {1000, 700}; }
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void stageChanged(int stage);

protected:
    void paintEvent(QPaintEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    bool event(QEvent* event) override;
    void relayout() override;
    void selectionChanged() override;

private:
    struct Layout {
        qreal rowHeight = 0, top = 0, labelWidth = 0, stripWidth = 0, cell = 0, numberWidth = 0, barWidth = 0;
        qreal x[7] = {};  // column starts: label, key strip, q·k, scaled, bar, weighted value, end
        QRectF queryStrip, outputStrip, captionRect, formulaRect;
        int shownDims = 0;
        int embedRows = 0;  // layer 0: rows for the input's parts and their sum
        qreal embedTop = 0;
    };
    Layout layoutFor(const attnscope::HeadInspection& r) const;
    QRectF rowRect(int key) const;
    QString captionText() const;
    // Token labels as the other translation views give them: a decoder position is named by the
    // token written there (row t of decoder and cross-attention computes target token t).
    bool labelledByOutput() const;
    const attnscope::Token& queryToken(int i) const;
    const attnscope::Token& keyToken(int j) const;
    void updateMinimumHeight();

    AnalysisPtr analysis_;
    InspectionPtr inspection_;
    bool positionsLink_ = false;
    int scheme_ = 0;  // attnscope::analysis::PieceScheme of the inspection's tokens
    QString label(const attnscope::Token& t) const;
    int stage_ = StageCount - 1;
    Layout layout_;
    QPushButton* stepButton_ = nullptr;
    QPushButton* allButton_ = nullptr;
    QPushButton* resetButton_ = nullptr;
};
