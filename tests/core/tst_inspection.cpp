// The attention lab's numbers (#12) against Hugging Face: for every layer and head of the tiny
// BERT, MiniLM and the tiny Marian (encoder self, decoder self, cross), inspect() returns the
// query/key/value projections, the heads' outputs, the output projection and the weights that
// HF's eager forward computes (captured with forward hooks by tests/data/make_inspection_fixtures.py),
// within 1e-5; the weights are the ones the ordinary forward pass exports. Head ablation equals
// HF's head_mask / decoder_head_mask / cross_attn_head_mask: attentions, MLM logits, hidden
// states, teacher-forced logits and greedy generate() ids.
#include "attnscope/bert_encoder.h"
#include "attnscope/errors.h"
#include "attnscope/inspection.h"
#include "attnscope/marian_translator.h"
#include "attnscope/safetensors_file.h"
#include "test_support.h"

#include <QtTest>

#include <cmath>
#include <filesystem>

using namespace attnscope;
using namespace testsupport;

namespace {

constexpr float kTolerance = 1e-5f;

struct Golden {
    SafetensorsFile file{dataPath("inspection_golden.safetensors")};
    nlohmann::json cases = readJson(dataPath("inspection_golden.json"))["cases"];

    // Tensor name as a 2-D [rows, cols] matrix (leading dims flattened into rows).
    FloatMatrix matrix(const std::string& name) const {
        std::vector<std::int64_t> shape;
        FloatMatrix m;
        m.values = goldenFloats(file, name, &shape);
        m.cols = static_cast<int>(shape.back());
        m.rows = static_cast<int>(m.values.size() / static_cast<std::size_t>(m.cols));
        return m;
    }
    bool has(const std::string& name) const { return file.find(name) != nullptr; }
};

// Columns [from, from + count) of m.
FloatMatrix columns(const FloatMatrix& m, int from, int count) {
    FloatMatrix r;
    r.rows = m.rows;
    r.cols = count;
    for (int i = 0; i < m.rows; ++i)
        for (int j = 0; j < count; ++j) r.values.push_back(m.at(i, from + j));
    return r;
}

// Matrix [rows, cols] of a [L, H, T, S] golden attention tensor.
FloatMatrix attentionOf(const Golden& g, const std::string& name, int layer, int head) {
    std::vector<std::int64_t> shape;
    const auto all = goldenFloats(g.file, name, &shape);
    FloatMatrix m;
    m.rows = static_cast<int>(shape[2]);
    m.cols = static_cast<int>(shape[3]);
    const std::size_t size = static_cast<std::size_t>(m.rows) * m.cols;
    const std::size_t at = (static_cast<std::size_t>(layer) * shape[1] + head) * size;
    m.values.assign(all.begin() + static_cast<std::ptrdiff_t>(at), all.begin() + static_cast<std::ptrdiff_t>(at + size));
    return m;
}

// Empty when a equals b within tolerance (relative to b's magnitude above 1), else what differs.
QString compare(const FloatMatrix& a, const FloatMatrix& b, const QString& what, float tolerance = kTolerance) {
    if (a.rows != b.rows || a.cols != b.cols)
        return QString("%1: shape [%2, %3] vs [%4, %5]").arg(what).arg(a.rows).arg(a.cols).arg(b.rows).arg(b.cols);
    float worst = 0.f;
    for (std::size_t i = 0; i < a.values.size(); ++i) {
        const float d = std::fabs(a.values[i] - b.values[i]) / std::max(1.f, std::fabs(b.values[i]));
        if (!(d <= worst)) worst = d;  // NaN-safe
    }
    return worst <= tolerance ? QString() : QString("%1: max difference %2").arg(what).arg(worst);
}

FloatMatrix product(const FloatMatrix& a, const FloatMatrix& b) {  // a · bᵀ, in double
    FloatMatrix r;
    r.rows = a.rows;
    r.cols = b.rows;
    for (int i = 0; i < a.rows; ++i)
        for (int j = 0; j < b.rows; ++j) {
            double s = 0;
            for (int k = 0; k < a.cols; ++k) s += double(a.at(i, k)) * b.at(j, k);
            r.values.push_back(static_cast<float>(s));
        }
    return r;
}

FloatMatrix scaled(FloatMatrix m, double scale) {
    for (float& v : m.values) v = static_cast<float>(v * scale);
    return m;
}

FloatMatrix stackMatrix(const AttentionStack& s, int layer, int head) {
    FloatMatrix m;
    m.rows = s.queries;
    m.cols = s.keys;
    m.values.assign(s.matrix(layer, head), s.matrix(layer, head) + static_cast<std::size_t>(s.queries) * s.keys);
    return m;
}

std::set<std::pair<int, int>> headsOf(const nlohmann::json& list) {
    std::set<std::pair<int, int>> heads;
    for (const auto& p : list) heads.emplace(p[0].get<int>(), p[1].get<int>());
    return heads;
}

#define CHECK(expr)                                                   \
    do {                                                              \
        const QString problem_ = (expr);                              \
        QVERIFY2(problem_.isEmpty(), qPrintable(label + problem_));   \
    } while (0)

}  // namespace

