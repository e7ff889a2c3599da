// Sentence-links view: the source sentence as token boxes along the top, the translation
// along the bottom (each wraps onto more lines when wide) and a curve from every target token
// to every source token it gave at least `threshold` of its cross-attention (selected
// layer/head/aggregate), opacity and thickness by weight. Hovering a token brings out its
// links and dims the rest. The links are cached per translation, selection and threshold;
// their curves per size; paintEvent only paints them. Layout maths live in
// SentenceLinksLayout, testable without a widget. GUI thread only.
#pragma once

#include "attention_view.h"
#include "translation_math.h"

#include <QFont>
#include <QPainterPath>
#include <QRectF>
#include <QStringList>

#include <vector>

class QPainter;

// One drawn link: target token `target` gave source token `source` this weight.
struct SentenceLink {
    int source = 0;
    int target = 0;
    float weight = 0.f;
    bool operator==(const SentenceLink& o) const {
        return source == o.source && target == o.target && weight == o.weight;
    }
};

// Token boxes of both sentences and the band between them where the links run. Normal mode:
// word boxes, each sentence wrapping onto more lines when wide. Compact mode (sentences too
// long for one line each): one line per sentence, every token an equal slot with its label
// rotated (source above the line, target below it), labels thinned to fit.
struct SentenceLinksLayout {
    struct Metrics {
        qreal margin = 12;
        qreal captionHeight = 20;
        qreal statusHeight = 20;
        qreal boxHeight = 24;
        qreal gap = 8;       // between words
        qreal gluedGap = 2;  // between pieces of one word
        qreal lineGap = 10;  // between wrapped lines of one sentence
        qreal minBand = 60;  // height of the link band
        qreal maxBand = 260;
    };
    QRectF caption, status;
    translationmath::Flow source, target;  // compact: the slots, labels included
    qreal bandTop = 0, bandBottom = 0;
    qreal bottom = 0;  // lowest pixel the sentences use (status excluded)
    bool compact = false;

    static SentenceLinksLayout compute(const QRectF& area, const std::vector<qreal>& sourceWidths,
                                       const std::vector<bool>& sourceGlued, const std::vector<qreal>& targetWidths,
                                       const std::vector<bool>& targetGlued, const Metrics& metrics);
    // Compact mode: labelHeight is the room for the rotated labels of each sentence.
    static SentenceLinksLayout computeCompact(const QRectF& area, int sources, int targets, qreal labelHeight,
                                              const Metrics& metrics);
    QPointF sourceAnchor(int source) const;  // bottom centre of the box
    QPointF targetAnchor(int target) const;  // top centre of the box
    int sourceAt(const QPointF& p) const;    // -1: none
    int targetAt(const QPointF& p) const;
    // S-shaped cubic curve from a source token down to a target token.
    QPainterPath curve(int source, int target) const;
};

class SentenceLinksView : public AttentionView {
    Q_OBJECT
public:
    explicit SentenceLinksView(QWidget* parent = nullptr);

    void setTranslation(TranslationPtr translation) override;
    QString viewName() const override { return QStringLiteral("sentence-links"); }
    QSize sizeHint() const override { return {800, 420}; }
    QSize minimumSizeHint() const override { return {240, 180}; }

    // Links with weight >= threshold are drawn (default 0.1).
    void setThreshold(float threshold);
    float threshold() const { return threshold_; }

    // Cached state for tests: the drawn links (lightest first: heavier ones paint on top).
    const std::vector<SentenceLink>& links() const { return links_; }
    const attnscope::FloatMatrix& displayedMatrix() const { return matrix_; }
    const SentenceLinksLayout& layout() const { return layout_; }
    const QStringList& sourceLabels() const { return sourceLabels_; }
    const QStringList& targetLabels() const { return targetLabels_; }
    bool isCompact() const { return layout_.compact; }
    int sourceLabelStride() const { return sourceStride_; }
    int targetLabelStride() const { return targetStride_; }
    const QFont& labelFont() const { return boxFont_; }
    // Hover state: which token (and side) brings out its links; -1 for none.
    int hoveredSource() const { return hoveredSource_; }
    int hoveredTarget() const { return hoveredTarget_; }
    void setHovered(int source, int target);  // at most one of them >= 0
    QString statusText() const;

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    void selectionChanged() override;
    void rebuild();       // matrix, labels and links
    void rebuildLinks();  // links for the threshold
    void relayout() override;      // boxes and curves for the size
    bool linkActive(const SentenceLink& link) const;
    void paintBoxes(QPainter& p, const translationmath::Flow& flow, const QStringList& labels,
                    const std::vector<bool>& special, int hovered) const;
    void paintCompactLabels(QPainter& p, const translationmath::Flow& flow, const QStringList& labels,
                            const std::vector<bool>& special, int hovered, int stride, bool above) const;

    attnscope::FloatMatrix matrix_;
    QStringList sourceLabels_, targetLabels_;
    std::vector<bool> sourceGlued_, targetGlued_, sourceSpecial_, targetSpecial_;
    std::vector<SentenceLink> links_;
    std::vector<QPainterPath> curves_;  // one per link
    float threshold_ = 0.1f;
    float maxWeight_ = 1.f;
    QString caption_;
    MatrixChoice builtFor_;
    SentenceLinksLayout layout_;
    QFont boxFont_;
    int sourceStride_ = 1, targetStride_ = 1;
    qreal maxLinkWidth_ = 5.0;  // the heaviest link's pen  // compact mode: every n-th label is drawn
    int hoveredSource_ = -1, hoveredTarget_ = -1;
};
