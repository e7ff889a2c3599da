// Plain maths of the text-links view, tested without fonts or widgets: running text laid out
// as word boxes with room for arcs above each line, the arcs' curves, and the minimal-pair
// ranking of heads by how far they move a word's attention between two candidates.
#pragma once

#include "attnscope/attention_analysis.h"

#include <QPointF>
#include <QRectF>

#include <vector>

// Word boxes of one sentence laid out as wrapped running text, with room above each line for
// arcs. Widths come in from outside so the maths is testable without fonts.
struct TextLinksLayout {
    // Inputs.
    std::vector<double> widths;   // box width of each word (text + padding)
    std::vector<bool> gapBefore;  // whitespace before the word in the text: a line may break there
    double spaceWidth = 6;
    double maxWidth = 600;  // available line width
    double boxHeight = 24;
    double headroom = 80;  // arc space above every line
    double lineGap = 6;
    QPointF origin;  // top-left of the block (top of the first headroom)

    // Results of layout().
    std::vector<QRectF> boxes;
    std::vector<int> lineOfWord;
    int lines = 0;
    double height = 0;

    struct Arc {
        QPointF start, control1, control2, end;  // cubic Bézier, start at the source word
        QPointF apex;                            // point on the curve halfway (for labels)
    };

    void layout();
    int wordAt(QPointF p) const;     // -1: none
    QPointF anchor(int word) const;  // top centre of the word's box
    // Arc from one word to another, bulging upwards into the headroom.
    Arc arc(int from, int to) const;
};

// One head's movement of attention between two candidate words from sentence A to sentence B.
struct HeadFlip {
    int layer = 0;
    int head = 0;
    double marginA = 0;  // a_A[c1] - a_A[c2]
    double marginB = 0;  // a_B[c1] - a_B[c2]
    double flip = 0;     // marginA - marginB
};

// Word indices (in each sentence's WordGroups) of the clicked word and the two candidates.
struct FlipQuery {
    int wordA = -1, candidate1A = -1, candidate2A = -1;
    int wordB = -1, candidate1B = -1, candidate2B = -1;
};

// Every (layer, head), ranked by |flip| (largest first; ties by layer, head), on word-level
// attention (attnscope::analysis::mergeWords of the raw head matrix, no renormalisation). The
// stacks must have the same layers and heads; empty when the query is out of range.
std::vector<HeadFlip> rankHeadFlips(const attnscope::AttentionStack& a, const attnscope::analysis::WordGroups& groupsA,
                                    const attnscope::AttentionStack& b, const attnscope::analysis::WordGroups& groupsB,
                                    const FlipQuery& query);
