// Plain maths and text shared by the translation views, free functions testable without a
// widget: the cross-attention matrix a selection stands for, hard alignment by argmax, the
// display text of SentencePiece pieces, and wrapped left-to-right placement of token boxes.
#pragma once

#include "attention_selection.h"
#include "attnscope/encoder_result.h"
#include "attnscope/marian_text.h"

#include <QRectF>
#include <QString>

#include <string>
#include <vector>

namespace translationmath {

// Rows and columns the cross-attention of a translation has data for: target tokens decoded
// so far (a streaming translation has fewer than it will have) and source tokens; 0 when the
// stack is empty or inconsistent with its own shape.
int targetRows(const attnscope::TextTranslation& t);
int sourceCols(const attnscope::TextTranslation& t);

// The [target, source] cross-attention a selection stands for. SingleHead: that layer and
// head; MeanHeads: the mean over the heads of that layer; MeanLayers, Rollout and MaxHeads:
// the mean over every layer and head (cross-attention has no rollout; one mean keeps rows
// summing to 1). Layer and head are clamped into the stack. Empty when there is no data.
attnscope::FloatMatrix crossAttention(const attnscope::TextTranslation& t, int layer, int head,
                                      Aggregate aggregate);
// The same for whatever selection is current (null: layer 0, head 0, single head).
attnscope::FloatMatrix crossAttention(const attnscope::TextTranslation& t, const AttentionSelection* selection);

// Row r of a matrix as a vector (empty when out of range).
std::vector<float> matrixRow(const attnscope::FloatMatrix& m, int row);

// attnscope::argmaxSource (marian_text.h) for every row; -1 for rows flagged special in
// targetSpecial (e.g. </s>).
std::vector<int> hardAlignment(const attnscope::FloatMatrix& m, const std::vector<bool>& sourceSpecial,
                               const std::vector<bool>& targetSpecial);
// The special flag of the first `count` tokens (false past the end).
std::vector<bool> specialFlags(const std::vector<attnscope::Token>& tokens, int count);

// The piece as a label: the word-start mark "▁" (U+2581) stripped; a lone "▁" stays.
QString pieceLabel(const std::string& piece);
// True when the piece starts a word (begins with "▁") or is special: a gap goes before it.
bool startsWord(const attnscope::Token& token);
// Running text of tokens [0, count): "▁" becomes a space, special tokens are left out, no
// leading space.
QString joinPieces(const std::vector<attnscope::Token>& tokens, int count);

// One line of caption for what the selection shows, e.g. "Layer 2, head 1".
QString selectionCaption(const attnscope::AttentionStack& cross, const AttentionSelection* selection);

// Draw every n-th label so labels of this extent fit slots of this size (1 when they fit).
int labelStride(qreal labelExtent, qreal slot);

// Boxes of the given widths placed left to right from `origin`, wrapping at maxWidth. A box
// with glued[i] set sits `gluedGap` after the previous one and moves with it when wrapping
// (a word split into pieces stays on one line when it can); others sit `gap` after it.
// centre: each line centred in maxWidth. A box wider than a line gets a line of its own.
struct Flow {
    std::vector<QRectF> boxes;
    std::vector<int> lineOf;
    int lines = 0;
    qreal height = 0;  // from origin.y() to the bottom of the last line
};
Flow flowBoxes(const std::vector<qreal>& widths, const std::vector<bool>& glued, QPointF origin, qreal maxWidth,
               qreal boxHeight, qreal gap, qreal gluedGap, qreal lineGap, bool centre);

}  // namespace translationmath
