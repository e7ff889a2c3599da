// EncoderWorker: BERT loading and encoding on the model thread.
#include "encoder_worker.h"

#include <QLocale>
#include <cmath>

#include "model_paths.h"

#include "attnscope/errors.h"
#include "attnscope/model_registry.h"

#include <QDir>
#include <QFileInfo>

namespace {
const int kRegistered = [] {
    qRegisterMetaType<AnalysisPtr>("AnalysisPtr");
    qRegisterMetaType<InspectionPtr>("InspectionPtr");
    return 0;
}();
}  // namespace

EncoderWorker::EncoderWorker(QObject* parent) : ModelWorker(parent) { (void)kRegistered; }
EncoderWorker::~EncoderWorker() = default;

ModelInfo EncoderWorker::loadFamily(const std::string& dir, attnscope::DeviceChoice device, const Progress& progress) {
    attnscope::EncoderOptions options;
    options.device = device;
    auto encoder = attnscope::openModel(dir, attnscope::ModelFamily::Encoder, options, progress).encoder;
    encoder_ = std::move(encoder);  // the old model was kept until the new one loaded
    positions_ = std::make_shared<const attnscope::FloatMatrix>(encoder_->positionEmbeddings());
    ModelInfo info;
    info.device = QString::fromStdString(encoder_->device());
    info.layers = encoder_->config().numLayers;
    info.heads = encoder_->config().numHeads;
    info.maxTokens = static_cast<int>(encoder_->maxTokens());
    info.vocabSize = encoder_->config().vocabSize;
    info.hasMaskedLm = encoder_->hasMaskedLmHead();
    info.modelType = QString::fromStdString(encoder_->config().modelType);
    if (encoder_->tokenizer().maskId() >= 0) info.maskToken = QString::fromStdString(encoder_->tokenizer().maskToken());
    return info;
}

AnalysisPtr EncoderWorker::run(quint64 id, const QString& text, const attnscope::HeadAblation& ablation) {
    auto analysis = std::make_shared<Analysis>();
    analysis->requestId = id;
    analysis->text = text;
    analysis->modelName = modelName_;
    analysis->hasMaskedLm = encoder_->hasMaskedLmHead();
    analysis->maskToken = encoder_->tokenizer().maskId() >= 0 ? QString::fromStdString(encoder_->tokenizer().maskToken())
                                                               : QString();
    analysis->positionEmbeddings = positions_;
    analysis->result = encoder_->encode(text.toStdString(), 10, ablation);
    analysis->ablatedHeads = ablation.encoder;
    return analysis;
}

void EncoderWorker::encode(quint64 id, const QString& text, const QString& pairText, const QString& ablate) {
    runRequest(id, [&] {
        attnscope::HeadAblation ablation;
        ablation.encoder = attnscope::parseHeadList(ablate.toStdString());
        auto analysis = run(id, text, ablation);
        AnalysisPtr pair;
        if (!pairText.isEmpty() && !superseded(id)) pair = run(id, pairText, ablation);
        Q_EMIT analysisReady(id, analysis, pair);
    });
}

void EncoderWorker::predictMasked(quint64 id, const QString& text, const QString& modelDir, const QString& device) {
    if (superseded(id)) return;  // a newer keystroke is queued: its own request follows
    const QString dir = QDir::cleanPath(modelDir);
    try {
        const QString key = dir + QLatin1Char('|') + device;
        if (!maskedLm_ || key != maskedLmKey_) {
            attnscope::EncoderOptions options;
            options.device = attnscope::parseDeviceChoice(device.toStdString());
            auto encoder = attnscope::openModel(dir.toStdString(), attnscope::ModelFamily::Encoder, options).encoder;
            if (!encoder->hasMaskedLmHead())
                throw attnscope::InputError(
                    tr("%1 has no masked-LM head either.").arg(modelDisplayName(dir)).toStdString());
            maskedLm_ = std::move(encoder);
            maskedLmKey_ = key;
            maskedLmName_ = modelDisplayName(dir);
        }
        auto analysis = std::make_shared<Analysis>();
        analysis->requestId = id;
        analysis->text = text;
        analysis->modelName = maskedLmName_;
        analysis->hasMaskedLm = true;
        analysis->maskToken = QString::fromStdString(maskedLm_->tokenizer().maskToken());
        analysis->result = maskedLm_->encode(text.toStdString(), 10);
        Q_EMIT maskedReady(id, analysis);
    } catch (const std::exception& e) {
        Q_EMIT maskedFailed(id, QString::fromUtf8(e.what()));
    }
}

void EncoderWorker::inspect(quint64 id, const QString& text, int layer, int head, const QString& ablate) {
    if (superseded(id) || !encoder_) return;
    InspectionPtr result;
    try {
        attnscope::HeadAblation ablation;
        ablation.encoder = attnscope::parseHeadList(ablate.toStdString());
        result = std::make_shared<attnscope::HeadInspection>(encoder_->inspect(text.toStdString(), layer, head, ablation));
    } catch (const std::exception&) {
        // The main request shows the text's error; the lab shows nothing for it.
    }
    Q_EMIT inspected(id, layer, head, result);
}

std::pair<int, int> EncoderWorker::headGrid(attnscope::AttentionKind) const {
    return {encoder_->config().numLayers, encoder_->config().numHeads};
}

void EncoderWorker::prepareRanking(const QString& text) { rankBase_ = encoder_->encode(text.toStdString(), 10); }

HeadEffect EncoderWorker::headEffect(const QString& text, attnscope::AttentionKind, int layer, int head) {
    attnscope::HeadAblation ablation;
    ablation.encoder = {{layer, head}};
    const auto r = encoder_->encode(text.toStdString(), 10, ablation);
    HeadEffect e;
    e.layer = layer;
    e.head = head;
    if (!rankBase_.maskPredictions.empty() && !r.maskPredictions.empty()) {
        const auto& before = rankBase_.maskPredictions.front().top.front();
        const auto& after = r.maskPredictions.front().top;
        float p = 0.f;  // the old top-1's probability now (0 when it left the top 10)
        for (const auto& c : after)
            if (c.id == before.id) p = c.probability;
        const bool changed = after.front().id != before.id;
        e.effect = (before.probability - p) + (changed ? 1.0 : 0.0);
        e.change = changed ? tr("[MASK]: “%1” → “%2”").arg(QString::fromStdString(before.token), QString::fromStdString(after.front().token))
                           : tr("“%1”: %2 % → %3 %").arg(QString::fromStdString(before.token))
                                 .arg(QLocale().toString(100.0 * before.probability, 'f', 1))
                                 .arg(QLocale().toString(100.0 * p, 'f', 1));
        return e;
    }
    // No [MASK]: how much the last layer's output moves (relative L2 change).
    const auto& a = rankBase_.hiddenStates.values;
    const auto& b = r.hiddenStates.values;
    const std::size_t last = static_cast<std::size_t>(rankBase_.hiddenStates.layers - 1) * rankBase_.hiddenStates.tokens *
                             rankBase_.hiddenStates.dims;
    double diff = 0, norm = 0;
    for (std::size_t i = last; i < a.size() && i < b.size(); ++i) {
        diff += double(a[i] - b[i]) * (a[i] - b[i]);
        norm += double(a[i]) * a[i];
    }
    e.effect = norm > 0 ? std::sqrt(diff / norm) : 0.0;
    e.change = tr("last layer's output changes by %1 %").arg(QLocale().toString(100.0 * e.effect, 'f', 1));
    return e;
}