class TestInspection : public QObject {
    Q_OBJECT
    Golden golden_;

    // One head of one layer of a BERT case against the hooks.
    void checkBertHead(const BertEncoder& encoder, const nlohmann::json& c, const EncodeResult& plain, int layer, int head) {
        const std::string name = c["name"];
        const QString label = QString("%1 layer %2 head %3: ").arg(QString::fromStdString(name)).arg(layer).arg(head);
        const auto r = encoder.inspect(c["text"], layer, head);
        const int d = r.headDim;
        QCOMPARE(d, encoder.config().hiddenSize / encoder.config().numHeads);
        QCOMPARE(static_cast<int>(r.queryTokens.size()), static_cast<int>(c["ids"].size()));
        for (std::size_t i = 0; i < r.queryTokens.size(); ++i) QCOMPARE(r.queryTokens[i].id, c["ids"][i].get<int>());
        const std::string p = name + ".enc." + std::to_string(layer);
        CHECK(compare(r.input, golden_.matrix(p + ".input"), "input"));
        CHECK(compare(r.keyInput, golden_.matrix(p + ".input"), "key input"));
        CHECK(compare(r.query, columns(golden_.matrix(p + ".q"), head * d, d), "query"));
        CHECK(compare(r.key, columns(golden_.matrix(p + ".k"), head * d, d), "key"));
        CHECK(compare(r.value, columns(golden_.matrix(p + ".v"), head * d, d), "value"));
        QCOMPARE(r.scale, 1.0 / std::sqrt(double(d)));
        // The scaled scores, as they enter the softmax (MiniLM's raw q·k reach the hundreds).
        CHECK(compare(scaled(r.scores, r.scale),
                      scaled(product(columns(golden_.matrix(p + ".q"), head * d, d), columns(golden_.matrix(p + ".k"), head * d, d)), r.scale),
                      "scaled scores"));
        CHECK(compare(r.weights, attentionOf(golden_, name + ".enc.attentions", layer, head), "weights"));
        CHECK(compare(r.headOutput, columns(golden_.matrix(p + ".context"), head * d, d), "head output"));
        CHECK(compare(r.layerOutput, golden_.matrix(p + ".out"), "layer output"));
        for (float m : r.masked.values) QCOMPARE(m, 0.f);  // an encoder hides nothing
        // The same numbers as the ordinary forward pass.
        CHECK(compare(r.weights, stackMatrix(plain.attentions, layer, head), "weights vs encode()", 1e-7f));
        if (layer == 0) {
            CHECK(compare(r.wordEmbeddings, golden_.matrix(name + ".embeddings.word"), "word embeddings"));
            CHECK(compare(r.positionEmbeddings, golden_.matrix(name + ".embeddings.position"), "position embeddings"));
            CHECK(compare(r.tokenTypeEmbeddings, golden_.matrix(name + ".embeddings.token_type"), "token type embeddings"));
        } else {
            QCOMPARE(r.wordEmbeddings.rows, 0);
        }
    }

