// DistilBERT and RoBERTa (#16) through the BERT-family encoder, against Hugging Face
// (tests/data/make_family_fixtures.py): the byte-level BPE tokenizer's ids and offsets equal
// RobertaTokenizerFast's (and the slow tokenizer's ids) on the 400+ hostile strings of the
// WordPiece tests; every attention and the last hidden state within 1e-5, the masked-LM top-5
// ids, probabilities (1e-5) and logits (1e-4); head_mask ablation; the registry opens both as
// encoders; bad tokenizer files are refused by name.
#include "attnscope/bert_encoder.h"
#include "attnscope/byte_level_bpe.h"
#include "attnscope/errors.h"
#include "attnscope/model_registry.h"
#include "test_support.h"

#include <QStringDecoder>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>

using namespace attnscope;
using namespace testsupport;

namespace {

// The last layer's hidden state [T, D] of a result.
std::vector<float> lastHidden(const EncodeResult& r) {
    const auto& h = r.hiddenStates;
    const std::size_t size = static_cast<std::size_t>(h.tokens) * h.dims;
    return std::vector<float>(h.values.end() - static_cast<std::ptrdiff_t>(size), h.values.end());
}

// UTF-8 to UTF-32 keeping a leading byte order mark (QString::fromUtf8 drops it).
QList<uint> codePoints(const std::string& utf8) {
    QStringDecoder decode(QStringDecoder::Utf8, QStringDecoder::Flag::ConvertInitialBom);
    return QString(decode(QByteArrayView(utf8.data(), static_cast<qsizetype>(utf8.size())))).toUcs4();
}

void writeFile(const QString& path, const std::string& text) {
    std::ofstream(path.toStdString(), std::ios::binary) << text;
}

}  // namespace

