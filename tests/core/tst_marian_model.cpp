// Tests for MarianTranslator on the committed tiny random MarianMTModel: teacher-forced logits
// and all three attention kinds equal Hugging Face's, greedy and beam-search ids equal
// generate()'s (golden files from tests/data/make_marian_fixtures.py), the KV cache gives the
// full pass's numbers, and strict loading names every defect.
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "attnscope/errors.h"
#include "attnscope/marian_translator.h"
#include "test_support.h"

using namespace attnscope;
using namespace testsupport;

namespace {

const std::string kTiny = dataPath("tiny_marian");

const MarianTranslator& tiny() {
    static auto translator = MarianTranslator::load(kTiny, cpuOptions());
    return *translator;
}

const nlohmann::json& golden() {
    static const auto j = readJson(dataPath("tiny_marian_golden.json"));
    return j;
}

const nlohmann::json& nbest() {
    static const auto j = readJson(dataPath("tiny_marian_nbest.json"));
    return j;
}

const SafetensorsFile& goldenTensors() {
    static const SafetensorsFile file(dataPath("tiny_marian_golden.safetensors"));
    return file;
}

// Max |a - golden| after checking the golden's shape; -1 when the shapes differ.
float diffAgainst(const std::string& name, const std::vector<float>& values, std::vector<std::int64_t> shape) {
    std::vector<std::int64_t> goldenShape;
    const auto expected = goldenFloats(goldenTensors(), name, &goldenShape);
    if (goldenShape != shape || expected.size() != values.size()) return -1.f;
    float m = 0.f;
    for (std::size_t i = 0; i < values.size(); ++i) m = std::max(m, std::fabs(values[i] - expected[i]));
    return m;
}

// Largest difference seen per quantity over all cases, printed at the end of the run.
std::map<std::string, float>& worstDiffs() {
    static std::map<std::string, float> m;
    return m;
}

std::vector<std::int64_t> shapeOf(const AttentionStack& s) { return {s.layers, s.heads, s.queries, s.keys}; }

void compareWithGolden(const TeacherForcedResult& r, int index, float tolerance) {
    const std::string key = "c" + std::to_string(index);
    const struct {
        const char* name;
        float diff;
    } checks[] = {
        {"logits", diffAgainst(key + ".logits", r.logits, {r.targetLength, r.vocabSize})},
        {"encoder_attentions",
         diffAgainst(key + ".encoder_attentions", r.encoderAttentions.values, shapeOf(r.encoderAttentions))},
        {"decoder_attentions",
         diffAgainst(key + ".decoder_attentions", r.decoderAttentions.values, shapeOf(r.decoderAttentions))},
        {"cross_attentions",
         diffAgainst(key + ".cross_attentions", r.crossAttentions.values, shapeOf(r.crossAttentions))},
    };
    for (const auto& c : checks) {
        worstDiffs()[c.name] = std::max(worstDiffs()[c.name], c.diff);
        QVERIFY2(c.diff >= 0.f, qPrintable(QString("%1: shape differs from the reference").arg(c.name)));
        QVERIFY2(c.diff <= tolerance, qPrintable(QString("%1: max |value - reference| = %2").arg(c.name).arg(c.diff)));
    }
}

template <typename Fn> void rewriteWeights(const QString& dir, Fn fn) {
    const auto path = (dir + "/model.safetensors").toStdString();
    auto tensors = readAll(path);
    fn(tensors);
    writeSafetensors(path, tensors);
}

template <typename Fn> void rewriteConfig(const QString& dir, Fn fn) {
    const auto path = (dir + "/config.json").toStdString();
    auto j = readJson(path);
    fn(j);
    writeText(path, j.dump(2));
}

void addCaseRows() {
    QTest::addColumn<int>("index");
    for (std::size_t i = 0; i < golden()["cases"].size(); ++i)
        QTest::newRow(("case " + std::to_string(i)).c_str()) << int(i);
}

}  // namespace

class TestMarianModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void cleanupTestCase() {
        for (const auto& [name, diff] : worstDiffs()) qInfo("max |%s - reference| = %g", name.c_str(), double(diff));
    }

    void teacherForcedMatchesReference_data() { addCaseRows(); }
    void teacherForcedMatchesReference() {
        QFETCH(int, index);
        const auto& c = golden()["cases"][index];
        const auto r = tiny().teacherForced(c["source"].get<std::vector<int>>(), c["target"].get<std::vector<int>>());
        compareWithGolden(r, index, 1e-5f);
    }

    // The KV-cache path (one target token at a time) gives the full pass's numbers.
    void incrementalDecodingMatchesFullPass_data() { addCaseRows(); }
    void incrementalDecodingMatchesFullPass() {
        QFETCH(int, index);
        const auto& c = golden()["cases"][index];
        const auto src = c["source"].get<std::vector<int>>();
        const auto tgt = c["target"].get<std::vector<int>>();
        const auto full = tiny().teacherForced(src, tgt, DecoderPass::Full);
        const auto step = tiny().teacherForced(src, tgt, DecoderPass::Incremental);
        QCOMPARE(step.logits.size(), full.logits.size());
        float m = 0.f;
        for (std::size_t i = 0; i < full.logits.size(); ++i)
            m = std::max(m, std::fabs(full.logits[i] - step.logits[i]));
        QVERIFY2(m <= 1e-5f, qPrintable(QString("max |incremental - full| logits = %1").arg(m)));
        compareWithGolden(step, index, 1e-5f);
    }

    void generationMatchesReference_data() {
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("mode");
        for (std::size_t i = 0; i < golden()["cases"].size(); ++i)
            for (const auto& [mode, settings] : golden()["generation"].items())
                QTest::newRow(("case " + std::to_string(i) + " " + mode).c_str()) << int(i) << q(mode);
    }
    void generationMatchesReference() {
        QFETCH(int, index);
        QFETCH(QString, mode);
        const auto& c = golden()["cases"][index];
        const auto& settings = golden()["generation"][mode.toStdString()];
        const int maxNew = golden()["max_new_tokens"].get<int>();
        const auto src = c["source"].get<std::vector<int>>();
        const auto expected = c["generated"][mode.toStdString()].get<std::vector<int>>();
        const int beams = settings["num_beams"].get<int>();
        const auto ids = beams == 1 ? tiny().greedy(src, maxNew)
                                    : tiny()
                                          .beamSearch(src, beams, settings["length_penalty"].get<double>(), maxNew,
                                                      settings["early_stopping"].get<bool>())
                                          .best();
        QCOMPARE(ids, expected);
    }

    // The whole n-best list equals generate(num_return_sequences=beams): ids, order and
    // sequences_scores.
    void nbestMatchesReference_data() {
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("mode");
        for (std::size_t i = 0; i < nbest()["cases"].size(); ++i)
            for (const auto& [mode, settings] : nbest()["generation"].items())
                QTest::newRow(("case " + std::to_string(i) + " " + mode).c_str()) << int(i) << q(mode);
    }
    void nbestMatchesReference() {
        QFETCH(int, index);
        QFETCH(QString, mode);
        const auto& settings = nbest()["generation"][mode.toStdString()];
        const auto& expected = nbest()["cases"][index][mode.toStdString()];
        const auto src = golden()["cases"][index]["source"].get<std::vector<int>>();
        const int beams = settings["num_beams"].get<int>();
        const auto result =
            tiny().beamSearch(src, beams, settings["length_penalty"].get<double>(),
                              golden()["max_new_tokens"].get<int>(), settings["early_stopping"].get<bool>());
        QCOMPARE(result.hypotheses.size(), expected.size());
        for (std::size_t k = 0; k < expected.size(); ++k) {
            QCOMPARE(result.hypotheses[k].ids, expected[k]["ids"].get<std::vector<int>>());
            const double score = expected[k]["score"].get<double>();
            QVERIFY2(std::fabs(result.hypotheses[k].score - score) <= 1e-5 * std::max(1.0, std::fabs(score)),
                     qPrintable(QString("hypothesis %1: score %2, reference %3")
                                    .arg(k)
                                    .arg(result.hypotheses[k].score)
                                    .arg(score)));
        }
    }

    // The search tree is consistent with the result: following parents from the first step
    // rebuilds every running beam, each finished node's score is in the n-best list when it
    // ranks there, and the per-step callback sees every step's best beam and can cancel.
    void beamSearchTreeAndSteps() {
        for (std::size_t i = 0; i < 6; ++i) {
            const auto src = golden()["cases"][i]["source"].get<std::vector<int>>();
            std::vector<GenerationStep> seen;
            const auto result = tiny().beamSearch(src, 4, 1.0, 20, false, [&](const GenerationStep& step) {
                seen.push_back(step);
                return true;
            });
            QCOMPARE(seen.size(), result.steps.size());
            std::vector<std::vector<int>> running{{95}};
            for (std::size_t s = 0; s < result.steps.size(); ++s) {
                const auto& step = result.steps[s];
                QCOMPARE(step.beams.size(), std::size_t{4});
                std::vector<std::vector<int>> next;
                for (const auto& c : step.beams) {
                    QVERIFY(c.parent >= 0 && c.parent < static_cast<int>(running.size()));
                    QVERIFY(!c.finished);
                    next.push_back(running[static_cast<std::size_t>(c.parent)]);
                    next.back().push_back(c.tokenId);
                }
                for (const auto& c : step.finished) {
                    QVERIFY(c.finished);
                    QCOMPARE(c.tokenId, 0);
                    auto ids = running[static_cast<std::size_t>(c.parent)];
                    ids.push_back(0);
                    for (const auto& h : result.hypotheses)
                        if (h.ids == ids) QVERIFY(std::fabs(h.score - c.score) < 1e-9);
                }
                // The callback's sequence is the best running beam (beam 0) after the step.
                QCOMPARE(seen[s].sequence, next[0]);
                QCOMPARE(seen[s].tokenId, next[0].back());
                QCOMPARE(seen[s].index, static_cast<int>(s));
                QCOMPARE(seen[s].crossAttention.queries, 1);
                QCOMPARE(seen[s].crossAttention.keys, static_cast<int>(src.size()));
                // The streamed history of the best beam equals a teacher-forced pass over it.
                const auto& history = seen[s].crossAttentionHistory;
                QCOMPARE(history.queries, static_cast<int>(s) + 1);
                const std::vector<int> input(next[0].begin(), next[0].end() - 1);
                const auto forced = tiny().teacherForced(src, input);
                QCOMPARE(history.values.size(), forced.crossAttentions.values.size());
                for (std::size_t k = 0; k < history.values.size(); ++k)
                    QVERIFY(std::fabs(history.values[k] - forced.crossAttentions.values[k]) < 1e-5f);
                running = std::move(next);
            }
            // Every hypothesis but one cut at the maximum length is some finished node's path.
            QVERIFY(!result.hypotheses.empty());
        }
        int calls = 0;
        const auto src = golden()["cases"][0]["source"].get<std::vector<int>>();
        const auto problem = expectError<CancelledError>(
            [&] { tiny().beamSearch(src, 3, 1.0, 20, false, [&](const GenerationStep&) { return ++calls < 2; }); },
            {"cancelled"});
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(calls, 2);
    }

    // greedyWithAttentions() keeps the steps' attentions: equal to the incremental teacher-forced
    // pass over the generated ids (and so to Hugging Face's), with the same ids as greedy().
    void greedyKeepsEveryStepsAttention() {
        for (std::size_t i = 0; i < 8; ++i) {
            const auto src = golden()["cases"][i]["source"].get<std::vector<int>>();
            const auto g = tiny().greedyWithAttentions(src, 20);
            QCOMPARE(g.ids, tiny().greedy(src, 20));
            const std::vector<int> input(g.ids.begin(), g.ids.end() - 1);
            const auto forced = tiny().teacherForced(src, input, DecoderPass::Incremental);
            for (const auto* pair : {&g.encoderAttentions, &g.decoderAttentions, &g.crossAttentions})
                QVERIFY(pair->layers == 2);
            const auto same = [](const AttentionStack& a, const AttentionStack& b) {
                if (a.layers != b.layers || a.heads != b.heads || a.queries != b.queries || a.keys != b.keys)
                    return false;
                for (std::size_t k = 0; k < a.values.size(); ++k)
                    if (std::fabs(a.values[k] - b.values[k]) > 1e-6f) return false;
                return true;
            };
            QVERIFY(same(g.encoderAttentions, forced.encoderAttentions));
            QVERIFY(same(g.decoderAttentions, forced.decoderAttentions));
            QVERIFY(same(g.crossAttentions, forced.crossAttentions));
            QVERIFY(g.logProbability < 0.0);
        }
    }

    void greedyReportsEachStepAndCancels() {
        const auto& c = golden()["cases"][0];
        const auto src = c["source"].get<std::vector<int>>();
        std::vector<int> seen;
        const auto ids = tiny().greedy(src, 20, [&](const GenerationStep& step) {
            seen.push_back(step.tokenId);
            const auto& a = step.crossAttention;
            if (step.index + 1 != static_cast<int>(seen.size()) || a.layers != 2 || a.heads != 4 || a.queries != 1 ||
                a.keys != static_cast<int>(src.size()))
                return false;
            for (int l = 0; l < a.layers; ++l)
                for (int h = 0; h < a.heads; ++h) {
                    const float* row = a.matrix(l, h);
                    if (std::fabs(std::accumulate(row, row + a.keys, 0.f) - 1.f) > 1e-5f) return false;
                }
            return true;
        });
        QCOMPARE(std::vector<int>(ids.begin() + 1, ids.end()), seen);
        int calls = 0;
        const auto problem = expectError<CancelledError>(
            [&] { tiny().greedy(src, 20, [&](const GenerationStep&) { return ++calls < 3; }); }, {"cancelled"});
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(calls, 3);
    }

    void badInputIsAnInputError() {
        QVERIFY(expectError<InputError>([] { tiny().teacherForced({}, {95}); }, {"source"}).isEmpty());
        QVERIFY(expectError<InputError>(
                    [] {
                        tiny().teacherForced({5, 0}, {95, 96});
                    },
                    {"96", "vocabulary"})
                    .isEmpty());
        QVERIFY(expectError<InputError>([] { tiny().greedy({5, 0}, 0); }, {"maxNewTokens"}).isEmpty());
        QVERIFY(expectError<InputError>([] { tiny().greedy(std::vector<int>(65, 3), 5); }, {"65"}).isEmpty());
    }

    void strictLoadingNamesDefects_data() {
        QTest::addColumn<QString>("defect");
        QTest::addColumn<QStringList>("words");
        QTest::newRow("missing") << "missing"
                                 << QStringList{"missing tensor 'model.decoder.layers.1.encoder_attn.v_proj.bias'",
                                                "[32]"};
        QTest::newRow("unexpected") << "unexpected"
                                    << QStringList{"unexpected tensor 'model.decoder.layers.2.fc1.bias'"};
        QTest::newRow("mis-shaped") << "shape"
                                    << QStringList{"'model.encoder.layers.0.fc1.weight'", "[32, 64]", "[64, 32]"};
        QTest::newRow("mis-shaped positions")
            << "positions" << QStringList{"'model.decoder.embed_positions.weight'", "[10, 32]", "[64, 32]"};
    }
    void strictLoadingNamesDefects() {
        QFETCH(QString, defect);
        QFETCH(QStringList, words);
        QTemporaryDir dir;
        copyFolder(kTiny, dir.path().toStdString());
        rewriteWeights(dir.path(), [&](std::vector<RawTensor>& ts) {
            if (defect == "missing")
                ts.erase(std::remove_if(ts.begin(), ts.end(),
                                        [](const RawTensor& t) {
                                            return t.name == "model.decoder.layers.1.encoder_attn.v_proj.bias";
                                        }),
                         ts.end());
            else if (defect == "unexpected") ts.push_back(floatTensor("model.decoder.layers.2.fc1.bias", {64}));
            else if (defect == "shape")
                for (auto& t : ts)
                    if (t.name == "model.encoder.layers.0.fc1.weight") t = floatTensor(t.name, {32, 64});
            if (defect == "positions") ts.push_back(floatTensor("model.decoder.embed_positions.weight", {10, 32}));
        });
        const auto problem = expectError<WeightMismatchError>(
            [&] { MarianTranslator::load(dir.path().toStdString(), cpuOptions()); }, words);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    // Checkpoints that save the sinusoids (and tied aliases) load; the saved table is used.
    void savedPositionsAndTiedAliasesLoad() {
        QTemporaryDir dir;
        copyFolder(kTiny, dir.path().toStdString());
        rewriteWeights(dir.path(), [](std::vector<RawTensor>& ts) {
            RawTensor shared;
            for (const auto& t : ts)
                if (t.name == "model.shared.weight") shared = t;
            for (const char* alias :
                 {"lm_head.weight", "model.encoder.embed_tokens.weight", "model.decoder.embed_tokens.weight"}) {
                ts.push_back(shared);
                ts.back().name = alias;
            }
            ts.push_back(floatTensor("model.encoder.embed_positions.weight", {64, 32}, 0.f));
        });
        auto translator = MarianTranslator::load(dir.path().toStdString(), cpuOptions());
        const auto& c = golden()["cases"][0];
        const auto src = c["source"].get<std::vector<int>>();
        const auto tgt = c["target"].get<std::vector<int>>();
        const auto mine = translator->teacherForced(src, tgt);
        const auto reference = tiny().teacherForced(src, tgt);
        QCOMPARE(mine.decoderAttentions.values.size(), reference.decoderAttentions.values.size());
        QVERIFY(mine.encoderAttentions.values != reference.encoderAttentions.values);  // zero encoder positions
    }

    void configDefectsAreUnsupported_data() {
        QTest::addColumn<QString>("defect");
        QTest::addColumn<QStringList>("words");
        QTest::newRow("activation") << "activation" << QStringList{"activation_function", "mish"};
        QTest::newRow("model type") << "type" << QStringList{"bert", "marian"};
        QTest::newRow("heads") << "heads" << QStringList{"d_model 32", "divisible"};
        QTest::newRow("separate vocabularies") << "vocab" << QStringList{"share_encoder_decoder_embeddings"};
    }
    void configDefectsAreUnsupported() {
        QFETCH(QString, defect);
        QFETCH(QStringList, words);
        QTemporaryDir dir;
        copyFolder(kTiny, dir.path().toStdString());
        rewriteConfig(dir.path(), [&](nlohmann::json& j) {
            if (defect == "activation") j["activation_function"] = "mish";
            if (defect == "type") j["model_type"] = "bert";
            if (defect == "heads") j["encoder_attention_heads"] = 5;
            if (defect == "vocab") j["share_encoder_decoder_embeddings"] = false;
        });
        const auto problem = expectError<UnsupportedModelError>(
            [&] { MarianTranslator::load(dir.path().toStdString(), cpuOptions()); }, words);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void missingFolderIsAModelFileError() {
        QVERIFY(expectError<ModelFileError>([] { MarianTranslator::load(dataPath("no_such_model"), cpuOptions()); },
                                            {"does not exist"})
                    .isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestMarianModel)
#include "tst_marian_model.moc"
