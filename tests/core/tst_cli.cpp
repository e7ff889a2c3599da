// Tests for attnscope-cli as a user runs it: printed summary, the JSON export (schema
// "attnscope.encode/1", loadable by json.load and equal to the reference attentions; its
// --aggregate and --stats additions equal to a second implementation in core/attention_reference.h),
// and one-line errors with a non-zero exit for bad folders, files, text and options.
#include "attnscope/safetensors_file.h"
#include "core/attention_reference.h"
#include "test_support.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <sys/resource.h>

#include <cmath>

using namespace testsupport;

namespace {

const QString kTiny = q(dataPath("tiny_bert"));

}  // namespace

class TestCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void encodePrintsSummary() {
        const auto r = runCli(
            {"encode", "--model", kTiny, "--text", "the [MASK] sat on the mat.", "--device", "cpu", "--top-k", "3"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("device:  cpu (float32)"));
        QVERIFY(r.out.contains("forward:"));
        QVERIFY(r.out.contains("tokens:  9"));
        QVERIFY(r.out.contains("[CLS] the [MASK] sat on the mat . [SEP]"));
        QVERIFY(r.out.contains("[MASK] at token 2:"));
    }

    void jsonExportMatchesReference() {
        QTemporaryDir dir;
        const QString path = dir.filePath("out.json");
        const auto golden = readJson(dataPath("tiny_bert_golden.json"));
        const auto text = golden["sentences"][0]["text"].get<std::string>();
        const auto r = runCli({"encode", "-m", kTiny, "-t", q(text), "--json", path});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto json = readJson(path.toStdString());
        QCOMPARE(json["schema"].get<std::string>(), std::string("attnscope.encode/1"));
        QCOMPARE(json["token_ids"].get<std::vector<int>>(), golden["sentences"][0]["ids"].get<std::vector<int>>());
        const auto shape = json["shape"].get<std::vector<int>>();
        QCOMPARE(shape, (std::vector<int>{2, 4, 9, 9}));
        QCOMPARE(json["tokens"].size(), std::size_t(9));
        QCOMPARE(json["offsets"][1].get<std::vector<int>>(), (std::vector<int>{0, 3}));  // "the"

        const attnscope::SafetensorsFile tensors(dataPath("tiny_bert_golden.safetensors"));
        const auto expected = goldenFloats(tensors, "s0.attentions");
        float diff = 0.f;
        std::size_t n = 0;
        for (int l = 0; l < 2; ++l)
            for (int h = 0; h < 4; ++h)
                for (int i = 0; i < 9; ++i)
                    for (int j = 0; j < 9; ++j)
                        diff = std::max(diff, std::fabs(json["attention"][l][h][i][j].get<float>() - expected[n++]));
        QVERIFY2(diff <= 1e-5f, qPrintable(QString::number(diff)));
    }

