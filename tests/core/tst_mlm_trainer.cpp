// Tests for the masked-LM trainer on the committed tiny BERT: a couple of steps give finite
// losses and a folder BertEncoder loads; loss falls on a repeated batch; a stopped run
// resumes to exactly the weights of an uninterrupted one; bad data gives typed errors.
#include "attnscope/bert_encoder.h"
#include "attnscope/errors.h"
#include "attnscope/mlm_trainer.h"
#include "attnscope/text_lines.h"
#include "test_support.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <numeric>

using namespace attnscope;
using namespace testsupport;

namespace {

MlmTrainingOptions baseOptions(const QTemporaryDir& dir, const std::string& corpus) {
    MlmTrainingOptions o;
    o.initModel = dataPath("tiny_bert");
    o.trainFiles = {corpus};
    o.outDir = dir.filePath("out").toStdString();
    o.device = DeviceChoice::Cpu;
    o.batchTokens = 64;
    o.maxTokens = 32;
    o.learningRate = 1e-2;
    o.warmupSteps = 0;
    o.checkpointEvery = 0;
    o.seed = 3;
    return o;
}

std::string writeCorpus(const QTemporaryDir& dir, const std::vector<std::string>& lines) {
    const auto path = dir.filePath("corpus.txt").toStdString();
    std::string text;
    for (const auto& l : lines) text += l + "\n";
    writeText(path, text);
    return path;
}

const std::vector<std::string> kCorpus = {
    "the cat sat on the mat.",      "the dog sat on the road.",      "a man and a dog go home.",
    "we go to the park every day.", "the old man and the sea.",      "why did the chicken cross the road?",
    "one two three four five six.", "the cat and the dog are good.", "we live in a small house.",
    "the boy read a long story.",   "my mother made food today.",    "the sun is high and the sea is blue.",
};

}  // namespace

