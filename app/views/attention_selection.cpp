// AttentionSelection: setters emit changed() only when something changes; selectedMatrix.
#include "attention_selection.h"

#include "attnscope/marian_text.h"

#include <algorithm>

namespace {
template <typename T> bool assign(T& field, T value) {
    if (field == value) return false;
    field = value;
    return true;
}
}  // namespace

void AttentionSelection::setLayerHead(int layer, int head) {
    const bool a = assign(layer_, layer), b = assign(head_, head), c = assign(aggregate_, Aggregate::SingleHead);
    if (a || b || c) Q_EMIT changed();
}
void AttentionSelection::setLayer(int layer) {
    if (assign(layer_, layer)) Q_EMIT changed();
}
void AttentionSelection::setHead(int head) {
    if (assign(head_, head)) Q_EMIT changed();
}
void AttentionSelection::setAggregate(Aggregate aggregate) {
    if (assign(aggregate_, aggregate)) Q_EMIT changed();
}
void AttentionSelection::setHoveredToken(int token) {
    if (assign(hovered_, token)) Q_EMIT changed();
}
void AttentionSelection::setSelectedToken(int token) {
    if (assign(selected_, token)) Q_EMIT changed();
}
void AttentionSelection::setHideSpecialTokens(bool hide) {
    if (assign(hideSpecial_, hide)) Q_EMIT changed();
}
void AttentionSelection::setMergeWordPieces(bool merge) {
    if (assign(mergeWords_, merge)) Q_EMIT changed();
}
void AttentionSelection::setFixedColourScale(bool fixed) {
    if (assign(fixedScale_, fixed)) Q_EMIT changed();
}
void AttentionSelection::clampTo(int layers, int heads) {
    const bool a = assign(layer_, std::clamp(layer_, 0, std::max(0, layers - 1)));
    const bool b = assign(head_, std::clamp(head_, 0, std::max(0, heads - 1)));
    if (a || b) Q_EMIT changed();
}

attnscope::FloatMatrix selectedMatrix(const attnscope::AttentionStack& stack, const AttentionSelection* selection,
                                      attnscope::analysis::StackKind kind) {
    if (!selection) return attnscope::analysis::aggregate(stack, 0, 0, Aggregate::SingleHead, kind);
    return attnscope::analysis::aggregate(stack, selection->layer(), selection->head(), selection->aggregate(), kind);
}

attnscope::FloatMatrix selectedCrossAttention(const attnscope::TextTranslation& t,
                                              const AttentionSelection* selection) {
    const attnscope::AttentionStack data =
        attnscope::analysis::stackWithData(t.crossAttentions, t.targetTokens.size(), t.sourceTokens.size());
    return selectedMatrix(data, selection, attnscope::analysis::StackKind::CrossAttention);
}
