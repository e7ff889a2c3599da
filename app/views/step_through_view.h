// Step-through view: replays decoding one target token at a time. A new translation opens on
// its first step; a slider picks step t and a play button advances it every 600 ms (stopping
// at the last step); above, the translation so far with token t highlighted; below, the
// source sentence as word boxes shaded by the cross-attention token t gave each source token
// (selected layer/head/aggregate), the weight printed under each box. The [target, source]
// matrix is cached per translation and selection; the current row and the layout are cached
// per step and size; paintEvent only paints them. Layout maths live in StepLayout, testable
// without a widget. GUI thread only.
#pragma once

#include "attention_view.h"
#include "translation_math.h"

#include <QFont>
#include <QRectF>
#include <QStringList>
#include <QTimer>

#include <vector>

class QLabel;
class QSlider;
class QToolButton;

// Where the caption, the translation so far and the source boxes go in an area, for given
// text and box widths (widths come from fonts outside, so this is testable without them).
struct StepLayout {
    struct Metrics {
        qreal margin = 12;
        qreal captionHeight = 20;
        qreal titleHeight = 20;     // "Translation so far" / "Source" headings
        qreal textLineHeight = 24;  // one line of the translation
        qreal textGap = 8;          // between words of the translation
        qreal boxHeight = 26;       // a source word box
        qreal weightHeight = 14;    // the weight under a box
        qreal boxGap = 10;          // between source words
        qreal gluedGap = 2;         // between pieces of one source word
        qreal sectionGap = 18;
    };
    QRectF caption, translationTitle, sourceTitle;
    translationmath::Flow target;  // one rect per target piece (all of them: text does not jump)
    translationmath::Flow source;  // word boxes, weight line excluded
    qreal bottom = 0;              // lowest pixel used

    static StepLayout compute(const QRectF& area, const std::vector<qreal>& targetWidths,
                              const std::vector<bool>& targetGlued, const std::vector<qreal>& sourceWidths,
                              const std::vector<bool>& sourceGlued, const Metrics& metrics);
    // Source box under a point, -1 when none.
    int sourceAt(const QPointF& p) const;
};

class StepThroughView : public AttentionView {
    Q_OBJECT
public:
    explicit StepThroughView(QWidget* parent = nullptr);

    void setTranslation(TranslationPtr translation) override;
    QString viewName() const override { return QStringLiteral("steps"); }
    QSize sizeHint() const override { return {800, 420}; }
    QSize minimumSizeHint() const override { return {260, 200}; }
    // The translation so far and the source words as drawn at this step.
    std::vector<LabelBox> labelBoxes() const override;

    int step() const { return step_; }        // 0-based; 0 when there are no steps
    int stepCount() const { return steps_; }  // target tokens decoded so far
    void setStep(int step);                   // clamped
    bool isPlaying() const { return timer_.isActive(); }
    void setPlaying(bool playing);  // play from the start when at the last step
    int intervalMs() const { return timer_.interval(); }
    // One tick of playback: the next step; false (and playback stops) at the last step of a
    // complete translation.
    bool advance();

    // Cached state for tests.
    const std::vector<float>& currentRow() const { return row_; }  // weight per source token at step()
    const attnscope::FloatMatrix& displayedMatrix() const { return matrix_; }
    QString stepText() const;     // "Step 3/12: «Mann»"
    QString partialText() const;  // the translation up to and including step()
    const StepLayout& layout() const { return layout_; }
    QSlider* slider() const { return slider_; }
    QToolButton* playButton() const { return play_; }

protected:
    void paintEvent(QPaintEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    void selectionChanged() override;
    void rebuildMatrix();
    void rebuildRow();
    void relayout() override;
    void recolour() override {  // the dark flag and the play icon follow the palette
        relayout();
        syncControls();
    }
    void syncControls();
    QRectF canvasRect() const;  // the painted area above the controls

    attnscope::FloatMatrix matrix_;
    QStringList targetLabels_, sourceLabels_;
    std::vector<bool> targetGlued_, sourceGlued_, targetSpecial_, sourceSpecial_;
    std::vector<float> row_;
    float rowMax_ = 1.f;
    int rowArgmax_ = -1;
    int steps_ = 0;
    int step_ = 0;
    int hoveredSource_ = -1;
    QString caption_;
    MatrixChoice builtFor_;
    StepLayout layout_;
    QFont textFont_, boxFont_, weightFont_;
    bool dark_ = false;

    QSlider* slider_ = nullptr;
    QToolButton* play_ = nullptr;
    QLabel* stepLabel_ = nullptr;
    QWidget* controls_ = nullptr;
    QTimer timer_;
};