class TestMlmTrainer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void twoStepsGiveFiniteLossAndALoadableModel() {
        QTemporaryDir dir;
        auto o = baseOptions(dir, writeCorpus(dir, kCorpus));
        o.maxSteps = 2;
        std::vector<MlmProgress> steps;
        const auto result = trainMaskedLm(o, [&](const MlmProgress& p) {
            steps.push_back(p);
            return true;
        });
        QCOMPARE(result.steps, 2L);
        QCOMPARE(steps.size(), std::size_t(2));
        for (const auto& p : steps) {
            QVERIFY(std::isfinite(p.loss) && p.loss > 0.0);
            QVERIFY(p.tokensPerSecond > 0.0);
            QVERIFY(p.maskedAccuracy >= 0.0 && p.maskedAccuracy <= 1.0);
        }
        auto encoder = BertEncoder::load(o.outDir, {});
        QVERIFY(encoder->hasMaskedLmHead());
        QCOMPARE(encoder->encode("the [MASK] sat on the mat.").maskPredictions.size(), std::size_t(1));
        // Head-only training: trained.safetensors holds only cls.predictions.* tensors.
        SafetensorsFile trained(o.outDir + "/trained.safetensors");
        QVERIFY(!trained.tensors().empty());
        for (const auto& t : trained.tensors()) QVERIFY2(t.name.rfind("cls.predictions.", 0) == 0, t.name.c_str());
        QCOMPARE(readJson(o.outDir + "/config.json")["architectures"][0].get<std::string>(),
                 std::string("BertForMaskedLM"));
    }

    void lossFallsOnARepeatedBatch() {
        QTemporaryDir dir;
        // One sentence sixteen times: every epoch is one batch of the same text (new masks).
        auto o = baseOptions(dir, writeCorpus(dir, std::vector<std::string>(16, "the cat sat on the mat.")));
        o.batchTokens = 4096;
        o.epochs = 30;
        o.trainLayers = 2;
        o.maskProbability = 0.3;
        std::vector<double> losses;
        trainMaskedLm(o, [&](const MlmProgress& p) {
            losses.push_back(p.loss);
            return true;
        });
        QCOMPARE(losses.size(), std::size_t(30));
        const double first = std::accumulate(losses.begin(), losses.begin() + 5, 0.0) / 5;
        const double last = std::accumulate(losses.end() - 5, losses.end(), 0.0) / 5;
        QVERIFY2(last < 0.5 * first, qPrintable(QString("first %1, last %2").arg(first).arg(last)));
    }

    void stoppedRunResumesExactly() {
        QTemporaryDir straightDir, resumedDir;
        auto straight = baseOptions(straightDir, writeCorpus(straightDir, kCorpus));
        straight.epochs = 3;
        straight.trainLayers = 1;
        trainMaskedLm(straight);

        auto resumed = baseOptions(resumedDir, writeCorpus(resumedDir, kCorpus));
        resumed.epochs = 3;
        resumed.trainLayers = 1;
        long stopAt = 0;
        const auto first = trainMaskedLm(resumed, [&](const MlmProgress& p) {
            stopAt = p.step;
            return p.step < 4;  // stop in the middle of the first epoch (it has more batches)
        });
        QVERIFY(first.cancelled);
        QCOMPARE(first.steps, 4L);
        QVERIFY(first.epochs.empty());  // no epoch had finished
        resumed.resume = true;
        const auto second = trainMaskedLm(resumed);
        QVERIFY(!second.cancelled);

        SafetensorsFile a(straight.outDir + "/trained.safetensors"), b(resumed.outDir + "/trained.safetensors");
        QCOMPARE(a.tensors().size(), b.tensors().size());
        float diff = 0.f;
        for (const auto& t : a.tensors()) {
            const auto* u = reinterpret_cast<const float*>(a.data(t));
            const auto* other = b.find(t.name);
            QVERIFY(other);
            const auto* v = reinterpret_cast<const float*>(b.data(*other));
            for (std::int64_t i = 0; i < t.numel(); ++i) diff = std::max(diff, std::fabs(u[i] - v[i]));
        }
        QVERIFY2(diff < 1e-5f, qPrintable(QString("stopped at %1, max diff %2").arg(stopAt).arg(diff)));
    }

    void badDataGivesTypedErrors() {
        QTemporaryDir dir;
        auto missing = baseOptions(dir, dir.filePath("nope.txt").toStdString());
        QVERIFY_EXCEPTION_THROWN(trainMaskedLm(missing), ModelFileError);
        auto empty = baseOptions(dir, writeCorpus(dir, {"", "x"}));
        QVERIFY_EXCEPTION_THROWN(trainMaskedLm(empty), InputError);
        auto noModel = baseOptions(dir, writeCorpus(dir, kCorpus));
        noModel.initModel = dir.filePath("no-model").toStdString();
        QVERIFY_EXCEPTION_THROWN(trainMaskedLm(noModel), ModelFileError);
    }

    void readsGzipAndPlainText() {
        QTemporaryDir dir;
        const auto plain = dir.filePath("a.txt").toStdString();
        writeText(plain, "one\r\ntwo\n\nthree");
        QCOMPARE(readTextLines(plain), (std::vector<std::string>{"one", "two", "three"}));
        const auto gz = dir.filePath("a.txt.gz");
        QProcess gzip;
        gzip.start("gzip", {"-k", QString::fromStdString(plain)});
        QVERIFY(gzip.waitForFinished());
        QCOMPARE(readTextLines(plain + ".gz"), (std::vector<std::string>{"one", "two", "three"}));
        writeText(dir.filePath("bad.gz").toStdString(), std::string("\x1f\x8b\x08\x00garbage", 11));
        QVERIFY_EXCEPTION_THROWN(readTextLines(dir.filePath("bad.gz").toStdString()), ModelFileError);
    }
};

QTEST_GUILESS_MAIN(TestMlmTrainer)
#include "tst_mlm_trainer.moc"