    void jsonAggregatesAndStatsMatchAReference() {
        QTemporaryDir dir;
        const QString path = dir.filePath("out.json");
        const auto r = runCli({"encode", "-m", kTiny, "-t", "the cat sat on the mat.", "--json", path, "--aggregate",
                               "mean,max", "--aggregate", "rollout", "--stats"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto json = readJson(path.toStdString());
        const reference::Stack s = reference::stackFromJson(json["attention"]);
        QCOMPARE(s.size(), std::size_t(2));
        const auto& aggregates = json["aggregates"];
        QCOMPARE(aggregates.size(), std::size_t(3));
        const auto meanOf = [&](std::size_t l) { return reference::meanHeads(s, l); };
        const auto maxOf = [&](std::size_t l) { return reference::maxHeads(s, l); };
        const auto rolloutOf = [&](std::size_t l) { return reference::rollout(s, l); };
        const double mean = reference::aggregateError(aggregates["mean"], s, meanOf);
        const double max = reference::aggregateError(aggregates["max"], s, maxOf);
        const double rollout = reference::aggregateError(aggregates["rollout"], s, rolloutOf);
        QVERIFY2(mean <= 1e-6, qPrintable(QString::number(mean)));
        QVERIFY2(max <= 1e-6, qPrintable(QString::number(max)));
        QVERIFY2(rollout <= 1e-6, qPrintable(QString::number(rollout)));
        const double stats = reference::statsError(json["stats"], s);
        QVERIFY2(stats <= 1e-6, qPrintable(QString::number(stats)));

        // Without the options the export stays as it was.
        const auto plain = runCli({"encode", "-m", kTiny, "-t", "the cat sat.", "--json", path});
        QVERIFY2(plain.exitCode == 0, qPrintable(plain.err));
        const auto plainJson = readJson(path.toStdString());
        QVERIFY(!plainJson.contains("aggregates"));
        QVERIFY(!plainJson.contains("stats"));
    }

    void errorsAreOneLine_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("words");
        QTest::newRow("missing folder") << QStringList{"encode", "-m", "/nonexistent/model", "-t", "hi"}
                                        << "does not exist";
        QTest::newRow("empty text") << QStringList{"encode", "-m", kTiny, "-t", ""} << "empty";
        QTest::newRow("bad device") << QStringList{"encode", "-m", kTiny, "-t", "hi", "-d", "tpu"} << "tpu";
        QTest::newRow("corrupt weights") << QStringList{"encode", "-m", "@corrupt", "-t", "hi"} << "model.safetensors";
        QTest::newRow("unknown architecture") << QStringList{"encode", "-m", "@gpt2", "-t", "hi"} << "gpt2";
        QTest::newRow("bad aggregate") << QStringList{"encode", "-m",          kTiny,         "-t", "hi",
                                                      "--json", "@dir/o.json", "--aggregate", "foo"}
                                       << "Unknown aggregate 'foo': choose mean, max or rollout";
        QTest::newRow("aggregate without json")
            << QStringList{"encode", "-m", kTiny, "-t", "hi", "--stats"} << "--json";
        // Issue #18 item 4: 1,024 threads on a 2-core machine hung.
        QTest::newRow("too many threads") << QStringList{"encode", "-m", kTiny, "-t", "hi", "--threads", "1024"}
                                          << "1024 threads asked for";
    }

    void errorsAreOneLine() {
        QFETCH(QStringList, args);
        QFETCH(QString, words);
        QTemporaryDir dir;
        const std::string folder = dir.path().toStdString();
        if (args.contains("@corrupt") || args.contains("@gpt2")) {
            copyFolder(dataPath("tiny_bert"), folder);
            if (args.contains("@corrupt")) writeText(folder + "/model.safetensors", "garbage!garbage!");
            else writeText(folder + "/config.json", R"({"model_type": "gpt2"})");
            args.replaceInStrings(QRegularExpression("^@.*"), dir.path());
        }
        args.replaceInStrings(QRegularExpression("^@dir"), dir.path());
        const auto r = runCli(args);
        QVERIFY2(r.exitCode == 1, qPrintable(QString("exit %1, stderr: %2").arg(r.exitCode).arg(r.err)));
        QVERIFY2(r.err.startsWith("attnscope-cli: error: "), qPrintable(r.err));
        QVERIFY2(r.err.contains(words), qPrintable(r.err));
        QCOMPARE(r.err.trimmed().count('\n'), 0);
    }

    // Issue #18 item 11: wrong successes. NaN length penalty printed "nan" scores; eval-mlm on an
    // empty file printed "top-1 0.000" and exited 0.
    void noWrongSuccesses() {
        const auto nan = runCli({"translate", "-m", q(dataPath("tiny_marian_tok")), "-t", "hi", "--beams", "2",
                                 "--length-penalty", "nan"});
        QVERIFY2(nan.exitCode != 0, qPrintable(nan.out));
        QVERIFY2(nan.err.contains("--length-penalty"), qPrintable(nan.err));
        QTemporaryDir dir;
        const std::string empty = dir.filePath("empty.txt").toStdString();
        writeText(empty, "");
        const auto eval = runCli({"eval-mlm", "-m", kTiny, "--data", q(empty)});
        QCOMPARE(eval.exitCode, 1);
        QVERIFY2(eval.err.contains("no sentence to score"), qPrintable(eval.err + eval.out));
        QVERIFY(!eval.out.contains("top-1"));
    }

    void trainMtRunsFromTheCommandLine() {
        // Also guards the SentencePiece isolation in a real executable that writes to
        // std::cout/std::cerr (with RTLD_DEEPBIND the trainer's first log line crashed).
        QTemporaryDir dir;
        const QStringList en = {"one", "two", "three", "four", "five", "six", "seven", "eight"};
        const QStringList de = {"eins", "zwei", "drei", "vier", "fuenf", "sechs", "sieben", "acht"};
        QString src, tgt;
        for (int i = 0; i < 120; ++i) {
            src += en[i % 8] + " " + en[(i / 8) % 8] + "\n";
            tgt += de[i % 8] + " " + de[(i / 8) % 8] + "\n";
        }
        writeText(dir.filePath("train.en").toStdString(), src.toStdString());
        writeText(dir.filePath("train.de").toStdString(), tgt.toStdString());
        const QString out = dir.filePath("model");
        const QStringList trainArgs = {"train-mt",
                               "--train-src",
                               dir.filePath("train.en"),
                               "--train-tgt",
                               dir.filePath("train.de"),
                               "--out",
                               out,
                               "--vocab-size",
                               "40",
                               "--d-model",
                               "32",
                               "--encoder-layers",
                               "1",
                               "--decoder-layers",
                               "1",
                               "--heads",
                               "4",
                               "--ffn-dim",
                               "64",
                               "--max-steps",
                               "2",
                               "--bleu-sentences",
                               "0",
                               "--device",
                               "cpu"};
        const auto r = runCli(trainArgs);
        QVERIFY2(r.exitCode == 0, qPrintable(QString("exit %1\n%2\n%3").arg(r.exitCode).arg(r.out, r.err)));
        QVERIFY2(r.out.contains("finished after 2 steps"), qPrintable(r.out));
        for (const char* f : {"config.json", "model.safetensors", "vocab.json", "source.spm", "target.spm"})
            QVERIFY2(QFile::exists(out + "/" + f), f);

        // #18 "nothing lost": a full disk (a file-size limit of 8 KB in the child, writes failing
        // with EFBIG) and a kill in the middle of a checkpoint write (the same limit with its
        // default signal, SIGXFSZ) both leave the previous checkpoint named by `latest`, and the
        // next --resume continues from it.
        const QString latest = out + "/checkpoint/latest";
        const std::string before = readText(latest.toStdString());
        QStringList resume = trainArgs;
        resume.replace(resume.indexOf("--max-steps") + 1, "4");
        resume << "--resume" << "--checkpoint-every" << "1";
        for (const bool killed : {false, true}) {
            QProcess p;
            p.setChildProcessModifier([killed] {
                if (!killed) ::signal(SIGXFSZ, SIG_IGN);
                const rlimit limit{8192, 8192};
                ::setrlimit(RLIMIT_FSIZE, &limit);
            });
            p.start(ATTNSCOPE_CLI_PATH, resume);
            QVERIFY(p.waitForFinished(120000));
            const QString err = QString::fromUtf8(p.readAllStandardError()).trimmed();
            if (killed) {
                QCOMPARE(p.exitStatus(), QProcess::CrashExit);
            } else {
                QCOMPARE(p.exitCode(), 1);
                QVERIFY2(err.startsWith("attnscope-cli: error: ") && err.contains("disk full") && !err.contains('\n'),
                         qPrintable(err));
            }
            QCOMPARE(readText(latest.toStdString()), before);
        }
        const auto resumed = runCli(resume);
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
        QVERIFY2(resumed.out.contains("finished after 4 steps"), qPrintable(resumed.out));
    }

    // #12: inspect's weights are the ones encode exports; --ablate zeroes exactly the named heads
    // and changes the others' inputs downstream; a head the model lacks is one clear line.
    // generate: streams the continuation; its JSON has the tokens, the n-best list and the
    // causal attentions the core gives (greedy ids as Hugging Face's, tst_gpt2).
    void generateContinuesAPrompt() {
        QTemporaryDir dir;
        const QString gpt2 = q(dataPath("tiny_gpt2")), path = dir.filePath("gen.json");
        const auto r = runCli({"generate", "-m", gpt2, "-t", "The cat sat on the", "-n", "6", "--json", path});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto j = readJson(path.toStdString());
        QCOMPARE(j["schema"], "attnscope.generate/1");
        QVERIFY(r.out.trimmed() == q(j["text"].get<std::string>()));
        QCOMPARE(j["prompt_tokens"].get<int>(), 5);
        QCOMPARE(j["tokens"].size(), std::size_t(11));
        QCOMPARE(j["attentions"]["weights"].size(), std::size_t(2));
        QCOMPARE(j["attentions"]["weights"][0][0].size(), std::size_t(11));
        QCOMPARE(j["attentions"]["weights"][0][0][0][1].get<double>(), 0.0);  // causal: no look ahead
        const auto beam = runCli({"generate", "-m", gpt2, "-t", "Hello", "-b", "3", "--json", "-"});
        QVERIFY2(beam.exitCode == 0, qPrintable(beam.err));
        QCOMPARE(nlohmann::json::parse(beam.out.toStdString())["nbest"].size(), std::size_t(3));
        const auto wrong = runCli({"generate", "-m", q(dataPath("tiny_bert")), "-t", "x"});
        QCOMPARE(wrong.exitCode, 1);
        QVERIFY2(wrong.err.contains("needs the generator family"), qPrintable(wrong.err));
        const auto empty = runCli({"generate", "-m", gpt2, "-t", ""});
        QCOMPARE(empty.exitCode, 1);
        QVERIFY2(empty.err.contains("The prompt is empty"), qPrintable(empty.err));
    }

    void inspectAndAblate() {
        QTemporaryDir dir;
        const QString text = "the cat sat on the mat because it was tired.";
        const QString plainPath = dir.filePath("plain.json"), ablatedPath = dir.filePath("ablated.json"),
                      labPath = dir.filePath("lab.json");
        QCOMPARE(runCli({"encode", "-m", kTiny, "-t", text, "--json", plainPath}).exitCode, 0);
        const auto lab = runCli({"inspect", "-m", kTiny, "-t", text, "--layer", "1", "--head", "2", "--json", labPath});
        QVERIFY2(lab.exitCode == 0, qPrintable(lab.err));
        QVERIFY2(lab.out.contains("encoder attention, layer 1, head 2"), qPrintable(lab.out));
        const auto plain = readJson(plainPath.toStdString()), inspected = readJson(labPath.toStdString());
        QCOMPARE(inspected["weights"], plain["attention"][1][2]);
        QCOMPARE(inspected["query"].size(), plain["tokens"].size());
        QCOMPARE(inspected["query"][0].size(), std::size_t(8));  // d = 32 / 4 heads
        const auto ablated = runCli({"encode", "-m", kTiny, "-t", text, "--ablate", "0:1,1:2", "--json", ablatedPath});
        QVERIFY2(ablated.exitCode == 0, qPrintable(ablated.err));
        QVERIFY2(ablated.out.contains("heads 0:1,1:2 switched off"), qPrintable(ablated.out));
        const auto a = readJson(ablatedPath.toStdString());
        for (const auto& row : a["attention"][0][1])
            for (const auto& w : row) QCOMPARE(w.get<double>(), 0.0);
        QVERIFY(a["attention"][1][0] != plain["attention"][1][0]);  // layer 1 sees layer 0's change
        QCOMPARE(a["attention"][0][0], plain["attention"][0][0]);    // layer 0's other heads do not
        const auto bad = runCli({"encode", "-m", kTiny, "-t", text, "--ablate", "2:0"});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY2(bad.err.contains("There is no encoder head 2:0"), qPrintable(bad.err));
        QCOMPARE(bad.err.trimmed().count('\n'), 0);
        const QString marian = q(dataPath("tiny_marian_tok"));
        const auto cross = runCli({"inspect", "-m", marian, "-t", "Hello world", "--kind", "cross", "--layer", "1",
                                   "--head", "0", "--json", labPath});
        QVERIFY2(cross.exitCode == 0, qPrintable(cross.err));
        const auto c = readJson(labPath.toStdString());
        QCOMPARE(c["kind"], "cross");
        QCOMPARE(c["weights"][0].size(), c["key_tokens"].size());  // keys: the source
        const auto decoder = runCli({"inspect", "-m", marian, "-t", "Hello world", "--kind", "decoder", "--layer", "0",
                                     "--head", "1", "--target-prefix", "Hallo Welt", "--json", labPath});
        QVERIFY2(decoder.exitCode == 0, qPrintable(decoder.err));
        const auto d = readJson(labPath.toStdString());
        QVERIFY(d["masked"][0][1] == 1.0 && d["masked"][1][0] == 0.0);  // the future is masked
        QVERIFY(d.contains("word_embeddings") && d.contains("position_embeddings"));
        const auto translated = runCli({"translate", "-m", marian, "-t", "Hello world", "--ablate", "0:0,1:3"});
        QVERIFY2(translated.exitCode == 0, qPrintable(translated.err));
        QVERIFY2(translated.out.contains("cross heads 0:0,1:3 switched off"), qPrintable(translated.out));
        const auto encoderKind = runCli({"inspect", "-m", kTiny, "-t", text, "--kind", "cross", "--layer", "0", "--head", "0"});
        QCOMPARE(encoderKind.exitCode, 1);
        QVERIFY2(encoderKind.err.contains("only --kind encoder"), qPrintable(encoderKind.err));
    }

    void missingArgumentsShowUsage() {
        const auto r = runCli({"encode", "--text", "hi"});
        QVERIFY(r.exitCode != 0);
        QVERIFY((r.out + r.err).contains("--model"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
