// Step-through for text generation: replays writing one token at a time, as Transformer
// Explainer does for GPT-2, on the model's own continuation. A slider picks the step t (the
// t-th written token) and a play button advances every 700 ms; the text so far is drawn as
// token boxes, each shaded by the attention the position before the new token gave it when
// the model chose the new token (the selected layer/head/aggregate; the weight under each
// box); the new token follows in an outlined box; nothing after it is shown (it does not exist
// yet). Geometry is a plain function (GenerationStepsLayout), tested without a widget; the
// matrix is cached per analysis and selection; paintEvent only paints. GUI thread only.
#pragma once

#include "attention_view.h"

#include <QFont>
#include <QRectF>
#include <QTimer>

#include <vector>

class QSlider;
class QToolButton;

struct GenerationStepsLayout {
    std::vector<QRectF> boxes;  // one per token shown, in reading order (the new token last)
    qreal bottom = 0;
    // Boxes of the given widths flowing left to right in area, wrapping; rowHeight includes the
    // weight line under a box.
    static GenerationStepsLayout compute(const QRectF& area, const std::vector<qreal>& widths, qreal boxHeight,
                                         qreal rowHeight, qreal gap);
};

class GenerationStepsView : public AttentionView {
    Q_OBJECT
public:
    explicit GenerationStepsView(QWidget* parent = nullptr);
    QString viewName() const override { return QStringLiteral("steps"); }
    void setAnalysis(AnalysisPtr analysis) override;
    // The prompt's length in tokens (the steps are the tokens after it).
    void setPromptTokens(int tokens);

    int steps() const;          // written tokens
    int step() const { return step_; }
    void setStep(int step);
    // The attention row of the step (weights over the tokens before the new one), for tests.
    std::vector<float> stepWeights() const;
    QSize sizeHint() const override { return {800, 400}; }

protected:
    void paintEvent(QPaintEvent* event) override;
    void relayout() override;
    void selectionChanged() override;

private:
    void rebuildMatrix();
    QFont boxFont() const;
    AnalysisPtr analysis_;
    attnscope::FloatMatrix matrix_;
    int promptTokens_ = 0;
    int step_ = 0;
    GenerationStepsLayout layout_;
    QSlider* slider_ = nullptr;
    QToolButton* play_ = nullptr;
    QTimer timer_;
};
