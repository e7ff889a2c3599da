// GenerationWorker: GPT-2 loading and streaming generation on the model thread.
#include "generation_worker.h"

#include "attnscope/errors.h"
#include "attnscope/gpt2.h"
#include "attnscope/model_registry.h"

#include <algorithm>

namespace {
const int kRegistered = [] {
    qRegisterMetaType<GenerationPtr>("GenerationPtr");
    qRegisterMetaType<InspectionPtr>("InspectionPtr");
    return 0;
}();
}  // namespace

GenerationWorker::GenerationWorker(QObject* parent) : ModelWorker(parent) { (void)kRegistered; }
GenerationWorker::~GenerationWorker() = default;

QString GenerationWorker::noModelMessage() const { return tr("No text-generation model is loaded yet."); }

ModelInfo GenerationWorker::loadFamily(const std::string& dir, attnscope::DeviceChoice device, const Progress& progress) {
    attnscope::LoadOptions options;
    options.device = device;
    generator_ = attnscope::openModel(dir, attnscope::ModelFamily::Generator, options, progress).generator;
    const auto& c = generator_->config();
    ModelInfo info;
    info.device = QString::fromStdString(generator_->device());
    info.layers = c.numLayers;
    info.heads = c.numHeads;
    info.maxTokens = c.maxPositions;
    info.vocabSize = c.vocabSize;
    info.modelType = QStringLiteral("gpt2");
    return info;
}

void GenerationWorker::generate(quint64 id, const QString& prompt, int beams, int maxNewTokens, const QString& ablate) {
    runRequest(id, [&] {
        attnscope::GenerateOptions options;
        options.beams = std::max(1, beams);
        options.maxNewTokens = std::max(1, maxNewTokens);
        options.ablation.decoder = attnscope::parseHeadList(ablate.toStdString());
        Generation header;
        header.requestId = id;
        header.prompt = prompt;
        header.modelName = modelName_;
        header.beams = options.beams;
        header.complete = false;
        header.ablation = options.ablation;
        const std::string text = prompt.toStdString();
        const auto promptTokens = generator_->tokenizer().tokenize(text);
        auto result = generator_->generate(text, options, [&](const attnscope::GenerationStep& step) {
            if (superseded(id)) return false;  // a newer request is queued: stop
            // The best hypothesis so far, whole (beam search may switch beams).
            auto partial = std::make_shared<Generation>(header);
            partial->result.prompt = text;
            partial->result.promptTokens = promptTokens.size();
            partial->result.tokens = promptTokens;
            const std::vector<int> generated(step.sequence.begin() + static_cast<std::ptrdiff_t>(promptTokens.size()),
                                             step.sequence.end());
            for (int tokenId : generated) {
                attnscope::Token t;
                t.id = tokenId;
                t.piece = generator_->tokenizer().idToToken(tokenId);
                t.special = tokenId == generator_->config().eosTokenId;
                partial->result.tokens.push_back(std::move(t));
            }
            partial->result.continuation = generator_->tokenizer().decode(generated);
            partial->result.text = text + partial->result.continuation;
            Q_EMIT stepReady(id, partial);
            return true;
        });
        auto done = std::make_shared<Generation>(header);
        done->complete = true;
        done->result = std::move(result);
        Q_EMIT generationReady(id, done);
    });
}

void GenerationWorker::inspect(quint64 id, const QList<int>& ids, int layer, int head, const QString& ablate) {
    if (superseded(id) || !generator_) return;
    InspectionPtr result;
    try {
        attnscope::HeadAblation ablation;
        ablation.decoder = attnscope::parseHeadList(ablate.toStdString());
        result = std::make_shared<attnscope::HeadInspection>(
            generator_->inspect(std::vector<int>(ids.begin(), ids.end()), layer, head, ablation));
    } catch (const std::exception&) {
        // The generation request shows the error; the lab shows nothing for it.
    }
    Q_EMIT inspected(id, layer, head, result);
}

std::pair<int, int> GenerationWorker::headGrid(attnscope::AttentionKind) const {
    return {generator_->config().numLayers, generator_->config().numHeads};
}

void GenerationWorker::prepareRanking(const QString& text) {
    attnscope::GenerateOptions options;
    options.maxNewTokens = rankNewTokens_;
    rankBase_ = generator_->generate(text.toStdString(), options);
}

HeadEffect GenerationWorker::headEffect(const QString& text, attnscope::AttentionKind, int layer, int head) {
    attnscope::GenerateOptions options;
    options.maxNewTokens = rankNewTokens_;
    options.ablation.decoder = {{layer, head}};
    const auto r = generator_->generate(text.toStdString(), options);
    const auto skip = static_cast<std::ptrdiff_t>(rankBase_.promptTokens);
    const std::vector<int> a(rankBase_.nbest.front().ids.begin() + skip, rankBase_.nbest.front().ids.end());
    const std::vector<int> b(r.nbest.front().ids.begin() + skip, r.nbest.front().ids.end());
    HeadEffect e;
    e.layer = layer;
    e.head = head;
    // Token edit distance between the two continuations, as a share of the longer one.
    e.effect = static_cast<double>(tokenEditDistance(a, b)) /
               static_cast<double>(std::max<std::size_t>(1, std::max(a.size(), b.size())));
    if (e.effect > 0) e.change = QStringLiteral("“%1”").arg(QString::fromStdString(r.continuation).trimmed());
    return e;
}