    void checkBertAblation(const BertEncoder& encoder, const nlohmann::json& c, const EncodeResult& plain) {
        const std::string name = c["name"];
        const QString label = QString("%1 ablated: ").arg(QString::fromStdString(name));
        HeadAblation ablation;
        ablation.encoder = headsOf(c["ablate"]["encoder"]);
        const auto r = encoder.encode(c["text"], 5, ablation);
        bool changed = false;
        for (int l = 0; l < r.attentions.layers; ++l)
            for (int h = 0; h < r.attentions.heads; ++h) {
                CHECK(compare(stackMatrix(r.attentions, l, h), attentionOf(golden_, name + ".ablated.enc.attentions", l, h),
                              QString("attention %1:%2").arg(l).arg(h)));
                const bool off = ablation.encoder.count({l, h}) > 0;
                for (float w : stackMatrix(r.attentions, l, h).values)
                    if (off) QCOMPARE(w, 0.f);
                if (compare(stackMatrix(r.attentions, l, h), stackMatrix(plain.attentions, l, h), {}).size()) changed = true;
            }
        QVERIFY2(changed, "switching heads off changed no attention");
        if (golden_.has(name + ".ablated.logits")) {  // the masked-word head sees the ablated model
            const auto logits = golden_.matrix(name + ".ablated.logits");
            QVERIFY(!r.maskPredictions.empty() || c["text"].get<std::string>().find("[MASK]") == std::string::npos);
            for (const auto& prediction : r.maskPredictions)
                for (const auto& candidate : prediction.top) {
                    const float expected = logits.at(static_cast<int>(prediction.tokenIndex), candidate.id);
                    QVERIFY2(std::fabs(candidate.logit - expected) <= kTolerance * std::max(1.f, std::fabs(expected)),
                             qPrintable(label + QString("logit %1 vs %2").arg(candidate.logit).arg(expected)));
                }
        }
        if (golden_.has(name + ".ablated.last_hidden")) {
            const auto expected = golden_.matrix(name + ".ablated.last_hidden");
            const int L = r.hiddenStates.layers - 1, T = r.hiddenStates.tokens, D = r.hiddenStates.dims;
            FloatMatrix last;
            last.rows = T;
            last.cols = D;
            last.values.assign(r.hiddenStates.values.begin() + static_cast<std::ptrdiff_t>(L) * T * D, r.hiddenStates.values.end());
            CHECK(compare(last, expected, "last hidden state"));
        }
        // The lab's inspection runs the same ablated pass.
        const auto [layer, head] = *ablation.encoder.begin();
        const auto inspected = encoder.inspect(c["text"], layer, head, ablation);
        QVERIFY(inspected.ablated);
        for (float w : inspected.weights.values) QCOMPARE(w, 0.f);
    }

private Q_SLOTS:
    void bertHeadsEqualHuggingFace() {
        for (const auto& c : golden_.cases) {
            const std::string model = c["model"];
            if (model != "tiny_bert" && model != "all-MiniLM-L6-v2") continue;
            const std::string dir = model == "tiny_bert" ? dataPath("tiny_bert") : std::string(ATTNSCOPE_MODELS_DIR) + "/" + model;
            if (!std::filesystem::exists(dir + "/config.json")) {
                qWarning("%s missing (scripts/setup fetches it): skipped", dir.c_str());
                continue;
            }
            const auto encoder = BertEncoder::load(dir, cpuOptions());
            const auto plain = encoder->encode(c["text"]);
            const int layers = encoder->config().numLayers, heads = encoder->config().numHeads;
            for (int l = 0; l < layers; ++l)
                for (int h = 0; h < heads; ++h)
                    if (model == "tiny_bert" || (h % 5 == 0 && (l == 0 || l == 3 || l == layers - 1)))
                        checkBertHead(*encoder, c, plain, l, h);
            checkBertAblation(*encoder, c, plain);
        }
    }

