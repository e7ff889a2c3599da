// analysisForTranslation (see translation_analysis.h): copies tokens (the core gives them
// byte and code point offsets) and one attention stack.
#include "translation_analysis.h"

#include <QCoreApplication>

namespace {

// The decoder start token's id: generate() puts it first in every hypothesis.
int decoderStartId(const attnscope::TextTranslation& r) {
    if (!r.nbest.empty() && !r.nbest.front().ids.empty()) return r.nbest.front().ids.front();
    return 0;
}

}  // namespace

QString attentionKindLabel(AttentionKind kind) {
    switch (kind) {
    case AttentionKind::Encoder: return QCoreApplication::translate("TranslationAnalysis", "Encoder self-attention");
    case AttentionKind::Decoder: return QCoreApplication::translate("TranslationAnalysis", "Decoder self-attention");
    case AttentionKind::Cross: return QCoreApplication::translate("TranslationAnalysis", "Cross-attention");
    }
    return {};
}

AnalysisPtr analysisForTranslation(const Translation& t, AttentionKind kind) {
    const attnscope::TextTranslation& r = t.result;
    auto a = std::make_shared<Analysis>();
    a->requestId = t.requestId;
    a->text = t.text;
    a->modelName = t.modelName;
    a->kindLabel = attentionKindLabel(kind);
    a->maskable = false;
    a->ablatedHeads = t.ablation.of(static_cast<attnscope::AttentionKind>(int(kind)));
    a->result.device = r.device;
    const QString source = QCoreApplication::translate("TranslationAnalysis", "source");
    const QString target = QCoreApplication::translate("TranslationAnalysis", "target");
    a->queryName = kind == AttentionKind::Encoder ? source : target;
    a->keyName = kind == AttentionKind::Cross ? source : a->queryName;
    switch (kind) {
    case AttentionKind::Encoder:
        a->result.text = r.text;
        a->result.tokens = r.sourceTokens;
        a->result.truncated = r.truncated;
        a->result.fullLength = r.fullLength;
        a->result.attentions = r.encoderAttentions;
        break;
    case AttentionKind::Decoder: {
        a->result.text = r.translation;
        attnscope::Token start;
        start.id = decoderStartId(r);
        start.piece = "<s>";
        start.special = true;
        a->result.tokens.push_back(start);
        // Position t reads the token position t - 1 produced; the last produced token (</s>)
        // is read by no position.
        for (std::size_t i = 0; i + 1 < r.targetTokens.size(); ++i) a->result.tokens.push_back(r.targetTokens[i]);
        if (r.targetTokens.empty()) a->result.tokens.clear();
        a->result.attentions = r.decoderAttentions;
        break;
    }
    case AttentionKind::Cross:
        a->result.text = r.translation;
        a->result.tokens = r.targetTokens;
        a->keyTokens = r.sourceTokens;
        a->result.truncated = r.truncated;
        a->result.fullLength = r.fullLength;
        a->result.attentions = r.crossAttentions;
        break;
    }
    const attnscope::AttentionStack& att = a->result.attentions;
    if (att.layers <= 0 || att.heads <= 0 || att.queries <= 0 || att.keys <= 0) return nullptr;
    if (att.queries != static_cast<int>(a->result.tokens.size()) || att.keys != static_cast<int>(a->keys().size()))
        return nullptr;
    if (att.values.size() != static_cast<std::size_t>(att.layers) * att.heads * att.queries * att.keys) return nullptr;
    return a;
}
