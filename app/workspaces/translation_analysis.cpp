// analysisForTranslation (see translation_analysis.h): copies tokens and one attention stack.
#include "translation_analysis.h"

#include <QCoreApplication>

namespace {

// Code points in text[0, byte): UTF-8 continuation bytes (10xxxxxx) do not start one.
std::size_t codePointsBefore(const std::string& text, std::size_t byte) {
    std::size_t count = 0;
    const std::size_t end = std::min(byte, text.size());
    for (std::size_t i = 0; i < end; ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++count;
    return count;
}

attnscope::Token toToken(const attnscope::MarianToken& m, const std::string& text) {
    attnscope::Token t;
    t.id = m.id;
    t.piece = m.piece;
    t.byteBegin = m.byteBegin;
    t.byteEnd = m.byteEnd;
    t.charBegin = codePointsBefore(text, m.byteBegin);
    t.charEnd = codePointsBefore(text, m.byteEnd);
    t.special = m.special;
    return t;
}

std::vector<attnscope::Token> toTokens(const std::vector<attnscope::MarianToken>& tokens, const std::string& text) {
    std::vector<attnscope::Token> out;
    out.reserve(tokens.size());
    for (const auto& m : tokens) out.push_back(toToken(m, text));
    return out;
}

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
    a->result.device = r.device;
    const QString source = QCoreApplication::translate("TranslationAnalysis", "source");
    const QString target = QCoreApplication::translate("TranslationAnalysis", "target");
    a->queryName = kind == AttentionKind::Encoder ? source : target;
    a->keyName = kind == AttentionKind::Cross ? source : a->queryName;
    switch (kind) {
    case AttentionKind::Encoder:
        a->result.text = r.text;
        a->result.tokens = toTokens(r.sourceTokens, r.text);
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
        for (std::size_t i = 0; i + 1 < r.targetTokens.size(); ++i)
            a->result.tokens.push_back(toToken(r.targetTokens[i], r.translation));
        if (r.targetTokens.empty()) a->result.tokens.clear();
        a->result.attentions = r.decoderAttentions;
        break;
    }
    case AttentionKind::Cross:
        a->result.text = r.translation;
        a->result.tokens = toTokens(r.targetTokens, r.translation);
        a->keyTokens = toTokens(r.sourceTokens, r.text);
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
