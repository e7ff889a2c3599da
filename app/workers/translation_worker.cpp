// TranslationWorker: Marian loading and streaming translation on the model thread.
#include "translation_worker.h"

#include "attnscope/errors.h"
#include "attnscope/marian_text.h"

#include <algorithm>

namespace {
const int kRegistered = [] {
    qRegisterMetaType<TranslationPtr>("TranslationPtr");
    return 0;
}();
// Appends one streamed step (greedy) to the partial result: its token and its
// cross-attention row, so the partial holds rows [0, t] of crossAttentions.
void appendStep(attnscope::TextTranslation& r, const attnscope::TranslationStep& step) {
    auto& a = r.crossAttentions;
    const auto& row = step.crossAttention;
    if (a.queries == 0) {
        a.layers = row.layers;
        a.heads = row.heads;
        a.keys = row.keys;
    }
    std::vector<float> grown(static_cast<std::size_t>(a.layers) * a.heads * (a.queries + 1) * a.keys);
    for (int l = 0; l < a.layers; ++l)
        for (int h = 0; h < a.heads; ++h) {
            float* out = grown.data() + (static_cast<std::size_t>(l) * a.heads + h) * (a.queries + 1) * a.keys;
            if (a.queries > 0) std::copy(a.matrix(l, h), a.matrix(l, h) + a.queries * a.keys, out);
            std::copy(row.matrix(l, h), row.matrix(l, h) + a.keys, out + static_cast<std::size_t>(a.queries) * a.keys);
        }
    a.values = std::move(grown);
    ++a.queries;
    r.targetTokens.push_back(step.token);
    r.translation = step.partial;
}
}  // namespace

TranslationWorker::TranslationWorker(QObject* parent) : ModelWorker(parent) { (void)kRegistered; }
TranslationWorker::~TranslationWorker() = default;

QString TranslationWorker::noModelMessage() const { return tr("No translation model is loaded yet."); }

ModelInfo TranslationWorker::loadFamily(const std::string& dir, attnscope::DeviceChoice device,
                                        const Progress& progress) {
    attnscope::TranslatorOptions options;
    options.device = device;
    auto translator = attnscope::TextTranslator::load(dir, options, progress);
    translator_ = std::move(translator);  // the old model was kept until the new one loaded
    const auto& c = translator_->translator().config();
    ModelInfo info;
    info.device = QString::fromStdString(translator_->translator().device());
    info.layers = c.encoderLayers;
    info.decoderLayers = c.decoderLayers;
    info.heads = c.decoderHeads;
    info.maxTokens = c.maxPositions;
    info.vocabSize = c.vocabSize;
    return info;
}

void TranslationWorker::translate(quint64 id, const QString& text, int beams) {
    runRequest(id, [&] {
        attnscope::TranslateOptions options;
        options.beams = std::max(1, beams);
        // Cap the output at twice the source length plus slack (and the model's limit), so a
        // degenerate repetition cannot run to 512 tokens while the user waits.
        const std::string utf8 = text.toStdString();
        const auto sourceLength = static_cast<int>(translator_->tokenizer().encode(utf8).size());
        const int maxPositions = translator_->translator().config().maxPositions;
        options.maxNewTokens = std::clamp(2 * sourceLength + 10, 1, maxPositions - 1);

        Translation header;  // what the partials and the result share
        header.requestId = id;
        header.text = text;
        header.modelName = modelName_;
        header.beams = options.beams;
        header.complete = false;
        auto partial = std::make_shared<Translation>(header);
        auto result = translator_->translate(utf8, options, [&](const attnscope::TranslationStep& step) {
            if (superseded(id)) return false;  // a newer request is queued: stop decoding
            auto next = std::make_shared<Translation>(*partial);
            if (options.beams == 1) {
                appendStep(next->result, step);
            } else {
                // The best beam so far, whole (it may differ from the previous step's).
                next->result.translation = step.partial;
                next->result.targetTokens = step.tokens;
                next->result.crossAttentions = step.crossAttentions;
                next->result.beamSteps.push_back(step.beams);
            }
            partial = next;
            Q_EMIT stepReady(id, partial);
            return true;
        });
        auto done = std::make_shared<Translation>(header);
        done->complete = true;
        done->result = std::move(result);
        Q_EMIT translationReady(id, done);
    });
}
