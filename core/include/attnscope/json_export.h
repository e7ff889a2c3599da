// JSON export of results, in the schemas documented in README.md ("JSON export"). The layout
// is chosen so that Python's json.load() output can be handed to bertviz directly. The JSON
// library stays inside the core: callers get text and write it with writeTextFile.
#pragma once

#include "attnscope/attention_analysis.h"
#include "attnscope/encoder_result.h"
#include "attnscope/gpt2.h"
#include "attnscope/marian_text.h"

#include <string>
#include <vector>

namespace attnscope {

inline constexpr const char* kEncodeSchema = "attnscope.encode/1";

inline constexpr const char* kTranslateSchema = "attnscope.translate/1";

// Derived analysis an export may add (the CLI's --aggregate and --stats); none by default.
// aggregates: per-layer matrices of attnscope::analysis::aggregate, one entry per kind, each of
// MeanHeads ("mean"), MaxHeads ("max") or Rollout ("rollout"). stats: per-head entropy (bits)
// and mean attention distance.
struct ExportAnalysis {
    std::vector<analysis::Aggregate> aggregates;
    bool stats = false;
};

// The export's name of an aggregate ("mean", "max", "rollout"), and back. parseExportAggregate
// throws InputError naming the choices for anything else (SingleHead and MeanLayers have no name:
// the "attention" values and a mean over the per-layer means are already there).
std::string exportAggregateName(analysis::Aggregate aggregate);
analysis::Aggregate parseExportAggregate(const std::string& name);

// An encoding in schema "attnscope.encode/1": tokens, offsets, every attention, mask predictions,
// and "aggregates"/"stats" when asked for.
std::string encodeResultJson(const EncodeResult& result, const std::string& modelDir, const ExportAnalysis& extra = {});

// A translation in schema "attnscope.translate/1": tokens, the three attention stacks, the
// hard alignment of decoder layer alignLayer, the n-best list (and beam tree when present), and
// "cross_aggregates" (of the cross-attention) and "encoder_stats"/"cross_stats" when asked for.
std::string translationJson(const TextTranslation& result, const std::string& modelDir, int beams,
                            const std::vector<AlignmentLink>& links, int alignLayer, const ExportAnalysis& extra = {});

// A GPT-2 generation (schema "attnscope.generate/1"): prompt, text, continuation, every token
// (id, piece, its text, prompt or not, code point offsets), the n-best list and the causal
// attentions [layers][heads][T][T] of the best sequence.
inline constexpr const char* kGenerateSchema = "attnscope.generate/1";
std::string generationJson(const TextGeneration& result, const std::string& modelDir, int beams);

// Writes text and a final newline to path ("-" for stdout). Throws Error when the file cannot
// be written.
void writeTextFile(const std::string& text, const std::string& path);

}  // namespace attnscope
