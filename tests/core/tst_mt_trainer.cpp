// Tests for the translation trainer on a synthetic parallel corpus written at test time
// (English number words -> German number words): two steps give finite losses and an
// opus-mt style folder that MarianTranslator loads and decodes; loss falls over a few dozen
// steps; a stopped run resumes to exactly the weights of an uninterrupted one; bad data gives
// typed errors; corpus BLEU behaves at its ends.
#include "attnscope/errors.h"
#include "attnscope/marian_translator.h"
#include "attnscope/mt_trainer.h"
#include "attnscope/sentencepiece_model.h"
#include "test_support.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <numeric>
#include <random>
#include <sys/stat.h>

using namespace attnscope;
using namespace testsupport;

constexpr long kLearnSteps = 400;

namespace {

struct Corpus {
    std::string source, target;
};

// count pairs of 1-4 number words, e.g. "three one" -> "drei eins".
Corpus writeCorpus(const QTemporaryDir& dir, const std::string& name, int count, unsigned seed) {
    static const char* en[] = {"one", "two", "three", "four", "five", "six", "seven", "eight"};
    static const char* de[] = {"eins", "zwei", "drei", "vier", "fuenf", "sechs", "sieben", "acht"};
    std::mt19937 rng(seed);
    std::string src, tgt;
    for (int i = 0; i < count; ++i) {
        const int words = 1 + static_cast<int>(rng() % 4);
        for (int w = 0; w < words; ++w) {
            const auto k = rng() % 8;
            src += std::string(w ? " " : "") + en[k];
            tgt += std::string(w ? " " : "") + de[k];
        }
        src += "\n";
        tgt += "\n";
    }
    Corpus c{dir.filePath(QString::fromStdString(name + ".en")).toStdString(),
             dir.filePath(QString::fromStdString(name + ".de")).toStdString()};
    writeText(c.source, src);
    writeText(c.target, tgt);
    return c;
}

MtTrainingOptions tinyOptions(const QTemporaryDir& dir, const Corpus& train) {
    MtTrainingOptions o;
    o.trainSource = train.source;
    o.trainTarget = train.target;
    o.outDir = dir.filePath("out").toStdString();
    o.sourceLanguage = "en";
    o.targetLanguage = "de";
    o.vocabSize = 64;
    o.dModel = 32;
    o.encoderLayers = 1;
    o.decoderLayers = 1;
    o.heads = 4;
    o.ffnDim = 64;
    o.maxPositions = 64;
    o.maxTokens = 16;
    o.batchTokens = 128;
    o.learningRate = 3e-3;
    o.warmupSteps = 5;
    o.checkpointEvery = 0;
    o.device = DeviceChoice::Cpu;
    o.threads = 1;
    o.seed = 5;
    return o;
}

std::vector<float> allWeights(const std::string& path) {
    SafetensorsFile file(path);
    std::vector<float> out;
    for (const auto& t : file.tensors()) {
        const auto* p = reinterpret_cast<const float*>(file.data(t));
        out.insert(out.end(), p, p + t.numel());
    }
    return out;
}

}  // namespace

class TestMtTrainer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void twoStepsGiveFiniteLossAndALoadableModel() {
        QTemporaryDir dir;
        auto o = tinyOptions(dir, writeCorpus(dir, "train", 200, 1));
        o.maxSteps = 2;
        std::vector<MtProgress> steps;
        const auto result = trainTranslation(o, [&](const MtProgress& p) {
            steps.push_back(p);
            return true;
        });
        QCOMPARE(result.steps, 2L);
        QCOMPARE(result.trainPairs, 200L);
        QCOMPARE(steps.size(), std::size_t(2));
        for (const auto& p : steps) {
            QVERIFY(std::isfinite(p.loss) && p.loss > 0.0);
            QVERIFY(p.tokensPerSecond > 0.0);
            QVERIFY(p.learningRate > 0.0);
        }
        for (const char* f :
             {"config.json", "model.safetensors", "source.spm", "target.spm", "vocab.json", "tokenizer_config.json"})
            QVERIFY2(QFile::exists(QString::fromStdString(o.outDir + "/" + f)), f);

