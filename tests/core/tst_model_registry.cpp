// Tests for the model registry (attnscope/model_registry.h): config.json's model_type picks the
// family and openModel returns a working object of it (tiny BERT, tiny Marian with tokenizer,
// the committed attnscope-en-de); an unknown model_type names the known ones; a missing folder
// or config.json is a ModelFileError; the CLI sends a folder of the other family to its command.
#include "attnscope/errors.h"
#include "attnscope/model_registry.h"
#include "test_support.h"

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

using namespace attnscope;
using namespace testsupport;

class TestModelRegistry : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void knowsTheFamilies() {
        QCOMPARE(knownModelTypes(), (std::vector<std::string>{"bert", "distilbert", "roberta", "gpt2", "marian"}));
        QCOMPARE(std::string(modelFamilyName(ModelFamily::Encoder)), std::string("encoder"));
        QCOMPARE(std::string(modelFamilyName(ModelFamily::Translator)), std::string("translator"));
    }

    void identifiesWithoutLoading() {
        const auto bert = identifyModel(dataPath("tiny_bert"));
        QCOMPARE(bert.modelType, std::string("bert"));
        QCOMPARE(bert.family, ModelFamily::Encoder);
        // tiny_marian has no tokenizer files: identifying needs only config.json.
        const auto marian = identifyModel(dataPath("tiny_marian"));
        QCOMPARE(marian.modelType, std::string("marian"));
        QCOMPARE(marian.family, ModelFamily::Translator);
    }

    void opensBertAsEncoder() {
        std::vector<std::string> stages;
        auto opened = openModel(dataPath("tiny_bert"), cpuOptions(), [&](double, const std::string& stage) {
            stages.push_back(stage);
            return true;
        });
        QCOMPARE(opened.family, ModelFamily::Encoder);
        QCOMPARE(opened.modelType, std::string("bert"));
        QVERIFY(opened.encoder);
        QVERIFY(!opened.translator);
        QVERIFY(!stages.empty());
        QCOMPARE(stages.back(), std::string("ready"));
        const auto r = opened.encoder->encode("the cat sat");
        QVERIFY(r.tokens.size() > 2);
        QCOMPARE(r.tokens.front().piece, std::string("[CLS]"));
        QCOMPARE(r.attentions.queries, static_cast<int>(r.tokens.size()));
    }

    void opensMarianAsTranslator_data() {
        QTest::addColumn<QString>("folder");
        QTest::newRow("tiny fixture") << q(dataPath("tiny_marian_tok"));
        QTest::newRow("attnscope-en-de") << q(dataPath("../../models/attnscope-en-de"));
    }
    void opensMarianAsTranslator() {
        QFETCH(QString, folder);
        auto opened = openModel(folder.toStdString(), cpuOptions());
        QCOMPARE(opened.family, ModelFamily::Translator);
        QCOMPARE(opened.modelType, std::string("marian"));
        QVERIFY(opened.translator);
        QVERIFY(!opened.encoder);
        TranslateOptions options;
        options.maxNewTokens = 16;
        const auto r = opened.translator->translate("Two dogs are running on the beach.", options);
        QVERIFY(r.sourceTokens.size() > 1);
        QVERIFY(!r.targetTokens.empty());
        QVERIFY(r.sourceTokens.back().special);  // </s>
        QCOMPARE(r.crossAttentions.keys, static_cast<int>(r.sourceTokens.size()));
    }

    // A workspace opens through the registry with the family it handles: the right folder loads,
    // a folder of the other family is refused before its weights are read.
    void expectedFamilyOpensOrRefuses() {
        auto encoder = openModel(dataPath("tiny_bert"), ModelFamily::Encoder, cpuOptions());
        QVERIFY(encoder.encoder);
        auto translator = openModel(dataPath("tiny_marian_tok"), ModelFamily::Translator, cpuOptions());
        QVERIFY(translator.translator);
        bool progressed = false;
        const auto problem = expectError<UnsupportedModelError>(
            [&] {
                openModel(dataPath("tiny_marian_tok"), ModelFamily::Encoder, cpuOptions(), [&](double, const std::string&) {
                    progressed = true;
                    return true;
                });
            },
            {"marian", "translator family", "needs the encoder family"});
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QVERIFY(!progressed);  // refused from config.json alone
        const auto other = expectError<UnsupportedModelError>(
            [] { openModel(dataPath("tiny_bert"), ModelFamily::Translator, cpuOptions()); },
            {"bert", "encoder family", "needs the translator family"});
        QVERIFY2(other.isEmpty(), qPrintable(other));
    }

    // A translator needs its tokenizer: the model-only fixture is refused with the file named.
    void marianWithoutTokenizerNamesTheFile() {
        const auto problem =
            expectError<ModelFileError>([] { openModel(dataPath("tiny_marian"), cpuOptions()); }, {"source.spm"});
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void unknownModelTypeNamesTheKnownOnes() {
        QTemporaryDir dir;
        writeText(dir.filePath("config.json").toStdString(), R"({"model_type": "t5"})");
        for (const auto& call : {std::function<void()>([&] { openModel(dir.path().toStdString(), cpuOptions()); }),
                                 std::function<void()>([&] { identifyModel(dir.path().toStdString()); })}) {
            const auto problem = expectError<UnsupportedModelError>(call, {"t5", "\"bert\"", "\"marian\""});
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
        }
    }

    void missingFolderOrConfigIsAModelFileError() {
        auto problem = expectError<ModelFileError>([] { openModel(dataPath("no_such_model"), cpuOptions()); },
                                                   {"no_such_model", "does not exist"});
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QTemporaryDir dir;
        problem =
            expectError<ModelFileError>([&] { openModel(dir.path().toStdString(), cpuOptions()); }, {"config.json"});
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void cancelledLoadThrows() {
        const auto problem = expectError<CancelledError>(
            [] { openModel(dataPath("tiny_bert"), cpuOptions(), [](double, const std::string&) { return false; }); },
            {"cancelled"});
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    // Both loaders share one preamble: the same mistake gives the same message in both families.
    void familiesShareTheFolderChecks_data() {
        QTest::addColumn<QString>("fixture");
        QTest::newRow("bert") << "tiny_bert";
        QTest::newRow("marian") << "tiny_marian_tok";
    }
    void familiesShareTheFolderChecks() {
        QFETCH(QString, fixture);
        QTemporaryDir dir;
        const std::string folder = dir.path().toStdString();
        copyFolder(dataPath(fixture.toStdString()), folder);
        // No model.safetensors: pytorch_model.bin is read, and this one is a renamed safetensors file.
        std::filesystem::rename(folder + "/model.safetensors", folder + "/pytorch_model.bin");
        auto problem = expectError<ModelFileError>([&] { openModel(folder, cpuOptions()); },
                                                   {"pytorch_model.bin", "not a PyTorch zip checkpoint"});
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        std::filesystem::remove(folder + "/pytorch_model.bin");
        problem = expectError<ModelFileError>([&] { openModel(folder, cpuOptions()); },
                                              {"has no model.safetensors", "pytorch_model.bin"});
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void cliSendsAFolderToItsCommand_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QStringList>("words");
        QTest::newRow("marian to encode") << QStringList{"encode", "-m", q(dataPath("tiny_marian_tok")), "-t", "hi"}
                                          << QStringList{"translator", "marian", "translate"};
        QTest::newRow("bert to translate") << QStringList{"translate", "-m", q(dataPath("tiny_bert")), "-t", "hi"}
                                           << QStringList{"encoder", "bert", "encode"};
    }
    void cliSendsAFolderToItsCommand() {
        QFETCH(QStringList, args);
        QFETCH(QStringList, words);
        const auto r = runCli(args);
        QVERIFY2(r.exitCode == 1, qPrintable(QString("exit %1, stderr: %2").arg(r.exitCode).arg(r.err)));
        QVERIFY2(r.err.startsWith("attnscope-cli: error: "), qPrintable(r.err));
        for (const auto& w : words) QVERIFY2(r.err.contains(w), qPrintable(r.err));
        QCOMPARE(r.err.trimmed().count('\n'), 0);
    }
};

QTEST_GUILESS_MAIN(TestModelRegistry)
#include "tst_model_registry.moc"
