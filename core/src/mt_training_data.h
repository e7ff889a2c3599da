// Data side of the translation trainer: aligned line pairs, SentencePiece vocabularies trained
// on them, the opus-mt style joint vocab.json, encoding to ids, and length-grouped batches.
// Internal to core/.
#pragma once

#include "attnscope/sentencepiece_model.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace attnscope {

struct MtTrainingOptions;

// Pairs of non-empty lines; throws InputError when the counts differ.
struct LinePairs {
    std::vector<std::string> source, target;
};
LinePairs readLinePairs(const std::string& sourcePath, const std::string& targetPath);

// opus-mt ids: "</s>" 0, "<unk>" 1, the pieces of the SentencePiece model(s), "<pad>" last.
struct MtVocabulary {
    std::vector<std::string> pieces;  // id -> piece
    std::unordered_map<std::string, int> ids;
    int eos() const { return 0; }
    int unk() const { return 1; }
    int pad() const { return static_cast<int>(pieces.size()) - 1; }
    int size() const { return static_cast<int>(pieces.size()); }
    static MtVocabulary fromModels(const std::vector<const SentencePieceModel*>& models);
    static MtVocabulary fromJsonFile(const std::string& path);  // throws ModelFileError
    void writeJson(const std::string& path) const;
};

// Trains (or, when resuming, reuses) outDir/source.spm and outDir/target.spm.
struct MtTokenizers {
    SentencePieceModel source, target;
};
MtTokenizers prepareSentencePiece(const MtTrainingOptions& o, const LinePairs& train, bool reuseExisting);

// Pieces mapped through the vocabulary, truncated to maxTokens - 1, then eos.
std::vector<int64_t> encodeLine(const SentencePieceModel& spm, const MtVocabulary& vocab, const std::string& line,
                                int maxTokens);

struct EncodedPair {
    std::vector<int64_t> source, target;  // both end with eos
};

struct MtBatch {
    std::vector<std::size_t> pairs;
};
// Batches of similar (target, source) lengths with at most batchTokens padded tokens on the
// longer side, in a seeded random order.
std::vector<MtBatch> makeMtBatches(const std::vector<EncodedPair>& data, int batchTokens, std::uint64_t seed);

}  // namespace attnscope