    void marianHeadsEqualHuggingFace() {
        const auto translator = MarianTranslator::load(dataPath("tiny_marian"), cpuOptions());
        const auto& config = translator->config();
        for (const auto& c : golden_.cases) {
            if (c["model"] != "tiny_marian") continue;
            const std::string name = c["name"];
            const auto source = c["source"].get<std::vector<int>>(), target = c["target"].get<std::vector<int>>();
            for (AttentionKind kind : {AttentionKind::Encoder, AttentionKind::Decoder, AttentionKind::Cross}) {
                const std::string k = kind == AttentionKind::Encoder ? "enc" : kind == AttentionKind::Decoder ? "dec" : "cross";
                const int layers = kind == AttentionKind::Encoder ? config.encoderLayers : config.decoderLayers;
                const int heads = kind == AttentionKind::Encoder ? config.encoderHeads : config.decoderHeads;
                for (int l = 0; l < layers; ++l)
                    for (int h = 0; h < heads; ++h) {
                        const QString label = QString("%1 %2 layer %3 head %4: ").arg(QString::fromStdString(name), QString::fromStdString(k)).arg(l).arg(h);
                        const auto r = translator->inspect(source, target, kind, l, h);
                        const int d = r.headDim;
                        const std::string p = name + "." + k + "." + std::to_string(l);
                        CHECK(compare(r.input, golden_.matrix(p + ".input"), "input"));
                        CHECK(compare(r.query, columns(golden_.matrix(p + ".q"), h * d, d), "query"));
                        CHECK(compare(r.key, columns(golden_.matrix(p + ".k"), h * d, d), "key"));
                        CHECK(compare(r.value, columns(golden_.matrix(p + ".v"), h * d, d), "value"));
                        CHECK(compare(scaled(r.scores, r.scale),
                                      scaled(product(columns(golden_.matrix(p + ".q"), h * d, d), columns(golden_.matrix(p + ".k"), h * d, d)), r.scale),
                                      "scaled scores"));
                        CHECK(compare(r.weights, attentionOf(golden_, name + "." + k + ".attentions", l, h), "weights"));
                        CHECK(compare(r.headOutput, columns(golden_.matrix(p + ".context"), h * d, d), "head output"));
                        CHECK(compare(r.layerOutput, golden_.matrix(p + ".out"), "layer output"));
                        const int T = r.weights.rows, S = r.weights.cols;
                        QCOMPARE(T, kind == AttentionKind::Encoder ? int(source.size()) : int(target.size()));
                        QCOMPARE(S, kind == AttentionKind::Decoder ? int(target.size()) : int(source.size()));
                        for (int t = 0; t < T; ++t)
                            for (int s = 0; s < S; ++s) {
                                const bool hidden = kind == AttentionKind::Decoder && s > t;  // the future
                                QCOMPARE(r.masked.at(t, s), hidden ? 1.f : 0.f);
                                if (hidden) QCOMPARE(r.weights.at(t, s), 0.f);
                            }
                        if (l == 0 && kind != AttentionKind::Cross) {
                            QCOMPARE(r.wordEmbeddings.rows, T);
                            QCOMPARE(r.embedScale, config.scaleEmbedding ? std::sqrt(double(config.dModel)) : 1.0);
                            // input = word * scale + position
                            float worst = 0.f;
                            for (std::size_t i = 0; i < r.input.values.size(); ++i)
                                worst = std::max(worst, std::fabs(float(r.wordEmbeddings.values[i] * r.embedScale) +
                                                                  r.positionEmbeddings.values[i] - r.input.values[i]));
                            QVERIFY2(worst < 1e-5f, qPrintable(label + QString::number(worst)));
                        }
                    }
            }
            // Ablation: teacher-forced logits and attentions, and greedy generate() ids.
            HeadAblation ablation;
            ablation.encoder = headsOf(c["ablate"].value("encoder", nlohmann::json::array()));
            ablation.decoder = headsOf(c["ablate"].value("decoder", nlohmann::json::array()));
            ablation.cross = headsOf(c["ablate"].value("cross", nlohmann::json::array()));
            const QString label = QString::fromStdString(name) + " ablated: ";
            const auto forced = translator->teacherForced(source, target, DecoderPass::Full, ablation);
            FloatMatrix logits;
            logits.rows = forced.targetLength;
            logits.cols = forced.vocabSize;
            logits.values = forced.logits;
            CHECK(compare(logits, golden_.matrix(name + ".ablated.logits"), "logits"));
            for (const auto& [k, stack] : {std::pair<std::string, const AttentionStack*>{"enc", &forced.encoderAttentions},
                                           {"dec", &forced.decoderAttentions}, {"cross", &forced.crossAttentions}})
                for (int l = 0; l < stack->layers; ++l)
                    for (int h = 0; h < stack->heads; ++h)
                        CHECK(compare(stackMatrix(*stack, l, h), attentionOf(golden_, name + ".ablated." + k + ".attentions", l, h),
                                      QString::fromStdString(k) + QString(" attention %1:%2").arg(l).arg(h)));
            const auto incremental = translator->teacherForced(source, target, DecoderPass::Incremental, ablation);
            for (std::size_t i = 0; i < forced.logits.size(); ++i)
                QVERIFY(std::fabs(forced.logits[i] - incremental.logits[i]) < 1e-4f);
            QCOMPARE(translator->greedy(source, 20), c["greedy"].get<std::vector<int>>());
            QCOMPARE(translator->greedy(source, 20, {}, ablation), c["ablated_greedy"].get<std::vector<int>>());
            QVERIFY(c["greedy"] != c["ablated_greedy"]);  // the fixture's masks change the output
            const auto beam = translator->beamSearch(source, 2, 1.0, 20, false, {}, ablation);
            QVERIFY(!beam.best().empty());
        }
    }