class TestBertFamilies : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void bpeTokenizerMatchesHuggingFace() {
        const auto tok = ByteLevelBpeTokenizer::fromFolder(dataPath("bpe"));
        const auto golden = readJson(dataPath("bpe/golden.json"));
        QVERIFY(golden["cases"].size() >= 400);
        int checked = 0;
        for (const auto& c : golden["cases"]) {
            const std::string text = c["text"].get<std::string>();
            const auto ids = c["fast_ids"].get<std::vector<int>>();
            QCOMPARE(c["ids"].get<std::vector<int>>(), ids);  // slow and fast agree (the fixture's own check)
            const Encoding e = tok.encode(text, 100000);
            std::vector<int> got;
            for (const auto& t : e.tokens) got.push_back(t.id);
            if (got != ids) QFAIL(qPrintable(QString("ids differ for %1").arg(q(text))));
            const auto offsets = c["fast_offsets"].get<std::vector<std::vector<std::size_t>>>();
            for (std::size_t i = 0; i < e.tokens.size(); ++i) {
                const auto& t = e.tokens[i];
                if (t.charBegin != offsets[i][0] || t.charEnd != offsets[i][1])
                    QFAIL(qPrintable(QString("offsets of token %1 (%2) of %3: %4-%5, expected %6-%7")
                                         .arg(i)
                                         .arg(q(t.piece), q(text))
                                         .arg(t.charBegin)
                                         .arg(t.charEnd)
                                         .arg(offsets[i][0])
                                         .arg(offsets[i][1])));
            }
            // Byte offsets cover the same text as the code point offsets.
            const auto cps = codePoints(text);
            for (const auto& t : e.tokens) {
                const auto piece = cps.mid(static_cast<qsizetype>(t.charBegin), static_cast<qsizetype>(t.charEnd - t.charBegin));
                if (codePoints(text.substr(t.byteBegin, t.byteEnd - t.byteBegin)) != piece)
                    QFAIL(qPrintable(QString("bytes %1-%2 of token %3 in %4 are not its characters %5-%6")
                                         .arg(t.byteBegin).arg(t.byteEnd).arg(q(t.piece), q(text)).arg(t.charBegin).arg(t.charEnd)));
            }
            ++checked;
        }
        QVERIFY(checked >= 400);
    }

    void bpeDecodesAndShowsPieces() {
        const auto tok = ByteLevelBpeTokenizer::fromFolder(dataPath("bpe"));
        const std::string text = "Café naïve — 東京 🙂 don't  stop";
        std::vector<int> ids;
        for (const auto& t : tok.encode(text).tokens) ids.push_back(t.id);
        QCOMPARE(tok.decode(ids), text);  // the specials around it are skipped
        QCOMPARE(tok.pieceText("Ġcat"), std::string(" cat"));
        QCOMPARE(tok.maskToken(), std::string("<mask>"));
        // Invalid UTF-8 is read as U+FFFD, never a crash.
        const Encoding bad = tok.encode(std::string("a\xff\xfe b\xc3", 6));
        QVERIFY(bad.tokens.size() >= 3);
        // Truncation keeps the specials.
        const Encoding cut = tok.encode("one two three four five six", 4);
        QCOMPARE(cut.tokens.size(), std::size_t(4));
        QVERIFY(cut.truncated);
        QCOMPARE(cut.tokens.back().id, tok.sepId());
    }

    void badTokenizerFilesAreRefused() {
        QTemporaryDir dir;
        QVERIFY_THROWS_EXCEPTION(ModelFileError, ByteLevelBpeTokenizer::fromFolder(dir.path().toStdString()));
        QFile::copy(q(dataPath("bpe/vocab.json")), dir.filePath("vocab.json"));
        try {
            ByteLevelBpeTokenizer::fromFolder(dir.path().toStdString());
            QFAIL("no merges.txt was accepted");
        } catch (const ModelFileError& e) {
            QVERIFY2(std::string(e.what()).find("merges.txt") != std::string::npos, e.what());
        }
        writeFile(dir.filePath("merges.txt"), "#version: 0.2\nĠ t\nnot-a-merge\n");
        QVERIFY_THROWS_EXCEPTION(ModelFileError, ByteLevelBpeTokenizer::fromFolder(dir.path().toStdString()));
        writeFile(dir.filePath("merges.txt"), "#version: 0.2\nzzzq qqqz\n");  // pieces not in the vocabulary
        QVERIFY_THROWS_EXCEPTION(ModelFileError, ByteLevelBpeTokenizer::fromFolder(dir.path().toStdString()));
        writeFile(dir.filePath("merges.txt"), "#version: 0.2\n");
        writeFile(dir.filePath("vocab.json"), "[1, 2]");
        QVERIFY_THROWS_EXCEPTION(ModelFileError, ByteLevelBpeTokenizer::fromFolder(dir.path().toStdString()));
        writeFile(dir.filePath("vocab.json"), "{\"<s>\": 0, \"</s>\": 2}");
        writeFile(dir.filePath("tokenizer_config.json"), "{\"add_prefix_space\": true}");
        QVERIFY_THROWS_EXCEPTION(UnsupportedModelError, ByteLevelBpeTokenizer::fromFolder(dir.path().toStdString()));
    }

    void matchesHuggingFace_data() {
        QTest::addColumn<QString>("family");
        QTest::addColumn<int>("index");
        const auto golden = readJson(dataPath("families_golden.json"));
        for (const char* family : {"roberta", "distilbert"})
            for (std::size_t i = 0; i < golden[family].size(); ++i)
                QTest::newRow(qPrintable(QString("%1: %2").arg(family, q(golden[family][i]["text"].get<std::string>()))))
                    << QString(family) << int(i);
    }

    void matchesHuggingFace() {
        QFETCH(QString, family);
        QFETCH(int, index);
        static const auto roberta = BertEncoder::load(dataPath("tiny_roberta"), cpuOptions());
        static const auto distilbert = BertEncoder::load(dataPath("tiny_distilbert"), cpuOptions());
        static const auto golden = readJson(dataPath("families_golden.json"));
        static const SafetensorsFile tensors(dataPath("families_golden.safetensors"));
        const auto& encoder = family == "roberta" ? roberta : distilbert;
        QCOMPARE(q(encoder->config().modelType), family);
        const auto& sentence = golden[family.toStdString()][static_cast<std::size_t>(index)];
        const std::string name = family.toStdString() + "." + std::to_string(index);

        for (const bool ablated : {false, true}) {
            HeadAblation ablation;
            if (ablated) ablation.encoder = {{0, 1}, {1, 3}};  // the fixture's head_mask
            const auto result = encoder->encode(sentence["text"].get<std::string>(), 5, ablation);
            std::vector<int> ids;
            for (const auto& t : result.tokens) ids.push_back(t.id);
            QCOMPARE(ids, sentence["ids"].get<std::vector<int>>());
            if (sentence.contains("offsets")) {
                const auto offsets = sentence["offsets"].get<std::vector<std::vector<std::size_t>>>();
                for (std::size_t i = 0; i < ids.size(); ++i) {
                    QCOMPARE(result.tokens[i].charBegin, offsets[i][0]);
                    QCOMPARE(result.tokens[i].charEnd, offsets[i][1]);
                }
            }
            const auto attentions = goldenFloats(tensors, name + (ablated ? ".ablated_attentions" : ".attentions"));
            const float diff = maxAbsDiff(result.attentions.values, attentions);
            QVERIFY2(diff <= 1e-5f, qPrintable(QString("max |attention - HF| = %1").arg(diff)));
            if (!ablated) {
                const float hidden = maxAbsDiff(lastHidden(result), goldenFloats(tensors, name + ".hidden"));
                QVERIFY2(hidden <= 1e-5f, qPrintable(QString("max |hidden - HF| = %1").arg(hidden)));
            }

            std::vector<std::int64_t> shape;
            const auto logits = goldenFloats(tensors, name + (ablated ? ".ablated_logits" : ".logits"), &shape);
            const auto vocab = static_cast<std::size_t>(shape[1]);
            std::size_t masks = 0;
            for (int id : ids) masks += id == encoder->tokenizer().maskId();
            QCOMPARE(result.maskPredictions.size(), masks);
            for (const auto& p : result.maskPredictions) {
                const float* row = logits.data() + p.tokenIndex * vocab;
                std::vector<int> order(vocab);
                std::iota(order.begin(), order.end(), 0);
                std::partial_sort(order.begin(), order.begin() + 5, order.end(), [&](int a, int b) { return row[a] > row[b]; });
                const float top = row[order[0]];
                double sum = 0;
                for (std::size_t v = 0; v < vocab; ++v) sum += std::exp(static_cast<double>(row[v] - top));
                for (int k = 0; k < 5; ++k) {
                    QCOMPARE(p.top[static_cast<std::size_t>(k)].id, order[static_cast<std::size_t>(k)]);
                    QVERIFY(std::fabs(p.top[static_cast<std::size_t>(k)].logit - row[order[static_cast<std::size_t>(k)]]) < 1e-4f);
                    const double probability = std::exp(static_cast<double>(row[order[static_cast<std::size_t>(k)]] - top)) / sum;
                    QVERIFY(std::fabs(p.top[static_cast<std::size_t>(k)].probability - probability) < 1e-5);
                    QCOMPARE(p.top[static_cast<std::size_t>(k)].text,
                             encoder->tokenizer().pieceText(p.top[static_cast<std::size_t>(k)].token));
                }
            }
        }
    }

    // The attention lab's numbers: Q, K, V of every head equal HF's (forward hooks on the
    // query/key/value linears, q_lin/k_lin/v_lin for DistilBERT) and the weights the encoder
    // exports.
    void inspectionMatchesHuggingFace() {
        static const SafetensorsFile tensors(dataPath("families_golden.safetensors"));
        const auto golden = readJson(dataPath("families_golden.json"));
        for (const char* family : {"roberta", "distilbert"}) {
            const auto encoder = BertEncoder::load(dataPath(std::string("tiny_") + family), cpuOptions());
            const auto& c = encoder->config();
            for (std::size_t s = 0; s < golden[family].size(); ++s) {
                const std::string text = golden[family][s]["text"].get<std::string>();
                const auto result = encoder->encode(text);
                const int T = result.attentions.queries;
                for (int layer = 0; layer < c.numLayers; ++layer)
                    for (int head = 0; head < c.numHeads; ++head) {
                        const auto r = encoder->inspect(text, layer, head);
                        for (const char which : {'q', 'k', 'v'}) {
                            const auto want = goldenFloats(tensors, std::string(family) + "." + std::to_string(s) + "." +
                                                                        which + "." + std::to_string(layer));
                            const FloatMatrix& got = which == 'q' ? r.query : which == 'k' ? r.key : r.value;
                            QCOMPARE(got.rows, T);
                            QCOMPARE(got.cols, c.headDim());
                            for (int t = 0; t < T; ++t)
                                for (int d = 0; d < c.headDim(); ++d) {
                                    const float w = want[static_cast<std::size_t>(t) * c.hiddenSize + head * c.headDim() + d];
                                    if (std::fabs(got.at(t, d) - w) > 1e-5f)
                                        QFAIL(qPrintable(QString("%1 %2 layer %3 head %4: %5[%6,%7] = %8, HF %9")
                                                             .arg(family, q(text)).arg(layer).arg(head).arg(which)
                                                             .arg(t).arg(d).arg(got.at(t, d)).arg(w)));
                                }
                        }
                        for (int i = 0; i < T; ++i)
                            for (int j = 0; j < T; ++j) QCOMPARE(r.weights.at(i, j), result.attentions.at(layer, head, i, j));
                    }
            }
        }
    }

    void layerZeroPartsAndPositions() {
        // RoBERTa numbers positions from pad + 1: the inspection's position rows are those rows
        // of the table, and the table the Positions view shows starts there.
        const auto roberta = BertEncoder::load(dataPath("tiny_roberta"), cpuOptions());
        const auto r = roberta->inspect("The cat sat.", 0, 1);
        const FloatMatrix table = roberta->positionEmbeddings();
        QCOMPARE(table.rows, roberta->config().maxPositions - roberta->config().padTokenId - 1);
        for (int t = 0; t < r.positionEmbeddings.rows; ++t)
            for (int d = 0; d < table.cols; ++d) QCOMPARE(r.positionEmbeddings.at(t, d), table.at(t, d));
        QVERIFY(r.tokenTypeEmbeddings.rows > 0);
        const auto distil = BertEncoder::load(dataPath("tiny_distilbert"), cpuOptions());
        const auto d = distil->inspect("the cat sat.", 0, 1);
        QCOMPARE(d.tokenTypeEmbeddings.rows, 0);  // DistilBERT has no token types
        QVERIFY(d.wordEmbeddings.rows > 0);
        QCOMPARE(distil->maxTokens(), std::size_t(64));
        QCOMPARE(roberta->maxTokens(), std::size_t(128));
    }

    void registryOpensBothAsEncoders() {
        for (const char* dir : {"tiny_roberta", "tiny_distilbert"}) {
            QCOMPARE(identifyModel(dataPath(dir)).family, ModelFamily::Encoder);
            const auto opened = openModel(dataPath(dir), ModelFamily::Encoder, cpuOptions());
            QVERIFY(opened.encoder);
            QVERIFY(opened.encoder->hasMaskedLmHead());
        }
    }

    void strictLoadingNamesTheFamily() {
        QTemporaryDir dir;
        copyFolder(dataPath("tiny_distilbert"), dir.path().toStdString());
        auto tensors = readAll(dir.filePath("model.safetensors").toStdString());
        tensors.erase(std::remove_if(tensors.begin(), tensors.end(),
                                     [](const RawTensor& t) { return t.name.find("q_lin.weight") != std::string::npos; }),
                      tensors.end());
        writeSafetensors(dir.filePath("model.safetensors").toStdString(), tensors);
        try {
            BertEncoder::load(dir.path().toStdString(), cpuOptions());
            QFAIL("a checkpoint without q_lin loaded");
        } catch (const WeightMismatchError& e) {
            const std::string what = e.what();
            QVERIFY2(what.find("distilbert.transformer.layer.0.attention.q_lin.weight") != std::string::npos, e.what());
            QVERIFY2(what.find("DistilBERT") != std::string::npos, e.what());
        }
    }
};

QTEST_MAIN(TestBertFamilies)
#include "tst_bert_families.moc"
