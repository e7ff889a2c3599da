// Tests for BertEncoder on the committed tiny random BertForMaskedLM: attentions and MLM
// predictions equal Hugging Face's (golden files from tests/data/make_fixtures.py), strict
// loading names every defect, and bad input gives typed errors instead of crashes.
#include "attnscope/bert_encoder.h"
#include "attnscope/errors.h"
#include "test_support.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace attnscope;
using namespace testsupport;

namespace {

const std::string kTiny = dataPath("tiny_bert");

float maxAbsDiff(const float* a, const float* b, std::size_t n) {
    float m = 0.f;
    for (std::size_t i = 0; i < n; ++i) m = std::max(m, std::fabs(a[i] - b[i]));
    return m;
}

// Rewrites DIR/model.safetensors through fn(tensors).
template <typename Fn> void rewriteWeights(const QString& dir, Fn fn) {
    const auto path = (dir + "/model.safetensors").toStdString();
    auto tensors = readAll(path);
    fn(tensors);
    writeSafetensors(path, tensors);
}

std::uint16_t toBFloat16(float f) {
    std::uint32_t u;
    std::memcpy(&u, &f, 4);
    u += 0x7fff + ((u >> 16) & 1);  // round to nearest even
    return static_cast<std::uint16_t>(u >> 16);
}

}  // namespace

