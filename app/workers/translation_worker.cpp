// TranslationWorker: Marian loading and streaming translation on the model thread.
#include "translation_worker.h"

#include "attnscope/errors.h"
#include "attnscope/model_registry.h"
#include "attnscope/marian_text.h"

#include <algorithm>

namespace {
const int kRegistered = [] {
    qRegisterMetaType<TranslationPtr>("TranslationPtr");
    qRegisterMetaType<InspectionPtr>("InspectionPtr");
    return 0;
}();
}  // namespace

TranslationWorker::TranslationWorker(QObject* parent) : ModelWorker(parent) { (void)kRegistered; }
TranslationWorker::~TranslationWorker() = default;

QString TranslationWorker::noModelMessage() const { return tr("No translation model is loaded yet."); }

ModelInfo TranslationWorker::loadFamily(const std::string& dir, attnscope::DeviceChoice device,
                                        const Progress& progress) {
    attnscope::TranslatorOptions options;
    options.device = device;
    auto translator = attnscope::openModel(dir, attnscope::ModelFamily::Translator, options, progress).translator;
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

void TranslationWorker::translate(quint64 id, const QString& text, int beams, const QString& ablateEncoder,
                                  const QString& ablateDecoder, const QString& ablateCross) {
    runRequest(id, [&] {
        // Output capped at twice the source length plus slack (and the model's limit), so a
        // degenerate repetition cannot run to 512 tokens while the user waits.
        auto options = attnscope::TranslateOptions::interactive(std::max(1, beams));
        options.ablation.encoder = attnscope::parseHeadList(ablateEncoder.toStdString());
        options.ablation.decoder = attnscope::parseHeadList(ablateDecoder.toStdString());
        options.ablation.cross = attnscope::parseHeadList(ablateCross.toStdString());
        Translation header;  // what the partials and the result share
        header.requestId = id;
        header.text = text;
        header.modelName = modelName_;
        header.beams = options.beams;
        header.complete = false;
        header.ablation = options.ablation;
        std::vector<attnscope::BeamStepNodes> tree;  // beam search: the search tree so far
        auto result = translator_->translate(text.toStdString(), options, [&](const attnscope::TranslationStep& step) {
            if (superseded(id)) return false;  // a newer request is queued: stop decoding
            // The hypothesis so far, whole: greedy grows it by one token and row; beam search
            // may switch to another beam.
            auto partial = std::make_shared<Translation>(header);
            partial->result.text = header.text.toStdString();
            partial->result.sourceTokens = step.sourceTokens;  // the columns of the rows below
            partial->result.translation = step.partial;
            partial->result.targetTokens = step.tokens;
            partial->result.crossAttentions = step.crossAttentions;
            if (options.beams > 1) {
                tree.push_back(step.beams);
                partial->result.beamSteps = tree;
            }
            Q_EMIT stepReady(id, partial);
            return true;
        });
        auto done = std::make_shared<Translation>(header);
        done->complete = true;
        done->result = std::move(result);
        Q_EMIT translationReady(id, done);
    });
}

void TranslationWorker::inspect(quint64 id, const QString& text, int kind, int layer, int head,
                                const QList<int>& decoderInput, const QString& ablateEncoder,
                                const QString& ablateDecoder, const QString& ablateCross) {
    if (superseded(id) || !translator_) return;
    InspectionPtr result;
    try {
        attnscope::HeadAblation ablation;
        ablation.encoder = attnscope::parseHeadList(ablateEncoder.toStdString());
        ablation.decoder = attnscope::parseHeadList(ablateDecoder.toStdString());
        ablation.cross = attnscope::parseHeadList(ablateCross.toStdString());
        result = std::make_shared<attnscope::HeadInspection>(translator_->inspectIds(
            text.toStdString(), static_cast<attnscope::AttentionKind>(kind), layer, head,
            std::vector<int>(decoderInput.begin(), decoderInput.end()), ablation));
    } catch (const std::exception&) {
        // The translation request shows the text's error; the lab shows nothing for it.
    }
    Q_EMIT inspected(id, kind, layer, head, result);
}
