// Text and geometry shared by the translation views, free functions testable without a widget:
// the display text of SentencePiece pieces, captions, and wrapped left-to-right placement of
// token boxes. The attention maths they show is the core's (attnscope/attention_analysis.h).
#pragma once

#include "attention_selection.h"
#include "attnscope/encoder_result.h"
#include "attnscope/marian_text.h"

#include "matrix_geometry.h"

#include <QRectF>
#include <QString>

#include <string>
#include <vector>

namespace translationmath {

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