class TestBertEncoder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void matchesReference_data() {
        QTest::addColumn<int>("index");
        const auto golden = readJson(dataPath("tiny_bert_golden.json"));
        for (std::size_t i = 0; i < golden["sentences"].size(); ++i)
            QTest::newRow(golden["sentences"][i]["text"].get<std::string>().c_str()) << int(i);
    }

    void matchesReference() {
        QFETCH(int, index);
        static auto encoder = BertEncoder::load(kTiny, cpuOptions());
        static const auto golden = readJson(dataPath("tiny_bert_golden.json"));
        static const SafetensorsFile tensors(dataPath("tiny_bert_golden.safetensors"));
        const auto& sentence = golden["sentences"][index];

        const auto result = encoder->encode(sentence["text"].get<std::string>(), 5);
        std::vector<int> ids;
        for (const auto& t : result.tokens) ids.push_back(t.id);
        QCOMPARE(ids, sentence["ids"].get<std::vector<int>>());

        std::vector<std::int64_t> shape;
        const auto expected = goldenFloats(tensors, "s" + std::to_string(index) + ".attentions", &shape);
        QCOMPARE(shape, (std::vector<std::int64_t>{result.attentions.layers, result.attentions.heads,
                                                   result.attentions.queries, result.attentions.keys}));
        const float diff = maxAbsDiff(result.attentions.values.data(), expected.data(), expected.size());
        QVERIFY2(diff <= 1e-5f, qPrintable(QString("max |attention - reference| = %1").arg(diff)));

        // Masked-LM: the top-5 ids at every [MASK] equal the reference's, logits within 1e-4.
        const auto logits = goldenFloats(tensors, "s" + std::to_string(index) + ".logits", &shape);
        const auto vocab = static_cast<std::size_t>(shape[1]);
        std::size_t masks = 0;
        for (std::size_t i = 0; i < ids.size(); ++i) masks += ids[i] == encoder->tokenizer().maskId();
        QCOMPARE(result.maskPredictions.size(), masks);
        for (const auto& p : result.maskPredictions) {
            const float* row = logits.data() + p.tokenIndex * vocab;
            std::vector<int> order(vocab);
            std::iota(order.begin(), order.end(), 0);
            std::partial_sort(order.begin(), order.begin() + 5, order.end(),
                              [&](int a, int b) { return row[a] > row[b]; });
            QCOMPARE(p.top.size(), std::size_t(5));
            float total = 0.f;
            for (int k = 0; k < 5; ++k) {
                QCOMPARE(p.top[k].id, order[k]);
                QVERIFY(std::fabs(p.top[k].logit - row[order[k]]) < 1e-4f);
                total += p.top[k].probability;
            }
            QVERIFY(total > 0.f && total <= 1.0001f);
        }
    }

    void attentionRowsSumToOne() {
        auto encoder = BertEncoder::load(kTiny, cpuOptions());
        const auto r = encoder->encode("the cat sat on the mat.");
        QCOMPARE(r.attentions.layers, 2);
        QCOMPARE(r.attentions.heads, 4);
        for (int l = 0; l < 2; ++l)
            for (int h = 0; h < 4; ++h)
                for (int i = 0; i < r.attentions.queries; ++i) {
                    const float* row = r.attentions.matrix(l, h) + i * r.attentions.keys;
                    QVERIFY(std::fabs(std::accumulate(row, row + r.attentions.keys, 0.f) - 1.f) < 1e-5f);
                }
        QCOMPARE(r.hiddenStates.layers, 3);
        QCOMPARE(r.hiddenStates.dims, 32);
        QCOMPARE(r.device, std::string("cpu"));
        QCOMPARE(r.precision, std::string("float32"));
        QVERIFY(r.forwardMs > 0.0);
    }

    void emptyTextIsAnInputError() {
        auto encoder = BertEncoder::load(kTiny, cpuOptions());
        QVERIFY2(expectError<InputError>([&] { encoder->encode(""); }, {"empty"}).isEmpty(), "empty text");
        QVERIFY2(expectError<InputError>([&] { encoder->encode(" \t\n\x01 "); }, {"no tokens"}).isEmpty(),
                 "whitespace only");
    }

    void hugeTextIsTruncatedAndReported() {
        auto encoder = BertEncoder::load(kTiny, cpuOptions());
        std::string text;
        while (text.size() < 100000) text += "the cat sat on the mat. ";
        text.resize(100000);
        const auto r = encoder->encode(text);
        QVERIFY(r.truncated);
        QCOMPARE(r.tokens.size(), std::size_t(64));  // the tiny model's max_position_embeddings
        QVERIFY(r.fullLength > 20000);
        QCOMPARE(r.tokens.back().id, encoder->tokenizer().sepId());
        QCOMPARE(r.attentions.queries, 64);
    }

    void anyUnicodeIsSafe_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("emoji") << QByteArray("🙂👩‍👩‍👧 the cat");
        QTest::newRow("cjk + arabic") << QByteArray("東京 مرحبا the");
        QTest::newRow("invalid utf-8") << QByteArray("the \xff\xfe cat \xc3");
        QTest::newRow("nul inside") << QByteArray("the\0cat", 7);
        QTest::newRow("long word") << QByteArray(300, 'a');
    }

    void anyUnicodeIsSafe() {
        QFETCH(QByteArray, text);
        static auto encoder = BertEncoder::load(kTiny, cpuOptions());
        const auto r = encoder->encode(text.toStdString());
        QVERIFY(r.tokens.size() >= 3);
        QCOMPARE(r.attentions.values.size(), std::size_t(2 * 4) * r.tokens.size() * r.tokens.size());
    }

    void sentenceTransformersLayoutLoads() {
        // A bare BertModel (keys without "bert.", no cls.*) as sentence-transformers saves it,
        // plus the legacy gamma/beta LayerNorm names of old checkpoints.
        QTemporaryDir dir;
        copyFolder(kTiny, dir.path().toStdString());
        rewriteWeights(dir.path(), [](std::vector<RawTensor>& ts) {
            std::vector<RawTensor> out;
            for (auto t : ts) {
                if (t.name.rfind("cls.", 0) == 0) continue;
                t.name = t.name.substr(5);
                if (t.name == "embeddings.LayerNorm.weight") t.name = "embeddings.LayerNorm.gamma";
                out.push_back(t);
            }
            out.push_back(RawTensor{"embeddings.position_ids", "I64", {1, 64}, std::vector<char>(64 * 8)});
            ts = out;
        });
        auto stripped = BertEncoder::load(dir.path().toStdString(), cpuOptions());
        QVERIFY(!stripped->hasMaskedLmHead());
        auto original = BertEncoder::load(kTiny, cpuOptions());
        const auto a = stripped->encode("the [MASK] sat on the mat.");
        const auto b = original->encode("the [MASK] sat on the mat.");
        QCOMPARE(a.attentions.values, b.attentions.values);
        QVERIFY(a.maskPredictions.empty());
        QCOMPARE(b.maskPredictions.size(), std::size_t(1));
    }

    void bfloat16WeightsAreConverted() {
        QTemporaryDir dir;
        copyFolder(kTiny, dir.path().toStdString());
        rewriteWeights(dir.path(), [](std::vector<RawTensor>& ts) {
            for (auto& t : ts) {
                std::vector<char> half(t.bytes.size() / 2);
                for (std::size_t i = 0; i < t.bytes.size() / 4; ++i) {
                    float f;
                    std::memcpy(&f, t.bytes.data() + 4 * i, 4);
                    const auto b = toBFloat16(f);
                    std::memcpy(half.data() + 2 * i, &b, 2);
                }
                t.bytes = half;
                t.dtype = "BF16";
            }
        });
        auto converted = BertEncoder::load(dir.path().toStdString(), cpuOptions());
        auto original = BertEncoder::load(kTiny, cpuOptions());
        const auto a = converted->encode("the cat sat on the mat.");
        const auto b = original->encode("the cat sat on the mat.");
        const float diff =
            maxAbsDiff(a.attentions.values.data(), b.attentions.values.data(), a.attentions.values.size());
        QVERIFY2(diff < 0.1f && diff > 0.f, qPrintable(QString::number(diff)));  // rounded weights, same model
    }

    void badCheckpoints_data() {
        QTest::addColumn<QString>("defect");
        QTest::addColumn<QString>("errorType");
        QTest::addColumn<QStringList>("words");
        QTest::newRow("missing tensor") << "missing"
                                        << "weights"
                                        << QStringList{"missing tensor 'bert.encoder.layer.1.output.dense.bias'",
                                                       "expected shape [32]"};
        QTest::newRow("unexpected tensor")
            << "unexpected"
            << "weights" << QStringList{"unexpected tensor 'bert.encoder.layer.2.output.dense.bias'"};
        QTest::newRow("wrong shape") << "shape"
                                     << "weights"
                                     << QStringList{"bert.encoder.layer.0.attention.self.query.weight",
                                                    "has shape [32, 16]", "expected [32, 32]"};
        QTest::newRow("unsupported dtype") << "dtype"
                                           << "weights" << QStringList{"bert.embeddings.LayerNorm.bias", "dtype I32"};
        QTest::newRow("truncated safetensors") << "truncated"
                                               << "file" << QStringList{"model.safetensors", "truncated"};
        QTest::newRow("no safetensors, a .bin that is no zip")
            << "bin"
            << "file" << QStringList{"pytorch_model.bin", "not a PyTorch zip checkpoint"};
        QTest::newRow("config not JSON") << "config"
                                         << "file" << QStringList{"config.json", "not valid JSON"};
        QTest::newRow("unknown model_type") << "type"
                                            << "unsupported" << QStringList{"gpt2", "bert"};
        QTest::newRow("heads do not divide hidden") << "heads"
                                                    << "unsupported" << QStringList{"not divisible"};
        QTest::newRow("vocabulary missing") << "vocab"
                                            << "file" << QStringList{"vocab.txt"};
        QTest::newRow("folder missing") << "folder"
                                        << "file" << QStringList{"does not exist"};
    }

    void badCheckpoints() {
        QFETCH(QString, defect);
        QFETCH(QString, errorType);
        QFETCH(QStringList, words);
        QTemporaryDir dir;
        std::string folder = dir.path().toStdString();
        copyFolder(kTiny, folder);
        auto setConfig = [&](const std::string& key, const nlohmann::json& value) {
            auto config = readJson(folder + "/config.json");
            config[key] = value;
            writeText(folder + "/config.json", config.dump());
        };
        if (defect == "missing") {
            rewriteWeights(dir.path(), [](auto& ts) {
                ts.erase(std::remove_if(ts.begin(), ts.end(),
                                        [](auto& t) { return t.name == "bert.encoder.layer.1.output.dense.bias"; }),
                         ts.end());
            });
        } else if (defect == "unexpected") {
            rewriteWeights(dir.path(),
                           [](auto& ts) { ts.push_back(floatTensor("bert.encoder.layer.2.output.dense.bias", {32})); });
        } else if (defect == "shape") {
            rewriteWeights(dir.path(), [](auto& ts) {
                for (auto& t : ts)
                    if (t.name == "bert.encoder.layer.0.attention.self.query.weight") t = floatTensor(t.name, {32, 16});
            });
        } else if (defect == "dtype") {
            rewriteWeights(dir.path(), [](auto& ts) {
                for (auto& t : ts)
                    if (t.name == "bert.embeddings.LayerNorm.bias") t.dtype = "I32";
            });
        } else if (defect == "truncated") {
            const auto path = folder + "/model.safetensors";
            std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
        } else if (defect == "bin") {
            std::filesystem::rename(folder + "/model.safetensors", folder + "/pytorch_model.bin");
        } else if (defect == "config") {
            writeText(folder + "/config.json", "{ this is not json");
        } else if (defect == "type") {
            setConfig("model_type", "gpt2");
        } else if (defect == "heads") {
            setConfig("num_attention_heads", 5);
        } else if (defect == "vocab") {
            std::filesystem::remove(folder + "/vocab.txt");
        } else if (defect == "folder") {
            folder += "/nowhere";
        }
        auto load = [&] { BertEncoder::load(folder, cpuOptions()); };
        QString problem;
        if (errorType == "weights") problem = expectError<WeightMismatchError>(load, words);
        else if (errorType == "file") problem = expectError<ModelFileError>(load, words);
        else problem = expectError<UnsupportedModelError>(load, words);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void allProblemsAreListedAtOnce() {
        QTemporaryDir dir;
        copyFolder(kTiny, dir.path().toStdString());
        rewriteWeights(dir.path(), [](auto& ts) {
            ts.erase(std::remove_if(ts.begin(), ts.end(),
                                    [](auto& t) { return t.name.find("layer.1.") != std::string::npos; }),
                     ts.end());
        });
        const auto problem =
            expectError<WeightMismatchError>([&] { BertEncoder::load(dir.path().toStdString(), cpuOptions()); },
                                             {"16 problems", "layer.1.attention.self.key.weight", "more"});
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void deviceChoice() {
        QCOMPARE(parseDeviceChoice("CUDA"), DeviceChoice::Cuda);
        QCOMPARE(parseDeviceChoice("cpu"), DeviceChoice::Cpu);
        QVERIFY(expectError<InputError>([] { parseDeviceChoice("tpu"); }, {"tpu", "auto, cpu or cuda"}).isEmpty());
        EncoderOptions automatic;
        auto encoder = BertEncoder::load(kTiny, automatic);
        QCOMPARE(QString::fromStdString(encoder->device()).startsWith("cuda"), cudaAvailable());
        if (!cudaAvailable()) {
            EncoderOptions cuda;
            cuda.device = DeviceChoice::Cuda;
            QVERIFY(expectError<DeviceError>([&] { BertEncoder::load(kTiny, cuda); }, {"CUDA", "cpu"}).isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(TestBertEncoder)
#include "tst_bert_encoder.moc"
