// TranslationWorker: Marian loading and streaming translation on the model thread.
#include "translation_worker.h"

#include "attnscope/errors.h"
#include "attnscope/model_registry.h"
#include "attnscope/marian_text.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <QLocale>

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
        // The lab's head over the steps so far, when it watches: timed so that inspecting costs at
        // most a third of the time (skipped steps keep the previous inspection on screen).
        using Clock = std::chrono::steady_clock;
        Clock::time_point nextInspection = Clock::now();
        const int decoderStart = translator_->translator().config().decoderStartTokenId;
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
            LabWatch watch;
            {
                const std::lock_guard<std::mutex> lock(labWatchMutex_);
                watch = labWatch_;
            }
            if (watch.on && !step.tokens.empty() && Clock::now() >= nextInspection) {
                const auto started = Clock::now();
                std::vector<int> decoderInput{decoderStart};
                for (std::size_t t = 0; t + 1 < step.tokens.size(); ++t) decoderInput.push_back(step.tokens[t].id);
                try {
                    partial->inspection = std::make_shared<attnscope::HeadInspection>(translator_->inspectIds(
                        header.text.toStdString(), static_cast<attnscope::AttentionKind>(watch.kind), watch.layer,
                        watch.head, decoderInput, options.ablation));
                    partial->inspectionKind = watch.kind;
                    partial->inspectionLayer = watch.layer;
                    partial->inspectionHead = watch.head;
                } catch (const std::exception&) {
                    // A layer or head the model lacks (the watch is about to change): no inspection.
                }
                const auto now = Clock::now();
                nextInspection = now + 2 * (now - started);
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

void TranslationWorker::setLabWatch(bool on, int kind, int layer, int head) {
    const std::lock_guard<std::mutex> lock(labWatchMutex_);
    labWatch_ = {on, kind, layer, head};
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

std::pair<int, int> TranslationWorker::headGrid(attnscope::AttentionKind kind) const {
    const auto& c = translator_->translator().config();
    return kind == attnscope::AttentionKind::Encoder ? std::pair{c.encoderLayers, c.encoderHeads}
                                                     : std::pair{c.decoderLayers, c.decoderHeads};
}

void TranslationWorker::prepareRanking(const QString& text) {
    rankBase_ = translator_->translate(text.toStdString(), attnscope::TranslateOptions::interactive(1));
    rankBaseLogProbability_.reset();
}

HeadEffect TranslationWorker::headEffect(const QString& text, attnscope::AttentionKind kind, int layer, int head) {
    auto options = attnscope::TranslateOptions::interactive(1);
    options.ablation.of(kind) = {{layer, head}};
    const auto r = translator_->translate(text.toStdString(), options);
    const auto& a = rankBase_.nbest.front().ids;
    const auto& b = r.nbest.front().ids;
    // How much less likely the original translation becomes without the head: its mean
    // log-probability per token, teacher-forced through the ablated model (nats).
    std::vector<int> sourceIds;
    for (const auto& t : rankBase_.sourceTokens) sourceIds.push_back(t.id);
    const std::vector<int> input(a.begin(), a.end() - 1);
    const auto mean = [&](const attnscope::HeadAblation& off) {
        const auto forced = translator_->translator().teacherForced(sourceIds, input, attnscope::DecoderPass::Full, off);
        double sum = 0;
        for (int t = 0; t < forced.targetLength; ++t) {
            const float* logits = forced.logits.data() + static_cast<std::size_t>(t) * forced.vocabSize;
            const float top = *std::max_element(logits, logits + forced.vocabSize);
            double z = 0;
            for (int v = 0; v < forced.vocabSize; ++v) z += std::exp(double(logits[v]) - top);
            sum += double(logits[a[static_cast<std::size_t>(t) + 1]]) - top - std::log(z);
        }
        return sum / std::max(1, forced.targetLength);
    };
    if (!rankBaseLogProbability_) rankBaseLogProbability_ = mean({});
    const double drop = *rankBaseLogProbability_ - mean(options.ablation);
    HeadEffect e;
    e.layer = layer;
    e.head = head;
    const double share = static_cast<double>(tokenEditDistance(a, b)) / static_cast<double>(std::max(a.size(), b.size()));
    e.effect = share + drop;
    e.change = (r.translation != rankBase_.translation ? QString::fromStdString(r.translation) + QStringLiteral("   ") : QString()) +
               tr("%1 % of tokens change · log-probability %2 per token")
                   .arg(QLocale().toString(100.0 * share, 'f', 0))
                   .arg(QLocale().toString(-drop, 'f', 3));
    return e;
}