    void headListsAndErrors() {
        QCOMPARE(parseHeadList("2:1,0:3"), (std::set<std::pair<int, int>>{{0, 3}, {2, 1}}));
        QCOMPARE(headListString({{0, 3}, {2, 1}}), std::string("0:3,2:1"));
        for (const char* bad : {"2", "a:b", "1:", ":1", "1:2:3", "-1:2", "99999999999:1"})
            QVERIFY_EXCEPTION_THROWN(parseHeadList(bad), InputError);
        const auto encoder = BertEncoder::load(dataPath("tiny_bert"), cpuOptions());
        HeadAblation ablation;
        ablation.encoder = {{2, 0}};  // tiny BERT has layers 0-1
        const QString problem = expectError<InputError>([&] { encoder->encode("the cat", 5, ablation); }, {"2:0", "layers 0-1"});
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QVERIFY_EXCEPTION_THROWN(encoder->inspect("the cat", 0, 4), InputError);
        QVERIFY_EXCEPTION_THROWN(encoder->inspect("", 0, 0), InputError);
        const auto translator = MarianTranslator::load(dataPath("tiny_marian"), cpuOptions());
        QVERIFY_EXCEPTION_THROWN(translator->inspect({5, 0}, {95}, AttentionKind::Cross, 9, 0), InputError);
        QCOMPARE(parseAttentionKind("cross"), AttentionKind::Cross);
        QVERIFY_EXCEPTION_THROWN(parseAttentionKind("self"), InputError);
    }
};

QTEST_MAIN(TestInspection)
#include "tst_inspection.moc"
