// Tests for `attnscope-cli translate` as a user runs it on tests/data/tiny_marian_tok: the
// printed translation equals Hugging Face's decoded greedy generate(), the JSON export (schema
// "attnscope.translate/1") has the documented shapes and its --aggregate/--stats additions
// equal a second implementation (core/attention_reference.h), the Pharaoh alignment parses,
// and bad input gives a one-line error with exit code 1.
#include "core/attention_reference.h"
#include "test_support.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace testsupport;

namespace {

const QString kModel = q(dataPath("tiny_marian_tok"));

const nlohmann::json& golden() {
    static const auto j = readJson(dataPath("tiny_marian_tok_golden.json"));
    return j;
}

QString lineAfter(const QString& out, const QString& label) {
    for (const auto& line : out.split('\n'))
        if (line.startsWith(label)) return line.mid(label.size());
    return "<missing " + label + ">";
}

std::vector<int> shapeOf(const nlohmann::json& attention) { return attention["shape"].get<std::vector<int>>(); }

}  // namespace

class TestTranslateCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void printsHuggingFaceGreedyTranslation() {
        const auto maxNew = QString::number(golden()["max_new_tokens"].get<int>());
        int checked = 0;
        for (const auto& c : golden()["cases"]) {
            if (!c.contains("generated") || c["generated"]["greedy"]["text"].get<std::string>().empty()) continue;
            const auto r = runCli({"translate", "--model", kModel, "--text", q(c["text"].get<std::string>()),
                                   "--device", "cpu", "--max-new-tokens", maxNew});
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
            QCOMPARE(lineAfter(r.out, "translation: "), q(c["generated"]["greedy"]["text"].get<std::string>()));
            QVERIFY(r.out.contains("time:"));
            const QRegularExpression pharaoh("^(\\d+-\\d+( \\d+-\\d+)*)?$");
            QVERIFY2(pharaoh.match(lineAfter(r.out, "alignment:   ")).hasMatch(), qPrintable(r.out));
            if (++checked == 3) break;
        }
        QCOMPARE(checked, 3);
    }

    // The committed built-in model loads and translates caption-like English into German.
    void builtInModelTranslates() {
        const QString model = q(dataPath("../../models/attnscope-en-de"));
        const auto r = runCli({"translate", "-m", model, "-t", "Two dogs are running on the beach.", "--beams", "4"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QString german = lineAfter(r.out, "translation: ");
        QVERIFY2(german.contains("Hunde") && german.contains("Strand"), qPrintable(german));
        QVERIFY(r.out.contains("n-best:"));
    }

    // The built-in English→French model (Bahdanau et al.'s language pair) translates a caption,
    // and its alignment crosses where French puts the adjective after the noun.
    void builtInFrenchModelTranslates() {
        const QString model = q(dataPath("../../models/attnscope-en-fr"));
        const auto r = runCli({"translate", "-m", model, "-t", "Two dogs are running on the beach."});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(lineAfter(r.out, "translation: "), QString("Deux chiens courent sur la plage."));
        QTemporaryDir dir;
        const QString json = dir.filePath("shirt.json");
        const auto shirt = runCli({"translate", "-m", model, "-t", "A man in a blue shirt is playing the guitar on the street.",
                                   "--json", json});
        QVERIFY2(shirt.exitCode == 0, qPrintable(shirt.err));
        const auto j = readJson(json.toStdString());
        const QString french = QString::fromStdString(j["translation"].get<std::string>());
        QVERIFY2(french.contains("bleu") && french.indexOf("bleu") > french.indexOf("shirt"), qPrintable(french));
    }

    // --input/--output: one translation per line, empty lines kept, equal to generate()'s.
    void translatesAFileLineByLine() {
        const auto maxNew = QString::number(golden()["max_new_tokens"].get<int>());
        QTemporaryDir dir;
        std::string input;
        std::vector<std::string> expected;
        for (const auto& c : golden()["cases"]) {
            if (!c.contains("generated")) continue;
            input += c["text"].get<std::string>() + "\n";
            expected.push_back(c["generated"]["greedy"]["text"].get<std::string>());
            if (expected.size() == 2) {
                input += "\n";  // an empty line stays an empty line
                expected.emplace_back();
            }
            if (expected.size() == 5) break;
        }
        writeText(dir.filePath("in.txt").toStdString(), input);
        const auto r = runCli({"translate", "-m", kModel, "--input", dir.filePath("in.txt"), "--output",
                               dir.filePath("out.txt"), "--max-new-tokens", maxNew});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.err.contains("translated 4 lines"));
        QFile out(dir.filePath("out.txt"));
        QVERIFY(out.open(QIODevice::ReadOnly));
        const auto lines = QString::fromUtf8(out.readAll()).split('\n');
        QCOMPARE(lines.size(), static_cast<int>(expected.size()) + 1);  // final newline
        for (std::size_t i = 0; i < expected.size(); ++i) QCOMPARE(lines[static_cast<int>(i)], q(expected[i]));
        const auto both = runCli({"translate", "-m", kModel, "--input", dir.filePath("in.txt"), "--text", "x"});
        QCOMPARE(both.exitCode, 1);
        QVERIFY(both.err.contains("either --text or --input"));
    }

    void jsonHasDocumentedShapes() {
        QTemporaryDir dir;
        const QString path = dir.filePath("t.json");
        const auto& c = golden()["cases"][0];
        const auto r = runCli({"translate", "-m", kModel, "-t", q(c["text"].get<std::string>()), "--beams", "4",
                               "--max-new-tokens", "16", "--align-layer", "0", "--json", path});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto j = readJson(path.toStdString());
        QCOMPARE(j["schema"].get<std::string>(), std::string("attnscope.translate/1"));
        QCOMPARE(j["translation"].get<std::string>(), c["generated"]["beam4"]["text"].get<std::string>());
        const int S = static_cast<int>(j["source_tokens"].size()), T = static_cast<int>(j["target_tokens"].size());
        QCOMPARE(S, static_cast<int>(c["ids"].size()));
        QCOMPARE(j["source_tokens"][0]["id"].get<int>(), c["ids"][0].get<int>());
        QCOMPARE(j["source_tokens"][0]["byte_offsets"].size(), std::size_t(2));
        QCOMPARE(shapeOf(j["encoder_attention"]), (std::vector<int>{2, 4, S, S}));
        QCOMPARE(shapeOf(j["decoder_attention"]), (std::vector<int>{2, 4, T, T}));
        QCOMPARE(shapeOf(j["cross_attention"]), (std::vector<int>{2, 4, T, S}));
        QCOMPARE(static_cast<int>(j["cross_attention"]["values"][1][3][T - 1].size()), S);
        QCOMPARE(j["alignment_layer"].get<int>(), 0);
        QCOMPARE(j["nbest"][0]["ids"].get<std::vector<int>>(), c["generated"]["beam4"]["ids"].get<std::vector<int>>());
        QVERIFY(j["nbest"].size() > 1 && j["nbest"].size() <= 4);
        QVERIFY(!j["beam_steps"].empty());
        QCOMPARE(j["beam_steps"][0]["beams"].size(), std::size_t(4));
        QCOMPARE(j["beam_steps"][0]["beams"][0]["parent"].get<int>(), -1);
        QVERIFY(r.out.contains("n-best:"));
        for (const auto& link : j["alignment"]) {
            QVERIFY(link[0].get<int>() >= 0 && link[0].get<int>() < S);
            QVERIFY(link[1].get<int>() >= 0 && link[1].get<int>() < T);
        }
    }

    // Cross-attention aggregates (rollout: the mean over every layer and head, as the views
    // show it) and the encoder's and cross-attention's head statistics.
    void jsonCrossAggregatesAndStatsMatchAReference() {
        QTemporaryDir dir;
        const QString path = dir.filePath("t.json");
        const auto& c = golden()["cases"][0];
        const auto r = runCli({"translate", "-m", kModel, "-t", q(c["text"].get<std::string>()), "--max-new-tokens",
                               "16", "--json", path, "--aggregate", "max", "--aggregate", "mean,rollout", "--stats"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto j = readJson(path.toStdString());
        QVERIFY(!j.contains("aggregates"));  // the key says which attention the aggregates are of
        const auto& aggregates = j["cross_aggregates"];
        QCOMPARE(aggregates.size(), std::size_t(3));
        const reference::Stack cross = reference::stackFromJson(j["cross_attention"]["values"]);
        const reference::Stack encoder = reference::stackFromJson(j["encoder_attention"]["values"]);
        const double mean = reference::aggregateError(aggregates["mean"], cross,
                                                      [&](std::size_t l) { return reference::meanHeads(cross, l); });
        const double max = reference::aggregateError(aggregates["max"], cross,
                                                     [&](std::size_t l) { return reference::maxHeads(cross, l); });
        const double rollout = reference::aggregateError(aggregates["rollout"], cross,
                                                         [&](std::size_t) { return reference::meanLayers(cross); });
        QVERIFY2(mean <= 1e-6, qPrintable(QString::number(mean)));
        QVERIFY2(max <= 1e-6, qPrintable(QString::number(max)));
        QVERIFY2(rollout <= 1e-6, qPrintable(QString::number(rollout)));
        const double encoderStats = reference::statsError(j["encoder_stats"], encoder);
        const double crossStats = reference::statsError(j["cross_stats"], cross);
        QVERIFY2(encoderStats <= 1e-6, qPrintable(QString::number(encoderStats)));
        QVERIFY2(crossStats <= 1e-6, qPrintable(QString::number(crossStats)));
    }

    void errorsAreOneLine_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("words");
        QTest::newRow("empty text") << QStringList{"translate", "-m", kModel, "-t", ""} << "empty";
        QTest::newRow("blank text") << QStringList{"translate", "-m", kModel, "-t", "   "} << "empty";
        QTest::newRow("missing folder") << QStringList{"translate", "-m", "/nonexistent/model", "-t", "hi"}
                                        << "does not exist";
        QTest::newRow("no tokenizer") << QStringList{"translate", "-m", q(dataPath("tiny_marian")), "-t", "hi"}
                                      << "source.spm";
        QTest::newRow("bad layer") << QStringList{"translate", "-m", kModel, "-t", "hi", "--align-layer", "9"}
                                   << "layer";
        QTest::newRow("bad aggregate") << QStringList{"translate", "-m", kModel,        "-t",      "hi",
                                                      "--json",    "-",  "--aggregate", "mean,foo"}
                                       << "Unknown aggregate 'foo'";
    }

    void errorsAreOneLine() {
        QFETCH(QStringList, args);
        QFETCH(QString, words);
        const auto r = runCli(args);
        QVERIFY2(r.exitCode == 1, qPrintable(QString("exit %1, stderr: %2").arg(r.exitCode).arg(r.err)));
        QVERIFY2(r.err.startsWith("attnscope-cli: error: "), qPrintable(r.err));
        QVERIFY2(r.err.contains(words), qPrintable(r.err));
        QCOMPARE(r.err.trimmed().count('\n'), 0);
    }
};

QTEST_GUILESS_MAIN(TestTranslateCli)
#include "tst_translate_cli.moc"
