// Tests for MarianTokenizer and TextTranslator on tests/data/tiny_marian_tok (opus-mt layout):
// source ids equal Hugging Face MarianTokenizer's for every fixture text, decoding equals
// decode(skip_special_tokens=True), greedy and beam translations equal generate()'s (golden
// file from tests/data/make_marian_tokenizer_fixtures.py), and bad files give typed errors.
#include <QTemporaryDir>
#include <QElapsedTimer>
#include <QtTest>

#include "attnscope/errors.h"
#include "attnscope/marian_text.h"
#include "attnscope/marian_tokenizer.h"
#include "test_support.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

using namespace attnscope;
using namespace testsupport;

namespace {

const std::string kDir = dataPath("tiny_marian_tok");

const nlohmann::json& golden() {
    static const auto j = readJson(dataPath("tiny_marian_tok_golden.json"));
    return j;
}

const MarianTokenizer& tokenizer() {
    static const auto t = MarianTokenizer::load(kDir);
    return t;
}

const TextTranslator& translator() {
    static const auto t = [] {
        TranslatorOptions o;
        o.device = DeviceChoice::Cpu;
        return TextTranslator::load(kDir, o);
    }();
    return *t;
}

}  // namespace

class TestMarianTokenizer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void idsEqualHuggingFace() {
        QVERIFY(golden()["cases"].size() >= 30);
        for (const auto& c : golden()["cases"]) {
            const auto text = c["text"].get<std::string>();
            const auto expected = c["ids"].get<std::vector<int>>();
            QVERIFY2(tokenizer().encodeIds(text) == expected, qPrintable(q("ids differ for: " + text)));
            const auto pieces = c["pieces"].get<std::vector<std::string>>();
            for (std::size_t i = 0; i < expected.size(); ++i) QCOMPARE(tokenizer().idToPiece(expected[i]), pieces[i]);
        }
    }

    void offsetsPointIntoTheText() {
        for (const auto& c : golden()["cases"]) {
            const auto text = c["text"].get<std::string>();
            const auto tokens = tokenizer().encode(text);
            std::size_t previous = 0;
            for (const auto& t : tokens) {
                QVERIFY(t.byteBegin <= t.byteEnd && t.byteEnd <= text.size());
                QVERIFY(t.byteBegin >= previous);
                previous = t.byteBegin;
            }
            QVERIFY(tokens.back().special && tokens.back().byteBegin == text.size());
        }
        const std::string text = "the cat sat";
        const auto tokens = tokenizer().encode(text);
        QCOMPARE(tokens[0].piece, std::string("\xE2\x96\x81the"));
        QCOMPARE(text.substr(tokens[0].byteBegin, tokens[0].byteEnd - tokens[0].byteBegin), std::string("the"));
    }

    // The core gives Marian tokens code point offsets too (computed once from the byte offsets):
    // the code point range must cut the same text as the byte range, also around multi-byte
    // characters (ü, ß: 2 bytes; „ “: 3 bytes; 😀: 4 bytes).
    void codePointOffsetsOfNonAsciiText() {
        const std::string text =
            "M\xC3\xBCller sagt: \xE2\x80\x9EGr\xC3\xBC\xC3\x9F Gott!\xE2\x80\x9C \xF0\x9F\x98\x80";
        const auto sameSlices = [](const std::string& in, const std::vector<Token>& tokens) -> QString {
            const QList<uint> ucs4 = QString::fromStdString(in).toUcs4();
            for (const auto& t : tokens) {
                if (t.charBegin > t.charEnd || t.charEnd > static_cast<std::size_t>(ucs4.size()))
                    return q("range out of the text: " + t.piece);
                const auto bytes = QString::fromStdString(in.substr(t.byteBegin, t.byteEnd - t.byteBegin));
                const auto cut =
                    ucs4.mid(static_cast<qsizetype>(t.charBegin), static_cast<qsizetype>(t.charEnd - t.charBegin));
                const QString chars = QString::fromUcs4(reinterpret_cast<const char32_t*>(cut.constData()), cut.size());
                if (bytes != chars) return q("'" + t.piece + "': bytes give ") + bytes + ", code points " + chars;
                const auto before = QString::fromStdString(in.substr(0, t.byteBegin)).toUcs4().size();
                if (before != static_cast<qsizetype>(t.charBegin)) return q("charBegin of " + t.piece);
            }
            return {};
        };
        const auto tokens = tokenizer().encode(text);
        QCOMPARE(sameSlices(text, tokens), QString());
        QCOMPARE(text.size(), std::size_t(37));
        QCOMPARE(tokens.back().charBegin, std::size_t(27));  // </s>: empty, at the end
        QCOMPARE(tokens.back().charEnd, std::size_t(27));
        QCOMPARE(tokens[0].charBegin, std::size_t(0));
        // Decoded tokens index the decoded text the same way.
        const auto ids = tokenizer().encodeIds(text);
        const auto decoded = tokenizer().decodeTokens(ids);
        QCOMPARE(sameSlices(tokenizer().decode(ids), decoded), QString());
        // ...and so do a translation's source and target tokens.
        TranslateOptions options;
        options.maxNewTokens = 12;
        const auto r = translator().translate(text, options);
        QCOMPARE(sameSlices(r.text, r.sourceTokens), QString());
        QCOMPARE(sameSlices(r.translation, r.targetTokens), QString());
    }

    void languageCodeIsOneToken() {
        const std::string text = ">>de<< the cat >>fr<< sat";
        const auto tokens = tokenizer().encode(text);
        // Hugging Face's pattern ">>.+<<" is greedy: the "code" runs from ">>de" to "fr<<".
        QCOMPARE(tokens[0].piece, std::string(">>de<< the cat >>fr<<"));
        QCOMPARE(tokens[0].id, tokenizer().unkId());  // not in this vocabulary
        QCOMPARE(tokens[0].byteEnd, std::size_t(21));
        QCOMPARE(tokenizer().encode(">>de<< hi")[0].piece, std::string(">>de<<"));
        QCOMPARE(tokenizer().encodeIds(text).size(), std::size_t(5));  // code, "▁", "s", "at", </s>
        QCOMPARE(text.substr(tokens[2].byteBegin, tokens[3].byteEnd - tokens[2].byteBegin), std::string("sat"));
    }

    // Python's re semantics for ">>.+<<" ('.' is anything but a newline), and issue #18 item 1:
    // a ">>" followed by 100,000 characters crashed std::regex (stack overflow); the scan is
    // linear now.
    void languageCodesLikePython() {
        QCOMPARE(tokenizer().encode(">>>x<< y")[0].piece, std::string(">>>x<<"));
        QVERIFY(tokenizer().encode(">><<x")[0].piece != ">><<");  // needs a character inside
        // Codes end at a line break; a second line's code is removed but only the first is a token.
        const auto twoLines = tokenizer().encode(">>a<< b\n>>c<< d");
        QCOMPARE(twoLines[0].piece, std::string(">>a<<"));
        for (std::size_t i = 1; i < twoLines.size(); ++i) QVERIFY(twoLines[i].piece.find(">>") == std::string::npos);
        const std::string noClose = ">>" + std::string(100000, 'a');
        QElapsedTimer timer;
        timer.start();
        const auto open = tokenizer().encode(noClose);
        QVERIFY(open.size() > 1);
        const auto closed = tokenizer().encode(noClose + "<<");
        QCOMPARE(closed[0].piece.size(), noClose.size() + 2);  // all of it is one "code"
        QCOMPARE(closed.size(), std::size_t(1) + (closed.back().special ? 1 : 0));
        const auto many = tokenizer().encode(std::string(50000, '>') + std::string(50000, '<'));
        QVERIFY(!many.empty());
        QVERIFY2(timer.elapsed() < 20000, "language codes are found in linear time");
    }

    void specialTokensInTextAreSplitOut() {
        const auto ids = tokenizer().encodeIds("a</s>b");
        QCOMPARE(ids[1], tokenizer().eosId());
        QCOMPARE(ids.back(), tokenizer().eosId());
        QCOMPARE(tokenizer().encodeIds(""), std::vector<int>{tokenizer().eosId()});
    }

    void decodeEqualsHuggingFace() {
        for (const auto& d : golden()["decodes"])
            QCOMPARE(q(tokenizer().decode(d["ids"].get<std::vector<int>>())), q(d["text"].get<std::string>()));
        for (const auto& c : golden()["cases"]) {
            if (!c.contains("generated")) continue;
            for (const auto& [name, g] : c["generated"].items()) {
                const auto ids = g["ids"].get<std::vector<int>>();
                const auto text = tokenizer().decode(ids);
                QCOMPARE(q(text), q(g["text"].get<std::string>()));
                const auto tokens = tokenizer().decodeTokens(ids);
                QCOMPARE(tokens.size(), ids.size());
                for (const auto& t : tokens) QVERIFY(t.byteBegin <= t.byteEnd && t.byteEnd <= text.size());
            }
        }
    }

    void translationsEqualGenerate() {
        const int maxNew = golden()["max_new_tokens"].get<int>();
        for (const auto& c : golden()["cases"]) {
            if (!c.contains("generated")) continue;
            const auto text = c["text"].get<std::string>();
            TranslateOptions greedy;
            greedy.maxNewTokens = maxNew;
            const auto r = translator().translate(text, greedy);
            QCOMPARE(r.nbest.at(0).ids, c["generated"]["greedy"]["ids"].get<std::vector<int>>());
            QCOMPARE(q(r.translation), q(c["generated"]["greedy"]["text"].get<std::string>()));
            const int S = static_cast<int>(r.sourceTokens.size()), T = static_cast<int>(r.targetTokens.size());
            QCOMPARE(T, static_cast<int>(r.nbest[0].ids.size()) - 1);
            QCOMPARE(r.encoderAttentions.queries, S);
            QCOMPARE(r.decoderAttentions.keys, T);
            QCOMPARE(r.crossAttentions.queries, T);
            QCOMPARE(r.crossAttentions.keys, S);
            QVERIFY(r.nbest[0].logProbability <= 0.0);
            const auto links = hardAlignment(r);
            QCOMPARE(static_cast<int>(links.size()), T - 1);  // every token but </s>
            for (const auto& l : links) QVERIFY(l.source >= 0 && l.source < S - 1);

            TranslateOptions beam = greedy;
            beam.beams = 4;
            const auto b = translator().translate(text, beam);
            QCOMPARE(b.nbest.at(0).ids, c["generated"]["beam4"]["ids"].get<std::vector<int>>());
            QCOMPARE(q(b.translation), q(c["generated"]["beam4"]["text"].get<std::string>()));
        }
    }

    // Streaming: the per-step callback sees each new piece, the partial translation, its
    // cross-attention row and the whole hypothesis so far (tokens and rows); beam search adds
    // the n-best list and a tree whose marked path spells the chosen translation.
    void stepsStreamAndBeamTreeMarksTheChoice() {
        const int maxNew = golden()["max_new_tokens"].get<int>();
        for (const auto& c : golden()["cases"]) {
            if (!c.contains("generated")) continue;
            const auto text = c["text"].get<std::string>();
            TranslateOptions greedy;
            greedy.maxNewTokens = maxNew;
            std::vector<TranslationStep> steps;
            const auto r = translator().translate(text, greedy, [&](const TranslationStep& s) {
                steps.push_back(s);
                return true;
            });
            QCOMPARE(steps.size(), r.targetTokens.size());
            for (std::size_t t = 0; t < steps.size(); ++t) {
                QCOMPARE(steps[t].index, static_cast<int>(t));
                QCOMPARE(steps[t].token.id, r.targetTokens[t].id);
                QCOMPARE(q(steps[t].token.piece), q(r.targetTokens[t].piece));
                // Streamed rows equal the final teacher-forced cross-attention rows.
                const auto& row = steps[t].crossAttention;
                QCOMPARE(row.keys, r.crossAttentions.keys);
                for (int l = 0; l < row.layers; ++l)
                    for (int h = 0; h < row.heads; ++h)
                        for (int s = 0; s < row.keys; ++s)
                            QVERIFY(std::fabs(row.at(l, h, 0, s) - r.crossAttentions.at(l, h, static_cast<int>(t), s)) <
                                    1e-5f);
                // Greedy streams its whole hypothesis too: tokens [0, t] and cross-attention rows [0, t].
                QCOMPARE(steps[t].tokens.size(), t + 1);
                for (std::size_t k = 0; k <= t; ++k) QCOMPARE(steps[t].tokens[k].id, r.targetTokens[k].id);
                QCOMPARE(q(steps[t].tokens.back().piece), q(steps[t].token.piece));
                const auto& history = steps[t].crossAttentions;
                QCOMPARE(history.layers, r.crossAttentions.layers);
                QCOMPARE(history.heads, r.crossAttentions.heads);
                QCOMPARE(history.queries, static_cast<int>(t) + 1);
                QCOMPARE(history.keys, r.crossAttentions.keys);
                float worst = 0.f;
                for (int l = 0; l < history.layers; ++l)
                    for (int h = 0; h < history.heads; ++h)
                        for (int i = 0; i < history.queries; ++i)
                            for (int s = 0; s < history.keys; ++s)
                                worst = std::max(worst,
                                                 std::fabs(history.at(l, h, i, s) - r.crossAttentions.at(l, h, i, s)));
                QVERIFY2(worst <= 1e-6f, qPrintable(QString("step %1: max |history - final| = %2").arg(t).arg(worst)));
            }
            QCOMPARE(q(steps.back().partial), q(r.translation));

            TranslateOptions beam = greedy;
            beam.beams = 4;
            int calls = 0;
            const auto b = translator().translate(text, beam, [&](const TranslationStep& s) {
                ++calls;
                return s.beams.beams.size() == 4;
            });
            QCOMPARE(static_cast<std::size_t>(calls), b.beamSteps.size());
            QVERIFY(b.nbest.size() >= 2 && b.nbest.size() <= 4);
            for (std::size_t k = 1; k < b.nbest.size(); ++k) QVERIFY(b.nbest[k - 1].score >= b.nbest[k].score);
            std::vector<int> path{b.nbest[0].ids.front()};
            for (const auto& step : b.beamSteps) {
                int marked = 0;
                for (const auto* list : {&step.beams, &step.finished})
                    for (const auto& n : *list)
                        if (n.onBest) {
                            ++marked;
                            path.push_back(n.tokenId);
                        }
                QVERIFY(marked <= 1);
            }
            QCOMPARE(path, b.nbest[0].ids);
        }
    }

    // The output-length rule: the default is the model's limit (as the CLI's), the interactive
    // rule allows 2 × source tokens + 10, an explicit maxNewTokens still applies.
    void newTokenLimitRule() {
        const TranslateOptions plain;
        QCOMPARE(plain.newTokenLimit(5, 64), 63);
        QCOMPARE(plain.newTokenLimit(500, 64), 63);
        const auto interactive = TranslateOptions::interactive(4);
        QCOMPARE(interactive.beams, 4);
        QCOMPARE(interactive.newTokenLimit(5, 64), 20);
        QCOMPARE(interactive.newTokenLimit(27, 64), 63);
        QCOMPARE(interactive.newTokenLimit(64, 512), 138);
        auto both = interactive;
        both.maxNewTokens = 7;
        QCOMPARE(both.newTokenLimit(5, 64), 7);
        both.maxNewTokens = 30;
        QCOMPARE(both.newTokenLimit(5, 64), 20);
        auto tiny = plain;
        tiny.maxNewTokensPerSourceToken = 1;
        tiny.maxNewTokensSlack = -100;
        QCOMPARE(tiny.newTokenLimit(5, 64), 1);
        tiny.maxNewTokensPerSourceToken = 1 << 30;
        QCOMPARE(tiny.newTokenLimit(1 << 20, 64), 63);  // clamps, no overflow
    }

    // On random weights the tiny model rambles to the model's limit: the interactive rule cuts
    // it at 2 × source + 10 tokens (the last one the forced </s>), greedy and beam search alike.
    void relativeCapTruncatesLongOutput() {
        const int maxPositions = translator().translator().config().maxPositions;
        int capped = 0;
        for (const auto& c : golden()["cases"]) {
            const auto text = c["text"].get<std::string>();
            if (text.find_first_not_of(" \t\n") == std::string::npos) continue;
            const auto free = translator().translate(text);
            TranslateOptions explicitMax;
            explicitMax.maxNewTokens = maxPositions - 1;
            // The default is unchanged: the model's maximum.
            QCOMPARE(free.nbest.at(0).ids, translator().translate(text, explicitMax).nbest.at(0).ids);
            const int cap = 2 * static_cast<int>(free.sourceTokens.size()) + 10;
            const auto r = translator().translate(text, TranslateOptions::interactive());
            QVERIFY(static_cast<int>(r.targetTokens.size()) <= cap);
            if (static_cast<int>(free.targetTokens.size()) <= cap) {
                QCOMPARE(r.nbest.at(0).ids, free.nbest.at(0).ids);
                continue;
            }
            ++capped;
            QCOMPARE(static_cast<int>(r.targetTokens.size()), cap);
            QCOMPARE(r.crossAttentions.queries, cap);
            const auto& ids = r.nbest.at(0).ids;
            QVERIFY(std::equal(ids.begin(), ids.end() - 1, free.nbest[0].ids.begin()));
            QCOMPARE(ids.back(), tokenizer().eosId());
            const auto beam = translator().translate(text, TranslateOptions::interactive(4));
            for (const auto& h : beam.nbest) QVERIFY(static_cast<int>(h.ids.size()) - 1 <= cap);
        }
        QVERIFY2(capped > 0, "no fixture text produced output past the interactive cap");
    }

    void longTextIsTruncated() {
        std::string text;
        for (int i = 0; i < 40; ++i) text += "the cat ";
        TranslateOptions o;
        o.maxNewTokens = 4;
        const auto r = translator().translate(text, o);
        QVERIFY(r.truncated);
        QCOMPARE(static_cast<int>(r.sourceTokens.size()), translator().translator().config().maxPositions);
        QVERIFY(r.fullLength > r.sourceTokens.size());
        QVERIFY(r.sourceTokens.back().id == tokenizer().eosId());
    }

    void emptyTextAndBadOptionsAreInputErrors() {
        QVERIFY2(expectError<InputError>([] { translator().translate(""); }, {"empty"}).isEmpty(), "empty");
        QVERIFY2(expectError<InputError>([] { translator().translate(" \n "); }, {"empty"}).isEmpty(), "blank");
        TranslateOptions o;
        o.beams = 0;
        QVERIFY(expectError<InputError>([&] { translator().translate("hi", o); }, {"beams"}).isEmpty());
        TranslateOptions threeTokens;
        threeTokens.maxNewTokens = 3;
        const auto r = translator().translate("the cat", threeTokens);
        QVERIFY(expectError<InputError>([&] { hardAlignment(r, 7); }, {"layer"}).isEmpty());
    }

    void badFilesAreModelFileErrors_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("content");  // empty: delete the file
        QTest::addColumn<QString>("word");
        QTest::newRow("no vocab.json") << "vocab.json"
                                       << ""
                                       << "vocab.json";
        QTest::newRow("no source.spm") << "source.spm"
                                       << ""
                                       << "source.spm";
        QTest::newRow("no target.spm") << "target.spm"
                                       << ""
                                       << "target.spm";
        QTest::newRow("vocab not json") << "vocab.json"
                                        << "{not json"
                                        << "not valid JSON";
        QTest::newRow("vocab array") << "vocab.json"
                                     << "[1, 2]"
                                     << "JSON object";
        QTest::newRow("vocab bad id") << "vocab.json"
                                      << R"({"</s>": 0, "<unk>": "x", "<pad>": 2})"
                                      << "<unk>";
        QTest::newRow("duplicate id") << "vocab.json"
                                      << R"({"</s>": 0, "<unk>": 0, "<pad>": 2})"
                                      << "both";
        QTest::newRow("no eos") << "vocab.json"
                                << R"({"<unk>": 1, "<pad>": 2})"
                                << "</s>";
        QTest::newRow("no unk") << "vocab.json"
                                << R"({"</s>": 0, "<pad>": 2})"
                                << "<unk>";
        QTest::newRow("corrupt spm") << "source.spm"
                                     << "garbage"
                                     << "source.spm";
        QTest::newRow("corrupt config") << "tokenizer_config.json"
                                        << "{"
                                        << "tokenizer_config.json";
    }

    void badFilesAreModelFileErrors() {
        QFETCH(QString, file);
        QFETCH(QString, content);
        QFETCH(QString, word);
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        copyFolder(kDir, d);
        const std::string path = d + "/" + file.toStdString();
        if (content.isEmpty()) std::filesystem::remove(path);
        else writeText(path, content.toStdString());
        const auto message = expectError<ModelFileError>([&] { MarianTokenizer::load(d); }, {word});
        QVERIFY2(message.isEmpty(), qPrintable(message));
    }

    void mismatchedModelAndTokenizer() {
        QVERIFY(expectError<ModelFileError>([] { MarianTokenizer::load(kDir, 50); }, {"do not belong"}).isEmpty());
        QVERIFY(expectError<ModelFileError>([] { MarianTokenizer::load(dataPath("tiny_marian")); }, {"source.spm"})
                    .isEmpty());
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        copyFolder(kDir, d);
        auto vocab = readJson(kDir + "/vocab.json");
        vocab["extra"] = 300;
        writeText(d + "/vocab.json", vocab.dump());
        TranslatorOptions o;
        o.device = DeviceChoice::Cpu;
        QVERIFY(expectError<ModelFileError>([&] { TextTranslator::load(d, o); }, {"do not belong"}).isEmpty());
        auto config = readJson(kDir + "/tokenizer_config.json");
        config["separate_vocabs"] = true;
        writeText(d + "/tokenizer_config.json", config.dump());
        QVERIFY(expectError<UnsupportedModelError>([&] { MarianTokenizer::load(d); }, {"separate"}).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestMarianTokenizer)
#include "tst_marian_tokenizer.moc"
