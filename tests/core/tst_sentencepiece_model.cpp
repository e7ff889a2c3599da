// Tests for SentencePieceModel: a tiny model trained at test time round-trips text (accents,
// CJK, emoji), maps unknown characters to <unk>, and bad files or trainer arguments give
// typed errors. The binary links LibTorch through the core and runs a BertEncoder too,
// proving SentencePiece (via the dlopen()ed shim) and LibTorch live in one process.
#include "attnscope/bert_encoder.h"
#include "attnscope/errors.h"
#include "attnscope/sentencepiece_model.h"
#include "test_support.h"

#include <QTemporaryDir>
#include <QtTest>

#include <iostream>

#include <random>

using namespace attnscope;
using namespace testsupport;

namespace {

// A few hundred lines mixing English, accented Latin, CJK and emoji, deterministic.
std::string trainingCorpus() {
    const std::vector<std::string> words = {
        "the", "cat",    "sat",   "on",     "mat",   "a",      "dog",        "ran",   "street", "because",
        "it",  "was",    "too",   "tired",  "café",  "naïve",  "über",       "señor", "garçon", "déjà",
        "vu",  "Zürich", "東京",  "日本語", "猫",    "犬",     "こんにちは", "世界",  "🙂",   "🐱",
        "🚀",   "animal", "cross", "wide",   "Paris", "France", "capital",    "of",    "is",     "and"};
    std::mt19937 rng(1234);
    std::uniform_int_distribution<std::size_t> pick(0, words.size() - 1);
    std::uniform_int_distribution<int> length(4, 12);
    std::string corpus;
    for (int line = 0; line < 400; ++line) {
        const int n = length(rng);
        for (int i = 0; i < n; ++i) corpus += (i ? " " : "") + words[pick(rng)];
        corpus += "\n";
    }
    return corpus;
}

}  // namespace

class TestSentencePieceModel : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::string modelPath_;

