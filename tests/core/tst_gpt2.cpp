// GPT-2 (#16) against Hugging Face (tests/data/make_family_fixtures.py, a random
// GPT2LMHeadModel over the test BPE plus <|endoftext|>): prompt ids and offsets as
// GPT2TokenizerFast; greedy and beam (3) generate() ids and beam scores; the decoded text; every
// causal attention over prompt + continuation within 1e-5 and the logits within 1e-4; head_mask
// ablation; streaming; the registry's generator family; bad prompts.
#include "attnscope/errors.h"
#include "attnscope/gpt2.h"
#include "attnscope/model_registry.h"
#include "test_support.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace attnscope;
using namespace testsupport;

class TestGpt2 : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void matchesHuggingFace_data() {
        QTest::addColumn<int>("index");
        const auto golden = readJson(dataPath("families_golden.json"));
        for (std::size_t i = 0; i < golden["gpt2"].size(); ++i)
            QTest::newRow(golden["gpt2"][i]["text"].get<std::string>().c_str()) << int(i);
    }

    void matchesHuggingFace() {
        QFETCH(int, index);
        static const auto gpt2 = Gpt2Generator::load(dataPath("tiny_gpt2"), cpuOptions());
        static const auto golden = readJson(dataPath("families_golden.json"));
        static const SafetensorsFile tensors(dataPath("families_golden.safetensors"));
        const auto& c = golden["gpt2"][static_cast<std::size_t>(index)];
        const std::string prompt = c["text"].get<std::string>();
        const std::string name = "gpt2." + std::to_string(index);

        GenerateOptions options;
        options.maxNewTokens = 12;
        int steps = 0;
        bool inOrder = true;
        const auto r = gpt2->generate(prompt, options, [&](const GenerationStep& s) -> bool {
            inOrder = inOrder && s.index == steps;
            ++steps;
            return true;
        });
        QVERIFY(inOrder);
        QCOMPARE(r.nbest.front().ids, c["greedy"].get<std::vector<int>>());
        QCOMPARE(static_cast<std::size_t>(steps), r.nbest.front().ids.size() - r.promptTokens);
        QCOMPARE(r.text, c["greedy_text"].get<std::string>());
        const auto promptIds = c["prompt_ids"].get<std::vector<int>>();
        QCOMPARE(r.promptTokens, promptIds.size());
        const auto offsets = c["offsets"].get<std::vector<std::vector<std::size_t>>>();
        for (std::size_t i = 0; i < promptIds.size(); ++i) {
            QCOMPARE(r.tokens[i].id, promptIds[i]);
            QCOMPARE(r.tokens[i].charBegin, offsets[i][0]);
            QCOMPARE(r.tokens[i].charEnd, offsets[i][1]);
        }
        QCOMPARE(r.tokens.size(), r.nbest.front().ids.size());
        const float diff = maxAbsDiff(r.attentions.values, goldenFloats(tensors, name + ".attentions"));
        QVERIFY2(diff <= 1e-5f, qPrintable(QString("max |attention - HF| = %1").arg(diff)));
        // Causal: nothing above the diagonal.
        for (int l = 0; l < r.attentions.layers; ++l)
            for (int i = 0; i < r.attentions.queries; ++i)
                for (int j = i + 1; j < r.attentions.keys; ++j) QCOMPARE(r.attentions.at(l, 0, i, j), 0.f);
        std::vector<float> logits;
        gpt2->attentions(r.nbest.front().ids, {}, &logits);
        const float logitDiff = maxAbsDiff(logits, goldenFloats(tensors, name + ".logits"));
        QVERIFY2(logitDiff <= 1e-4f, qPrintable(QString("max |logit - HF| = %1").arg(logitDiff)));

        options.beams = 3;
        const auto beam = gpt2->generate(prompt, options);
        const auto wantBeams = c["beam"].get<std::vector<std::vector<int>>>();
        const auto wantScores = c["beam_scores"].get<std::vector<double>>();
        QCOMPARE(beam.nbest.size(), wantBeams.size());
        for (std::size_t b = 0; b < wantBeams.size(); ++b) {
            // HF pads shorter hypotheses with pad (= eos here) to the longest one.
            std::vector<int> ids = beam.nbest[b].ids;
            while (ids.size() < wantBeams[b].size()) ids.push_back(gpt2->config().eosTokenId);
            QCOMPARE(ids, wantBeams[b]);
            QVERIFY(std::fabs(beam.nbest[b].score - wantScores[b]) < 1e-4);
        }
        QVERIFY(!beam.beamSteps.empty());

        GenerateOptions off;
        off.maxNewTokens = 12;
        off.ablation.decoder = {{0, 1}, {1, 3}};
        const auto ablated = gpt2->generate(prompt, off);
        QCOMPARE(ablated.nbest.front().ids, c["ablated"].get<std::vector<int>>());
        const float ablatedDiff = maxAbsDiff(ablated.attentions.values, goldenFloats(tensors, name + ".ablated_attentions"));
        QVERIFY2(ablatedDiff <= 1e-5f, qPrintable(QString("max |ablated attention - HF| = %1").arg(ablatedDiff)));
    }

    // The attention lab's numbers: Q, K, V of every head equal HF's (a hook on c_attn), the
    // weights the forward pass exports, the future masked.
    void inspectionMatchesHuggingFace() {
        const auto gpt2 = Gpt2Generator::load(dataPath("tiny_gpt2"), cpuOptions());
        const SafetensorsFile tensors(dataPath("families_golden.safetensors"));
        const auto golden = readJson(dataPath("families_golden.json"));
        const auto& c = gpt2->config();
        const int D = c.hiddenSize, d = c.headDim();
        for (std::size_t s = 0; s < golden["gpt2"].size(); ++s) {
            const auto ids = golden["gpt2"][s]["greedy"].get<std::vector<int>>();
            const auto stack = gpt2->attentions(ids);
            const int T = static_cast<int>(ids.size());
            for (int layer = 0; layer < c.numLayers; ++layer) {
                const auto qkv = goldenFloats(tensors, "gpt2." + std::to_string(s) + ".qkv." + std::to_string(layer));
                for (int head = 0; head < c.numHeads; ++head) {
                    const auto r = gpt2->inspect(ids, layer, head);
                    QCOMPARE(r.kind, AttentionKind::Decoder);
                    for (int part = 0; part < 3; ++part) {
                        const FloatMatrix& got = part == 0 ? r.query : part == 1 ? r.key : r.value;
                        QCOMPARE(got.rows, T);
                        for (int t = 0; t < T; ++t)
                            for (int k = 0; k < d; ++k) {
                                const float w = qkv[static_cast<std::size_t>(t) * 3 * D + part * D + head * d + k];
                                QVERIFY(std::fabs(got.at(t, k) - w) <= 1e-5f);
                            }
                    }
                    for (int i = 0; i < T; ++i)
                        for (int j = 0; j < T; ++j) {
                            QCOMPARE(r.weights.at(i, j), stack.at(layer, head, i, j));
                            if (j > i) QCOMPARE(r.weights.at(i, j), 0.f);
                        }
                    QCOMPARE(r.queryTokens.size(), ids.size());
                }
            }
        }
        QVERIFY_THROWS_EXCEPTION(InputError, gpt2->inspect({1, 2}, 2, 0));
        QVERIFY_THROWS_EXCEPTION(InputError, gpt2->inspect({}, 0, 0));
    }

    // GPT-2's tokenizer conventions (no specials around the text, offsets keep the spaces) on
    // the 400+ hostile strings of the tokenizer tests, against GPT2TokenizerFast.
    void tokenizerMatchesHuggingFace() {
        const auto tok = ByteLevelBpeTokenizer::fromFolder(dataPath("tiny_gpt2"), /*addSpecials=*/false);
        const auto golden = readJson(dataPath("bpe/gpt2/golden.json"));
        QVERIFY(golden["cases"].size() >= 400);
        for (const auto& c : golden["cases"]) {
            const std::string text = c["text"].get<std::string>();
            const auto e = tok.encode(text, 100000);
            std::vector<int> ids;
            for (const auto& t : e.tokens) ids.push_back(t.id);
            if (ids != c["ids"].get<std::vector<int>>()) QFAIL(qPrintable(QString("ids differ for %1").arg(q(text))));
            const auto offsets = c["offsets"].get<std::vector<std::vector<std::size_t>>>();
            for (std::size_t i = 0; i < e.tokens.size(); ++i)
                if (e.tokens[i].charBegin != offsets[i][0] || e.tokens[i].charEnd != offsets[i][1])
                    QFAIL(qPrintable(QString("offsets of token %1 of %2: %3-%4, expected %5-%6")
                                         .arg(i).arg(q(text)).arg(e.tokens[i].charBegin).arg(e.tokens[i].charEnd)
                                         .arg(offsets[i][0]).arg(offsets[i][1])));
        }
    }

    void badInputIsRefused() {
        const auto gpt2 = Gpt2Generator::load(dataPath("tiny_gpt2"), cpuOptions());
        QVERIFY_THROWS_EXCEPTION(InputError, gpt2->generate(""));
        std::string longPrompt;
        for (int i = 0; i < 80; ++i) longPrompt += " cat";
        QVERIFY_THROWS_EXCEPTION(InputError, gpt2->generate(longPrompt));  // 80 tokens > 64 positions
        GenerateOptions bad;
        bad.beams = 0;
        QVERIFY_THROWS_EXCEPTION(InputError, gpt2->generate("x", bad));
        bad.beams = 1;
        bad.ablation.decoder = {{7, 0}};
        QVERIFY_THROWS_EXCEPTION(InputError, gpt2->generate("x", bad));
        // A prompt near the end of the positions: the continuation stops at the last one.
        std::string nearly;
        for (int i = 0; i < 60; ++i) nearly += " cat";
        GenerateOptions many;
        many.maxNewTokens = 50;
        const auto r = gpt2->generate(nearly, many);
        QVERIFY(r.nbest.front().ids.size() <= 64);
        // Cancelling from the callback.
        QVERIFY_THROWS_EXCEPTION(CancelledError, gpt2->generate("x", {}, [](const GenerationStep&) { return false; }));
        // Any bytes: invalid UTF-8 is read as U+FFFD.
        QVERIFY(gpt2->generate(std::string("\xff\xfe caf\xc3", 7)).tokens.size() >= 2);
    }

    // A config.json that asks for far more than the weights hold is refused from the weights'
    // header, before anything is allocated, naming the field that disagrees.
    void oversizedConfigIsRefused() {
        QTemporaryDir dir;
        copyFolder(dataPath("tiny_gpt2"), dir.path().toStdString());
        const std::string config = dir.filePath("config.json").toStdString();
        auto j = readJson(config);
        j["n_layer"] = 100000;
        writeText(config, j.dump());
        try {
            Gpt2Generator::load(dir.path().toStdString(), cpuOptions());
            QFAIL("a config of 100,000 layers loaded");
        } catch (const ModelFileError& e) {
            QVERIFY2(std::string(e.what()).find("n_layer 100000 where the weights have 2") != std::string::npos, e.what());
        }
    }

    void registryOpensAGenerator() {
        QCOMPARE(identifyModel(dataPath("tiny_gpt2")).family, ModelFamily::Generator);
        const auto opened = openModel(dataPath("tiny_gpt2"), ModelFamily::Generator, cpuOptions());
        QVERIFY(opened.generator);
        QVERIFY_THROWS_EXCEPTION(UnsupportedModelError, openModel(dataPath("tiny_gpt2"), ModelFamily::Encoder, cpuOptions()));
    }
};

QTEST_MAIN(TestGpt2)
#include "tst_gpt2.moc"
