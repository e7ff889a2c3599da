// TranslationWorker: Marian model loading and streaming translation off the GUI thread.
#include "translation_worker.h"

#include "attnscope/errors.h"
#include "attnscope/marian_text.h"

#include <QDir>
#include <QFileInfo>

namespace {
const int kRegistered = [] {
    qRegisterMetaType<TranslationModelInfo>("TranslationModelInfo");
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

TranslationWorker::TranslationWorker(QObject* parent) : QObject(parent) { (void)kRegistered; }
TranslationWorker::~TranslationWorker() = default;

void TranslationWorker::loadModel(quint64 id, const QString& dir, const QString& device) {
    if (id < latestLoad_) return;
    cancelLoad_ = false;
    try {
        attnscope::TranslatorOptions options;
        options.device = attnscope::parseDeviceChoice(device.toStdString());
        auto translator = attnscope::TextTranslator::load(
            QDir::cleanPath(dir).toStdString(), options, [&](double fraction, const std::string& stage) {
                Q_EMIT loadProgress(id, fraction, QString::fromStdString(stage));
                return !cancelLoad_.load() && id >= latestLoad_.load();
            });
        translator_ = std::move(translator);  // the old model stays until the new one loaded
        modelName_ = QFileInfo(QDir::cleanPath(dir)).fileName();
        const auto& c = translator_->translator().config();
        TranslationModelInfo info;
        info.dir = dir;
        info.name = modelName_;
        info.device = QString::fromStdString(translator_->translator().device());
        info.encoderLayers = c.encoderLayers;
        info.decoderLayers = c.decoderLayers;
        info.heads = c.decoderHeads;
        info.maxTokens = c.maxPositions;
        info.vocabSize = c.vocabSize;
        Q_EMIT modelLoaded(id, info);
    } catch (const attnscope::CancelledError&) {
        Q_EMIT loadFailed(id, QString());
    } catch (const std::exception& e) {
        Q_EMIT loadFailed(id, QString::fromUtf8(e.what()));
    }
}

void TranslationWorker::translate(quint64 id, const QString& text, int beams) {
    if (id < latestTranslate_) return;  // a newer keystroke is already queued
    if (!translator_) {
        Q_EMIT translateFailed(id, tr("No translation model is loaded yet."));
        return;
    }
    // Cap the output at twice the source length plus slack (and the model's limit), so a
    // degenerate repetition cannot run to 512 tokens while the user waits.
    const auto options = attnscope::TranslateOptions::interactive(std::max(1, beams));
    try {
        const std::string utf8 = text.toStdString();
        Translation header;  // what the partials and the result share
        header.requestId = id;
        header.text = text;
        header.modelName = modelName_;
        header.beams = options.beams;
        header.complete = false;
        auto partial = std::make_shared<Translation>(header);
        auto result = translator_->translate(utf8, options, [&](const attnscope::TranslationStep& step) {
            if (id < latestTranslate_.load()) return false;  // superseded: stop decoding
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
    } catch (const attnscope::CancelledError&) {
        // superseded by a newer request: nothing to report
    } catch (const attnscope::InputError& e) {
        Q_EMIT translateFailed(id, QString::fromUtf8(e.what()));
    } catch (const std::exception& e) {
        Q_EMIT translateFailed(id, tr("The model failed on this text: %1").arg(QString::fromUtf8(e.what())));
    }
}