        const auto vocab = readJson(o.outDir + "/vocab.json");
        const int V = static_cast<int>(vocab.size());
        QCOMPARE(V, result.vocabSize);
        QCOMPARE(vocab["</s>"].get<int>(), 0);
        QCOMPARE(vocab["<unk>"].get<int>(), 1);
        QCOMPARE(vocab["<pad>"].get<int>(), V - 1);
        QVERIFY(vocab.contains("\xe2\x96\x81"
                               "eins") ||
                vocab.contains("\xe2\x96\x81"
                               "one"));

        auto translator = MarianTranslator::load(o.outDir);
        const auto& c = translator->config();
        QCOMPARE(c.vocabSize, V);
        QCOMPARE(c.padTokenId, V - 1);
        QCOMPARE(c.decoderStartTokenId, V - 1);
        QCOMPARE(c.eosTokenId, 0);
        QCOMPARE(c.dModel, 32);
        const auto ids = translator->greedy({2, 3, 0}, 5);
        QVERIFY(!ids.empty() && ids.size() <= 6);
        QCOMPARE(ids.front(), V - 1);
        SafetensorsFile weights(o.outDir + "/model.safetensors");
        QVERIFY(weights.find("model.shared.weight"));
        QVERIFY(weights.find("final_logits_bias"));
        QVERIFY(weights.find("model.encoder.layers.0.self_attn.q_proj.weight"));
    }

    // Separate SentencePiece models per side still give one joint vocab.json (as opus-mt).
    void separateVocabulariesShareOneVocabJson() {
        QTemporaryDir dir;
        auto o = tinyOptions(dir, writeCorpus(dir, "train", 100, 9));
        o.jointVocabulary = false;
        o.maxSteps = 1;
        trainTranslation(o);
        const auto source = SentencePieceModel::load(o.outDir + "/source.spm");
        const auto target = SentencePieceModel::load(o.outDir + "/target.spm");
        QCOMPARE(source.pieceToId("\xe2\x96\x81"
                                  "eins"),
                 source.unkId());
        QVERIFY(target.pieceToId("\xe2\x96\x81"
                                 "eins") != target.unkId());
        const auto vocab = readJson(o.outDir + "/vocab.json");
        QVERIFY(vocab.contains("\xe2\x96\x81"
                               "eins") &&
                vocab.contains("\xe2\x96\x81"
                               "one"));
        QCOMPARE(vocab["<pad>"].get<int>(), static_cast<int>(vocab.size()) - 1);
        QCOMPARE(MarianTranslator::load(o.outDir)->config().vocabSize, static_cast<int>(vocab.size()));
    }

    void lossFallsAndValidationIsReported() {
        QTemporaryDir dir;
        auto o = tinyOptions(dir, writeCorpus(dir, "train", 40, 2));
        const auto valid = writeCorpus(dir, "valid", 10, 3);
        o.validSource = valid.source;
        o.validTarget = valid.target;
        o.bleuSentences = 5;
        o.dropout = 0.0;
        o.learningRate = 1e-2;
        o.epochs = 1000;
        o.maxSteps = 60;
        std::vector<double> losses;
        std::vector<MtEpochReport> reports;
        trainTranslation(
            o,
            [&](const MtProgress& p) {
                losses.push_back(p.loss);
                return true;
            },
            [&](const MtEpochReport& r) { reports.push_back(r); });
        QCOMPARE(losses.size(), std::size_t(60));
        const double first = std::accumulate(losses.begin(), losses.begin() + 5, 0.0) / 5;
        const double last = std::accumulate(losses.end() - 5, losses.end(), 0.0) / 5;
        QVERIFY2(last < 0.6 * first, qPrintable(QString("first %1, last %2").arg(first).arg(last)));
        QVERIFY(!reports.empty());
        QVERIFY(reports.front().validated && std::isfinite(reports.front().validLoss));
        QVERIFY(reports.back().validLoss < reports.front().validLoss);
        QVERIFY(reports.back().bleuComputed);
        QVERIFY(reports.back().bleu >= 0.0 && reports.back().bleu <= 100.0);
    }

    // Longer training learns the word mapping: the trainer's greedy BLEU is high, and the
    // exported folder, driven through MarianTranslator, translates a held-out sentence.
    void learnsTheMappingAndTheExportTranslates() {
        QTemporaryDir dir;
        auto o = tinyOptions(dir, writeCorpus(dir, "train", 200, 7));
        const auto valid = writeCorpus(dir, "valid", 20, 8);
        o.validSource = valid.source;
        o.validTarget = valid.target;
        o.bleuSentences = 20;
        o.dropout = 0.0;
        o.learningRate = 1e-2;
        o.epochs = 1000;
        o.maxSteps = kLearnSteps;
        std::vector<MtEpochReport> reports;
        trainTranslation(o, {}, [&](const MtEpochReport& r) { reports.push_back(r); });
        QVERIFY(!reports.empty() && reports.back().bleuComputed);
        QVERIFY2(reports.back().bleu > 50.0, qPrintable(QString("BLEU %1").arg(reports.back().bleu)));

        const auto vocab = readJson(o.outDir + "/vocab.json");
        std::vector<std::string> pieces(vocab.size());
        for (const auto& [piece, id] : vocab.items()) pieces[static_cast<std::size_t>(id.get<int>())] = piece;
        const auto spm = SentencePieceModel::load(o.outDir + "/source.spm");
        std::vector<int> source;
        for (const auto& p : spm.encodePieces("seven two five")) source.push_back(vocab.value(p.piece, 1));
        source.push_back(0);
        auto translator = MarianTranslator::load(o.outDir);
        std::string text;
        for (int id : translator->greedy(source, 12))
            if (id != translator->config().decoderStartTokenId && id != 0) text += pieces[static_cast<std::size_t>(id)];
        QCOMPARE(QString::fromStdString(text), QString::fromUtf8("\xe2\x96\x81sieben\xe2\x96\x81zwei\xe2\x96\x81"
                                                                 "fuenf"));
    }

    void stoppedRunResumesExactly() {
        QTemporaryDir straightDir, resumedDir;
        auto straight = tinyOptions(straightDir, writeCorpus(straightDir, "train", 60, 4));
        straight.epochs = 2;  // dropout stays on: its masks must repeat too
        const auto full = trainTranslation(straight);

        auto resumed = tinyOptions(resumedDir, writeCorpus(resumedDir, "train", 60, 4));
        resumed.epochs = 2;
        const auto first = trainTranslation(resumed, [](const MtProgress& p) { return p.step < 3; });
        QVERIFY(first.cancelled);
        QCOMPARE(first.steps, 3L);
        QVERIFY(first.epochs.empty());  // stopped inside the first epoch
        // The checkpoint is one folder named by `latest`. A later save cut off by a kill (a
        // half-written folder, a stray latest.part) must not stop the resume from the last
        // complete one (#18: atomic checkpoints).
        const std::string checkpoint = resumed.outDir + "/checkpoint";
        const std::string latest = readText(checkpoint + "/latest");
        QVERIFY2(latest.rfind("step-3-", 0) == 0, latest.c_str());
        std::filesystem::create_directories(checkpoint + "/step-999-0");
        writeText(checkpoint + "/step-999-0/trainable.safetensors", "half a file");
        writeText(checkpoint + "/latest.part", "step-999-0\n");
        resumed.resume = true;
        const auto second = trainTranslation(resumed);
        QVERIFY(!second.cancelled);
        QCOMPARE(second.steps, full.steps);

        const auto a = allWeights(straight.outDir + "/model.safetensors");
        const auto b = allWeights(resumed.outDir + "/model.safetensors");
        QCOMPARE(a.size(), b.size());
        float diff = 0.f;
        for (std::size_t i = 0; i < a.size(); ++i) diff = std::max(diff, std::fabs(a[i] - b[i]));
        QVERIFY2(diff < 1e-5f, qPrintable(QString("max diff %1").arg(diff)));
    }

    // #18 item 11: --resume reads the optimizer state through the core's checked safetensors
    // reader, never LibTorch's loader: a crafted or mismatched file is one clear error.
    void craftedOptimizerStateIsRefused() {
        QTemporaryDir dir;
        auto options = tinyOptions(dir, writeCorpus(dir, "train", 30, 4));
        QVERIFY(trainTranslation(options, [](const MtProgress& p) { return p.step < 2; }).cancelled);
        std::string stepFolder;
        for (const auto& e : std::filesystem::directory_iterator(options.outDir + "/checkpoint"))
            if (e.is_directory()) stepFolder = e.path().string();
        const std::string state = stepFolder + "/optimizer.safetensors";
        const auto original = readAll(state);
        QVERIFY(original.size() >= 3);
        options.resume = true;
        const auto expectRefusal = [&](const QStringList& words) {
            const QString problem = expectError<ModelFileError>([&] { trainTranslation(options); }, words);
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
        };
        // A tensor of the wrong shape.
        auto edited = original;
        for (auto& t : edited)
            if (t.name.rfind("exp_avg/", 0) == 0 && t.shape.size() == 2) {
                t.shape = {static_cast<std::int64_t>(t.bytes.size() / 4)};
                break;
            }
        writeSafetensors(state, edited);
        expectRefusal({"optimizer.safetensors", "shape"});
        // Not finite.
        edited = original;
        for (auto& t : edited)
            if (t.name.rfind("exp_avg_sq/", 0) == 0) {
                const float nan = std::nanf("");
                std::memcpy(t.bytes.data(), &nan, 4);
                break;
            }
        writeSafetensors(state, edited);
        expectRefusal({"optimizer.safetensors", "not finite"});
        // A tensor that belongs to no trained parameter.
        edited = original;
        edited.push_back(floatTensor("exp_avg/not.a.parameter", {2}));
        writeSafetensors(state, edited);
        expectRefusal({"not.a.parameter"});
        // Garbage, and a FIFO (which must not hang).
        writeText(state, "PK\x03\x04 not a tensor file");
        expectRefusal({"optimizer.safetensors"});
        std::filesystem::remove(state);
        QCOMPARE(::mkfifo(state.c_str(), 0600), 0);
        expectRefusal({"optimizer.safetensors", "not a regular file"});
        // An earlier version's optimizer.pt is not handed to LibTorch's loader.
        std::filesystem::remove(state);
        writeText(stepFolder + "/optimizer.pt", "anything");
        expectRefusal({"optimizer.pt", "without --resume"});
        // The untouched state resumes.
        std::filesystem::remove(stepFolder + "/optimizer.pt");
        writeSafetensors(state, original);
        QVERIFY(!trainTranslation(options).cancelled);
    }

    void badDataGivesTypedErrors() {
        QTemporaryDir dir;
        const auto corpus = writeCorpus(dir, "train", 20, 6);
        auto missing = tinyOptions(dir, corpus);
        missing.trainTarget = dir.filePath("nope.de").toStdString();
        QVERIFY_EXCEPTION_THROWN(trainTranslation(missing), ModelFileError);

        const auto shorter = dir.filePath("short.de").toStdString();
        writeText(shorter, "eins\nzwei\n");
        auto mismatched = tinyOptions(dir, corpus);
        mismatched.trainTarget = shorter;
        QVERIFY_EXCEPTION_THROWN(trainTranslation(mismatched), InputError);

        const auto blankSrc = dir.filePath("blank.en").toStdString(), blankTgt = dir.filePath("blank.de").toStdString();
        writeText(blankSrc, "\n\n");
        writeText(blankTgt, "\n\n");
        auto empty = tinyOptions(dir, {blankSrc, blankTgt});
        QVERIFY_EXCEPTION_THROWN(trainTranslation(empty), InputError);

        auto badShape = tinyOptions(dir, corpus);
        badShape.heads = 3;  // 32 is not a multiple of 3
        QVERIFY_EXCEPTION_THROWN(trainTranslation(badShape), InputError);

        auto halfValid = tinyOptions(dir, corpus);
        halfValid.validSource = corpus.source;
        QVERIFY_EXCEPTION_THROWN(trainTranslation(halfValid), InputError);
    }

    void corpusBleuAtItsEnds() {
        const std::vector<std::string> refs = {"the cat sat on the mat", "one two three four five"};
        QCOMPARE(corpusBleu(refs, refs), 100.0);
        QCOMPARE(corpusBleu({"a b c d e f", "x y z w v"}, refs), 0.0);
        const double partial = corpusBleu({"the cat sat on the rug", "one two three four five"}, refs);
        QVERIFY(partial > 0.0 && partial < 100.0);
    }
};

QTEST_GUILESS_MAIN(TestMtTrainer)
#include "tst_mt_trainer.moc"
