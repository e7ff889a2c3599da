// Trains a Marian encoder-decoder (Hugging Face MarianMTModel layout) from scratch on a
// parallel corpus: SentencePiece unigram vocabularies trained on the corpus, an opus-mt style
// joint vocab.json ("</s>" 0, "<unk>" 1, "<pad>" last = decoder start), token-based batches of
// similar lengths with padding masked out, label-smoothed cross-entropy, Adam(0.9, 0.98, 1e-9)
// with warm-up and inverse-square-root decay, checkpoint/exact resume, per-step progress with
// cancel, validation loss (and a rough greedy BLEU) each epoch. The result is a folder that
// MarianTranslator::load reads unchanged.
// Threading: trainTranslation blocks; callbacks run on the calling thread.
#pragma once

#include "attnscope/device.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace attnscope {

struct MtTrainingOptions {
    std::string trainSource;  // one sentence per line, aligned with trainTarget; .gz read transparently
    std::string trainTarget;
    std::string validSource;  // optional (both or neither)
    std::string validTarget;
    std::string outDir;          // gets the model folder and checkpoint/
    std::string sourceLanguage;  // only written to tokenizer_config.json
    std::string targetLanguage;

    bool jointVocabulary = true;  // one SentencePiece model for both sides (else one per side)
    int vocabSize = 8000;         // per SentencePiece model (a soft limit on tiny corpora)
    // Model shape (Marian "transformer-base" defaults); activation as in opus-mt.
    int dModel = 512;
    int encoderLayers = 6;
    int decoderLayers = 6;
    int heads = 8;
    int ffnDim = 2048;
    int maxPositions = 512;
    std::string activation = "swish";

    int epochs = 10;
    long maxSteps = 0;           // 0: epochs decide
    int batchTokens = 4096;      // padded tokens per batch (sentences x longest side)
    int maxTokens = 128;         // pieces per side, eos included; longer sentences are truncated
    double learningRate = 5e-4;  // peak, reached at the end of warm-up
    int warmupSteps = 4000;      // 0: constant learning rate
    double labelSmoothing = 0.1;
    double dropout = 0.1;         // on embeddings, attention outputs and feed-forward outputs
    double weightDecay = 0.0;     // AdamW's decoupled decay; 0 is plain Adam
    double clipNorm = 5.0;        // 0: no gradient clipping
    int validSentences = 2000;    // cap on validation pairs for the loss
    int bleuSentences = 100;      // validation pairs greedily decoded for BLEU (0: none)
    long checkpointEvery = 1000;  // steps between checkpoints (and at every epoch end)
    bool resume = false;          // continue from outDir/checkpoint (reusing its vocabulary)
    bool bfloat16Autocast = false;
    DeviceChoice device = DeviceChoice::Auto;
    int threads = 0;
    std::uint64_t seed = 1;
};

struct MtProgress {
    int epoch = 0;  // 1-based
    int epochs = 0;
    long step = 0;  // 1-based, global
    long totalSteps = 0;
    double loss = 0.0;  // this step's label-smoothed loss per target token
    double learningRate = 0.0;
    double tokensPerSecond = 0.0;  // target tokens (pad excluded)
    double etaSeconds = 0.0;
};

struct MtEpochReport {
    int epoch = 0;
    double trainLoss = 0.0;  // mean over the epoch's steps
    bool validated = false;  // false when no validation files were given
    double validLoss = 0.0;  // cross-entropy per target token, no smoothing
    bool bleuComputed = false;
    double bleu = 0.0;     // corpus BLEU-4 (0-100) of greedy translations, whitespace tokens
    double seconds = 0.0;  // wall time since training started
};

struct MtTrainingResult {
    long steps = 0;
    bool cancelled = false;
    double seconds = 0.0;
    std::string device;
    int vocabSize = 0;  // of vocab.json, "<pad>" included
    long trainPairs = 0;
    std::vector<MtEpochReport> epochs;
    std::string modelDir;  // the exported folder (== options.outDir)
};

// Return false from onProgress to stop after the current step (a checkpoint is written).
using MtProgressCallback = std::function<bool(const MtProgress&)>;
using MtEpochCallback = std::function<void(const MtEpochReport&)>;

// Throws ModelFileError (unreadable file), InputError (mismatched line counts, no usable
// pairs, bad options), Error (SentencePiece training failed), DeviceError.
MtTrainingResult trainTranslation(const MtTrainingOptions& options, const MtProgressCallback& onProgress = {},
                                  const MtEpochCallback& onEpoch = {});

// Corpus BLEU-4 (0-100, Papineni et al., brevity penalty, no smoothing) over whitespace tokens.
double corpusBleu(const std::vector<std::string>& hypotheses, const std::vector<std::string>& references);

}  // namespace attnscope