private Q_SLOTS:
    void initTestCase() {
        // The executable must use std::cerr itself (copy-relocated into it, like attnscope-cli's
        // CLI11 output): a shim loaded with RTLD_DEEPBIND crashed training in exactly that case.
        std::cerr << "tst_sentencepiece_model: std::cerr is live in this executable\n";
        QVERIFY(dir_.isValid());
        const std::string root = dir_.path().toStdString();
        writeText(root + "/corpus.txt", trainingCorpus());
        SentencePieceModel::train("--input=" + root + "/corpus.txt --model_prefix=" + root +
                                  "/tiny --vocab_size=200 --model_type=unigram --character_coverage=1.0"
                                  " --hard_vocab_limit=false --minloglevel=2");
        modelPath_ = root + "/tiny.model";
        QVERIFY(QFile::exists(QString::fromStdString(modelPath_)));
    }

    void vocabularyAndSpecialIds() {
        const auto model = SentencePieceModel::load(modelPath_);
        QVERIFY(model.vocabSize() > 50 && model.vocabSize() <= 200);
        QCOMPARE(model.unkId(), 0);
        QCOMPARE(model.bosId(), 1);
        QCOMPARE(model.eosId(), 2);
        QCOMPARE(model.padId(), -1);
        QCOMPARE(model.idToPiece(model.unkId()), std::string("<unk>"));
        for (std::int32_t id = 0; id < model.vocabSize(); ++id) QCOMPARE(model.pieceToId(model.idToPiece(id)), id);
        QVERIFY(expectError<InputError>([&] { model.idToPiece(model.vocabSize()); }, {"outside"}).isEmpty());
        QVERIFY(expectError<InputError>([&] { model.idToPiece(-1); }, {"outside"}).isEmpty());
    }

    void roundTrip_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("ascii") << "the cat sat on the mat"
                               << "the cat sat on the mat";
        QTest::newRow("accents") << "café naïve über garçon déjà vu"
                                 << "café naïve über garçon déjà vu";
        QTest::newRow("cjk") << "東京 日本語 猫 こんにちは 世界"
                             << "東京 日本語 猫 こんにちは 世界";
        QTest::newRow("emoji") << "the cat 🐱 and the 🚀 🙂"
                               << "the cat 🐱 and the 🚀 🙂";
        QTest::newRow("mixed") << "Zürich is the capital of 日本語 🙂"
                               << "Zürich is the capital of 日本語 🙂";
        QTest::newRow("whitespace collapsed") << "  the   dog  ran "
                                              << "the dog ran";
        QTest::newRow("empty") << ""
                               << "";
    }

    void roundTrip() {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const auto model = SentencePieceModel::load(modelPath_);
        const std::string input = text.toStdString();
        const auto ids = model.encodeIds(input);
        for (const auto id : ids) QVERIFY(id != model.unkId());
        QCOMPARE(QString::fromStdString(model.decodeIds(ids)), expected);

        const auto pieces = model.encodePieces(input);
        QCOMPARE(pieces.size(), ids.size());
        for (std::size_t i = 0; i < pieces.size(); ++i) {
            QCOMPARE(pieces[i].id, ids[i]);
            QCOMPARE(pieces[i].piece, model.idToPiece(ids[i]));
            QVERIFY(pieces[i].begin <= pieces[i].end && pieces[i].end <= input.size());
            if (i > 0) QCOMPARE(pieces[i].begin, pieces[i - 1].end);
        }
    }

    void offsetsPointIntoInput() {
        const auto model = SentencePieceModel::load(modelPath_);
        const std::string input = "the café 🐱";
        const auto pieces = model.encodePieces(input);
        QVERIFY(!pieces.empty());
        QCOMPARE(pieces.front().begin, std::size_t(0));
        QCOMPARE(pieces.back().end, input.size());
        std::string joined;
        for (const auto& p : pieces) joined += input.substr(p.begin, p.end - p.begin);
        QCOMPARE(joined, input);
    }

    void unknownCharactersMapToUnk() {
        const auto model = SentencePieceModel::load(modelPath_);
        const auto ids = model.encodeIds("the Жук cat");
        QVERIFY(std::find(ids.begin(), ids.end(), model.unkId()) != ids.end());
        QCOMPARE(model.pieceToId("no-such-piece"), model.unkId());
        QVERIFY(expectError<InputError>([&] { model.decodeIds({model.vocabSize()}); }, {"outside"}).isEmpty());
    }

    void missingFileThrows() {
        const std::string path = dir_.path().toStdString() + "/absent.model";
        QVERIFY(expectError<ModelFileError>([&] { SentencePieceModel::load(path); },
                                            {QString::fromStdString(path), "not found"})
                    .isEmpty());
    }

    void corruptFileThrows() {
        const std::string path = dir_.path().toStdString() + "/corrupt.model";
        std::mt19937 rng(42);
        std::string bytes(4096, '\0');
        for (auto& b : bytes) b = static_cast<char>(rng() & 0xff);
        writeText(path, bytes);
        QVERIFY(expectError<ModelFileError>([&] { SentencePieceModel::load(path); }, {QString::fromStdString(path)})
                    .isEmpty());
        writeText(path, "");
        QVERIFY(expectError<ModelFileError>([&] { SentencePieceModel::load(path); }, {QString::fromStdString(path)})
                    .isEmpty());
    }

    void badTrainerArgumentThrows() {
        const std::string root = dir_.path().toStdString();
        QVERIFY(expectError<Error>(
                    [&] {
                        SentencePieceModel::train("--input=" + root + "/corpus.txt --model_prefix=" + root +
                                                  "/bad --vocab_size=200 --no_such_option=1");
                    },
                    {"no_such_option"})
                    .isEmpty());
    }

    // LibTorch (through BertEncoder) and SentencePiece in the same process, interleaved.
    void torchAndSentencePieceInOneProcess() {
        EncoderOptions options;
        options.device = DeviceChoice::Cpu;
        const auto encoder = BertEncoder::load(dataPath("tiny_bert"), options);
        const auto result = encoder->encode("the cat sat on the mat.");
        QVERIFY(result.attentions.layers > 0);
        QVERIFY(!result.attentions.values.empty());
        const auto model = SentencePieceModel::load(modelPath_);
        const std::string text = "the cat 🐱 sat on the mat";
        QCOMPARE(model.decodeIds(model.encodeIds(text)), text);
    }
};

QTEST_GUILESS_MAIN(TestSentencePieceModel)
#include "tst_sentencepiece_model.moc"
