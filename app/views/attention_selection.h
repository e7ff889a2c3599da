// The selection every view shares: layer, head or aggregate, hovered and clicked token, and
// display toggles. Views read it when painting and write it on user input; changed() tells
// all of them to repaint. GUI thread only.
#pragma once

#include "attnscope/attention_analysis.h"

#include <QObject>

namespace attnscope {
struct TextTranslation;
}

// What a selection's matrix stands for; its one meaning is attnscope::analysis::aggregate().
using Aggregate = attnscope::analysis::Aggregate;

// Which matrix of a stack the selection picks: layer, head and aggregate (what a view's cached
// matrix depends on; hover and clicks do not change it).
struct MatrixChoice {
    int layer = 0;
    int head = 0;
    Aggregate aggregate = Aggregate::SingleHead;
    bool operator==(const MatrixChoice& o) const {
        return layer == o.layer && head == o.head && aggregate == o.aggregate;
    }
    bool operator!=(const MatrixChoice& o) const { return !(*this == o); }
};

class AttentionSelection : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    MatrixChoice matrixChoice() const { return {layer_, head_, aggregate_}; }

    int layer() const { return layer_; }
    int head() const { return head_; }
    Aggregate aggregate() const { return aggregate_; }
    int hoveredToken() const { return hovered_; }    // -1: none
    int selectedToken() const { return selected_; }  // -1: none
    bool hideSpecialTokens() const { return hideSpecial_; }
    bool mergeWordPieces() const { return mergeWords_; }
    // Colours of heatmap-like views: false stretches the colour ramp to the largest weight shown
    // (each head its own scale), true fixes it to 0..1 so that heads compare by colour.
    bool fixedColourScale() const { return fixedScale_; }

    void setLayerHead(int layer, int head);  // also switches to Aggregate::SingleHead
    void setLayer(int layer);
    void setHead(int head);
    void setAggregate(Aggregate aggregate);
    void setHoveredToken(int token);
    void setSelectedToken(int token);
    void setHideSpecialTokens(bool hide);
    void setMergeWordPieces(bool merge);
    void setFixedColourScale(bool fixed);
    // Keeps layer/head inside a model of this size (after a model change).
    void clampTo(int layers, int heads);

Q_SIGNALS:
    void changed();

private:
    int layer_ = 0;
    int head_ = 0;
    Aggregate aggregate_ = Aggregate::SingleHead;
    int hovered_ = -1;
    int selected_ = -1;
    bool hideSpecial_ = false;
    bool mergeWords_ = false;
    bool fixedScale_ = false;
};

// The choice of a possibly absent selection (null: layer 0, head 0, single head).
inline MatrixChoice matrixChoiceOf(const AttentionSelection* selection) {
    return selection ? selection->matrixChoice() : MatrixChoice{};
}

// The [queries, keys] matrix the selection stands for: attnscope::analysis::aggregate() of the
// stack with the selection's layer, head and aggregate (null: layer 0, head 0, single head).
attnscope::FloatMatrix selectedMatrix(const attnscope::AttentionStack& stack, const AttentionSelection* selection,
                                      attnscope::analysis::StackKind kind);
// The same for a translation's [target, source] cross-attention, as cross-attention: only the
// rows and columns that have tokens (attnscope::analysis::stackWithData; a streaming translation
// has fewer rows than it will have). Empty without data.
attnscope::FloatMatrix selectedCrossAttention(const attnscope::TextTranslation& t, const AttentionSelection* selection);
