// Qt Test suite for attnscope::WordPieceTokenizer: ids must equal Hugging Face's slow
// BertTokenizer on every golden string (tests/data/wordpiece, made by fixtures_tokenizer.py),
// offsets must point at the right text, and bad input or bad files must fail cleanly.
#include "attnscope/errors.h"
#include "attnscope/wordpiece_tokenizer.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <sstream>

using attnscope::Encoding;
using attnscope::ModelFileError;
using attnscope::Token;
using attnscope::WordPieceOptions;
using attnscope::WordPieceTokenizer;

namespace {

const std::string kDataDir = ATTNSCOPE_TEST_DATA_DIR "/wordpiece";
const char* const kConfigs[] = {"uncased", "cased", "uncased_keep_accents", "cased_strip_accents"};

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

void writeFile(const QString& path, const std::string& content) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content.data(), static_cast<qint64>(content.size()));
}

// The string as a readable C++-style literal, so failures show NULs and invisible characters.
QByteArray printable(const std::string& text) {
    QByteArray out;
    for (const QChar c : QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()))) {
        const char16_t u = c.unicode();
        if (u >= 0x20 && u < 0x7F) out += static_cast<char>(u);
        else if (u < 0x80 || c.category() == QChar::Other_Control || c.category() == QChar::Other_Format ||
                 c.isSpace() || c.isSurrogate() || c.category() == QChar::Mark_NonSpacing)
            out += QByteArray("\\u") + QByteArray::number(u, 16).rightJustified(4, '0');
        else out += QString(c).toUtf8();
    }
    return out.size() > 200 ? out.left(200) + "..." : out;
}

QByteArray join(const std::vector<int>& ids) {
    QByteArray out = "[";
    for (std::size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + QByteArray::number(ids[i]);
    return out + "]";
}

std::vector<int> idsOf(const Encoding& encoding) {
    std::vector<int> ids;
    for (const Token& t : encoding.tokens) ids.push_back(t.id);
    return ids;
}

// What the tokenizer should have made of a token's source text: NFC, then lower-case and/or
// accent stripping as configured, minus the characters HF's cleaning removes.
QString transformed(const QString& source, const WordPieceOptions& options) {
    QString text = source.normalized(QString::NormalizationForm_C);
    if (options.lowercase) text = text.toLower();
    if (options.stripAccents.value_or(options.lowercase)) text = text.normalized(QString::NormalizationForm_D);
    QString kept;
    for (const char32_t c : text.toUcs4()) {
        const auto cat = QChar::category(c);
        const bool stripped = cat == QChar::Mark_NonSpacing && options.stripAccents.value_or(options.lowercase);
        const bool cleaned = c == 0 || c == 0xFFFD || cat == QChar::Other_Control || cat == QChar::Other_Format ||
                             cat == QChar::Other_PrivateUse || cat == QChar::Other_NotAssigned;
        if (!stripped && !cleaned) kept += QString::fromUcs4(&c, 1);
    }
    return kept;
}

QByteArray describe(const Token& t) {
    return "'" + QByteArray::fromStdString(t.piece) + "' (chars " + QByteArray::number(qulonglong(t.charBegin)) + "-" +
           QByteArray::number(qulonglong(t.charEnd)) + ")";
}

// Differences from the (code point) offsets of HF's fast tokenizer.
QByteArray fastOffsetProblems(const Encoding& enc, const nlohmann::json& fastOffsets) {
    QByteArray problems;
    if (fastOffsets.size() != enc.tokens.size()) return "\n  token count differs from the fast tokenizer";
    for (std::size_t i = 0; i < enc.tokens.size(); ++i) {
        const Token& t = enc.tokens[i];
        const auto begin = fastOffsets[i][0].get<std::size_t>(), end = fastOffsets[i][1].get<std::size_t>();
        if (t.charBegin != begin || t.charEnd != end)
            problems +=
                "\n  token " + describe(t) + ", fast tokenizer " + QByteArray::fromStdString(fastOffsets[i].dump());
    }
    return problems;
}

// Word pieces whose byte range does not cover the text they were made from.
QByteArray sourceProblems(const std::string& text, const Encoding& enc, const WordPieceOptions& options) {
    QByteArray problems;
    for (std::size_t i = 0; i < enc.tokens.size(); ++i) {
        const Token& t = enc.tokens[i];
        if (t.special) continue;
        if (t.byteBegin >= t.byteEnd || t.byteEnd > text.size() || t.charBegin >= t.charEnd) {
            problems += "\n  token " + describe(t) + " has a bad range";
            continue;
        }
        const QString source = QString::fromUtf8(text.data() + t.byteBegin, qsizetype(t.byteEnd - t.byteBegin));
        const QString piece = QString::fromStdString(t.piece.rfind("##", 0) == 0 ? t.piece.substr(2) : t.piece);
        // Pieces of one decomposed character (a hangul syllable's jamo) share its range.
        const auto overlaps = [&](std::size_t j) {
            const Token& o = enc.tokens[j];
            return !o.special && o.charBegin < t.charEnd && t.charBegin < o.charEnd;
        };
        const bool shared = overlaps(i - 1) || (i + 1 < enc.tokens.size() && overlaps(i + 1));
        const QString expected = transformed(source, options);
        if (source.toUcs4().size() != qsizetype(t.charEnd - t.charBegin) ||
            (shared ? !expected.contains(piece) : expected != piece))
            problems += "\n  token " + describe(t) + " points at \"" + printable(source.toStdString()) + "\"";
    }
    return problems;
}

struct Golden {
    WordPieceOptions options;
    nlohmann::json cases;
};

}  // namespace

class TestWordPieceTokenizer : public QObject {
    Q_OBJECT

private:
    std::vector<std::string> vocab_;
    std::map<std::string, Golden> golden_;

    WordPieceTokenizer make(const WordPieceOptions& options = {}) const { return WordPieceTokenizer(vocab_, options); }

private Q_SLOTS:
    void initTestCase() {
        std::istringstream lines(readFile(kDataDir + "/vocab.txt"));
        for (std::string line; std::getline(lines, line);) vocab_.push_back(line);
        QCOMPARE(vocab_.size(), std::size_t(30522));
        for (const char* name : kConfigs) {
            const std::string path = kDataDir + "/golden_" + name + ".json";
            const nlohmann::json doc = nlohmann::json::parse(readFile(path));
            Golden g;
            g.options.lowercase = doc["config"]["do_lower_case"].get<bool>();
            if (!doc["config"]["strip_accents"].is_null())
                g.options.stripAccents = doc["config"]["strip_accents"].get<bool>();
            g.cases = doc["cases"];
            QVERIFY2(g.cases.size() >= 300, path.c_str());
            golden_[name] = std::move(g);
        }
    }

    void goldenIds_data() {
        QTest::addColumn<QString>("config");
        for (const char* name : kConfigs) QTest::newRow(name) << QString(name);
    }

    // Every golden string gives exactly the slow BertTokenizer's ids.
    void goldenIds() {
        QFETCH(QString, config);
        const Golden& g = golden_.at(config.toStdString());
        const WordPieceTokenizer tokenizer = make(g.options);
        QByteArray failures;
        int failed = 0;
        for (const auto& c : g.cases) {
            const std::string text = c["text"].get<std::string>();
            const auto expected = c["ids"].get<std::vector<int>>();
            const auto got = idsOf(tokenizer.encode(text, 1000000));
            if (got != expected && ++failed <= 20)
                failures += "\n  text: \"" + printable(text) + "\"\n  expected: " + join(expected) +
                            "\n  got:      " + join(got);
        }
        const QByteArray summary =
            QByteArray::number(failed) + " of " + QByteArray::number(qulonglong(g.cases.size())) + " strings differ:";
        QVERIFY2(failed == 0, (summary + failures).constData());
    }

    void goldenOffsets_data() { goldenIds_data(); }

    // Offsets equal HF's fast tokenizer where it agrees on the ids, and every word piece's
    // source text, transformed as configured, is the piece.
    void goldenOffsets() {
        QFETCH(QString, config);
        const Golden& g = golden_.at(config.toStdString());
        const WordPieceTokenizer tokenizer = make(g.options);
        QByteArray failures;
        int failed = 0, compared = 0;
        for (const auto& c : g.cases) {
            const std::string text = c["text"].get<std::string>();
            const Encoding enc = tokenizer.encode(text, 1000000);
            QByteArray problems = sourceProblems(text, enc, g.options);
            if (c["fast_ids"] == c["ids"]) {
                ++compared;
                problems += fastOffsetProblems(enc, c["fast_offsets"]);
            }
            if (!problems.isEmpty() && ++failed <= 20) failures += "\ntext: \"" + printable(text) + "\"" + problems;
        }
        QVERIFY2(compared >= 300, "too few strings where the fast tokenizer agrees");
        const QByteArray summary = QByteArray::number(failed) + " strings have wrong offsets:";
        QVERIFY2(failed == 0, (summary + failures).constData());
    }

    void specialTokensInText_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("lowercase");
        QTest::addColumn<int>("maskCount");
        QTest::newRow("mask uncased") << "Paris is the [MASK] of France." << true << 1;
        QTest::newRow("mask cased") << "Paris is the [MASK] of France." << false << 1;
        QTest::newRow("glued") << "the[MASK]is[MASK]" << true << 2;
        QTest::newRow("lower-case spelling is text") << "the [mask] is" << true << 0;
        QTest::newRow("mixed-case spelling is text") << "the [Mask] is" << true << 0;
        QTest::newRow("spaced is text") << "the [ MASK ] is" << true << 0;
    }

    // HF splits special tokens out before lower-casing; only the exact spelling counts.
    void specialTokensInText() {
        QFETCH(QString, text);
        QFETCH(bool, lowercase);
        QFETCH(int, maskCount);
        WordPieceOptions options;
        options.lowercase = lowercase;
        const WordPieceTokenizer tokenizer = make(options);
        const std::string utf8 = text.toStdString();
        int found = 0;
        for (const Token& t : tokenizer.encode(utf8).tokens) {
            if (t.id != tokenizer.maskId()) continue;
            ++found;
            QVERIFY(t.special);
            QCOMPARE(utf8.substr(t.byteBegin, t.byteEnd - t.byteBegin), std::string("[MASK]"));
        }
        QCOMPARE(found, maskCount);
    }

    void emptyText_data() {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << "";
        QTest::newRow("spaces") << "   \t\n ";
        QTest::newRow("only controls") << QString::fromUtf8("\xE2\x80\x8B\xEF\xBB\xBF\x01");
    }

    void emptyText() {
        QFETCH(QString, text);
        const WordPieceTokenizer tokenizer = make();
        const Encoding enc = tokenizer.encode(text.toStdString());
        QCOMPARE(idsOf(enc), (std::vector<int>{tokenizer.clsId(), tokenizer.sepId()}));
        QCOMPARE(enc.fullLength, std::size_t(2));
        QVERIFY(!enc.truncated);
        for (const Token& t : enc.tokens) {
            QVERIFY(t.special);
            QCOMPARE(t.byteBegin, t.byteEnd);
            QCOMPARE(t.charBegin, t.charEnd);
        }
    }

    // A 100,000-character text is truncated to 512 tokens, quickly.
    void longTextTruncated() {
        std::string text;
        const std::string sentence = "Tokenizers must be fast, even on na\xC3\xAFve input! ";  // 46 code points
        while (text.size() < 100000) text += sentence;
        const WordPieceTokenizer tokenizer = make();
        QElapsedTimer timer;
        timer.start();
        const Encoding enc = tokenizer.encode(text);
        const qint64 ms = timer.elapsed();
        QVERIFY2(ms < 1000, qPrintable(QString("encoding took %1 ms").arg(ms)));
        QCOMPARE(enc.tokens.size(), std::size_t(512));
        QVERIFY(enc.truncated);
        QCOMPARE(enc.fullLength, tokenizer.tokenize(text).size() + 2);
        QVERIFY(enc.fullLength > 512);
        QCOMPARE(enc.tokens.front().id, tokenizer.clsId());
        QCOMPARE(enc.tokens.back().id, tokenizer.sepId());

        const Encoding small = tokenizer.encode(text, 10);
        QCOMPARE(small.tokens.size(), std::size_t(10));
        QCOMPARE(small.fullLength, enc.fullLength);
        const Encoding fits = tokenizer.encode("short text", 10);
        QVERIFY(!fits.truncated);
        QCOMPARE(fits.fullLength, fits.tokens.size());
    }

    // Random CJK, emoji and combining marks at length: still well under a second.
    void longNonAsciiTextIsFast() {
        std::string text;
        const std::string chunk = "\xE4\xB8\xAD\xE6\x96\x87 cafe\xCC\x81 \xF0\x9F\x98\x80 \xC4\xB0stanbul ";
        while (text.size() < 300000) text += chunk;
        const WordPieceTokenizer tokenizer = make();
        QElapsedTimer timer;
        timer.start();
        const auto tokens = tokenizer.tokenize(text);
        QVERIFY2(timer.elapsed() < 1000, qPrintable(QString("tokenizing took %1 ms").arg(timer.elapsed())));
        QVERIFY(tokens.size() > 50000);
    }

    void invalidUtf8_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("lone 0xFF") << QByteArray("\xFF");
        QTest::newRow("truncated 2-byte") << QByteArray("abc\xC3");
        QTest::newRow("truncated 3-byte") << QByteArray("abc\xE2\x82 def");
        QTest::newRow("surrogate") << QByteArray("\xED\xA0\x80x");
        QTest::newRow("above U+10FFFF") << QByteArray("\xF4\x90\x80\x80");
        QTest::newRow("overlong slash") << QByteArray("\xC0\xAF");
        QTest::newRow("stray continuation") << QByteArray("caf\xC3\xA9\x80\x80 [MASK]");
        QTest::newRow("inside word") << QByteArray("abc\xFF"
                                                   "def");
    }

    // Invalid bytes become U+FFFD (which HF's cleaning removes); offsets stay inside the input.
    void invalidUtf8() {
        QFETCH(QByteArray, bytes);
        const std::string text = bytes.toStdString();
        const WordPieceTokenizer tokenizer = make();
        const Encoding enc = tokenizer.encode(text);
        QVERIFY(enc.tokens.size() >= 2);
        std::size_t lastEnd = 0;
        for (const Token& t : enc.tokens) {
            QVERIFY(t.byteBegin <= t.byteEnd);
            QVERIFY(t.byteEnd <= text.size());
            if (!t.special || t.byteEnd > t.byteBegin) {
                QVERIFY(t.byteBegin >= lastEnd);
                lastEnd = t.byteEnd;
            }
        }
        if (bytes == QByteArray("abc\xFF"
                                "def")) {
            // HF sees "abc\uFFFDdef", drops U+FFFD and tokenizes "abcdef" as one word.
            std::vector<int> expected = idsOf(tokenizer.encode("abcdef"));
            QCOMPARE(idsOf(enc), expected);
            QCOMPARE(enc.tokens[1].byteBegin, std::size_t(0));
            QCOMPARE(enc.tokens[enc.tokens.size() - 2].byteEnd, std::size_t(7));
        }
    }

    void longWords_data() {
        QTest::addColumn<QString>("word");
        QTest::addColumn<bool>("unknown");
        QTest::newRow("100 letters") << QString(100, 'a') << false;
        QTest::newRow("101 letters") << QString(101, 'a') << true;
        QTest::newRow("150 letters") << QString(150, 'b') << true;
        QTest::newRow("101 accented") << QString(101, QChar(0xE9)) << true;
    }

    // Words over maxInputCharsPerWord code points are one [UNK] covering the whole word.
    void longWords() {
        QFETCH(QString, word);
        QFETCH(bool, unknown);
        const WordPieceTokenizer tokenizer = make();
        const std::string text = "x " + word.toStdString() + " y";
        const auto tokens = tokenizer.tokenize(text);
        QVERIFY(tokens.size() >= 3);
        QCOMPARE(tokens[1].id == tokenizer.unkId(), unknown);
        if (unknown) {
            QCOMPARE(tokens.size(), std::size_t(3));
            QVERIFY(tokens[1].special);
            QCOMPARE(tokens[1].byteBegin, std::size_t(2));
            QCOMPARE(tokens[1].byteEnd, text.size() - 2);
            QCOMPARE(tokens[1].charEnd - tokens[1].charBegin, std::size_t(word.size()));
        }
    }

    void offsetsThroughCaseAndAccents() {
        // U+0130 lower-cases to two code points, e + U+0301 strips to one: offsets still map
        // back to the original characters.
        const WordPieceTokenizer tokenizer = make();
        const std::string text = "\xC4\xB0stanbul cafe\xCC\x81!";
        const auto tokens = tokenizer.tokenize(text);
        QCOMPARE(tokens.size(), std::size_t(3));
        QCOMPARE(tokens[0].piece, std::string("istanbul"));
        QCOMPARE(tokens[0].charBegin, std::size_t(0));
        QCOMPARE(tokens[0].charEnd, std::size_t(8));
        QCOMPARE(tokens[0].byteEnd, std::size_t(9));
        QCOMPARE(tokens[1].piece, std::string("cafe"));
        QCOMPARE(tokens[1].byteBegin, std::size_t(10));
        QCOMPARE(tokens[2].piece, std::string("!"));
        QCOMPARE(tokens[2].byteBegin, std::size_t(16));
        QCOMPARE(tokens[2].charBegin, std::size_t(14));
    }

    void vocabularyLookups() {
        const WordPieceTokenizer tokenizer = make();
        QCOMPARE(tokenizer.vocabSize(), std::size_t(30522));
        QCOMPARE(tokenizer.tokenToId("[MASK]"), 103);
        QCOMPARE(tokenizer.maskId(), 103);
        QCOMPARE(tokenizer.padId(), 0);
        QCOMPARE(tokenizer.tokenToId("no-such-token"), -1);
        QCOMPARE(tokenizer.idToToken(101), std::string("[CLS]"));
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, tokenizer.idToToken(30522));
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, tokenizer.idToToken(-1));
        const WordPieceTokenizer copy = tokenizer;  // copies stay usable
        QCOMPARE(idsOf(copy.encode("unaffable")), idsOf(tokenizer.encode("unaffable")));
    }

    void badVocabulary() {
        QVERIFY_THROWS_EXCEPTION(ModelFileError, WordPieceTokenizer({}, WordPieceOptions{}));
        const std::vector<std::string> noCls = {"[UNK]", "[SEP]", "a"};
        QVERIFY_THROWS_EXCEPTION(ModelFileError, WordPieceTokenizer(noCls, WordPieceOptions{}));
    }

    void fromFolder() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string path = dir.path().toStdString();
        writeFile(dir.filePath("vocab.txt"), readFile(kDataDir + "/vocab.txt"));
        writeFile(dir.filePath("tokenizer_config.json"),
                  R"({"do_lower_case": false, "strip_accents": null, "model_max_length": 128,
                      "mask_token": {"content": "[MASK]", "__type": "AddedToken"}})");
        const WordPieceTokenizer tokenizer = WordPieceTokenizer::fromFolder(path);
        QVERIFY(!tokenizer.options().lowercase);
        QVERIFY(!tokenizer.options().stripAccents.has_value());
        QCOMPARE(tokenizer.options().modelMaxLength, std::size_t(128));
        QCOMPARE(tokenizer.vocabSize(), std::size_t(30522));

        // HF's "no limit" (1e30) keeps the default; no tokenizer_config.json means defaults.
        writeFile(dir.filePath("tokenizer_config.json"), R"({"model_max_length": 1000000000000000019884624838656})");
        QCOMPARE(WordPieceTokenizer::fromFolder(path).options().modelMaxLength, std::size_t(512));
        QVERIFY(QFile::remove(dir.filePath("tokenizer_config.json")));
        QVERIFY(WordPieceTokenizer::fromFolder(path).options().lowercase);

        // Windows line endings are read like Python's universal newlines.
        writeFile(dir.filePath("vocab.txt"), "[PAD]\r\n[UNK]\r\n[CLS]\r\n[SEP]\r\n[MASK]\r\nhello\r\n");
        const WordPieceTokenizer crlf = WordPieceTokenizer::fromFolder(path);
        QCOMPARE(crlf.vocabSize(), std::size_t(6));
        QCOMPARE(crlf.tokenToId("hello"), 5);
    }

    void fromFolderErrors_data() {
        QTest::addColumn<QByteArray>("vocab");   // empty: no vocab.txt at all
        QTest::addColumn<QByteArray>("config");  // empty: no tokenizer_config.json
        QTest::addColumn<QString>("mentions");
        const QByteArray ok = "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nhello\n";
        QTest::newRow("missing vocab.txt") << QByteArray() << QByteArray() << "vocab.txt";
        QTest::newRow("empty vocab.txt") << QByteArray("\n") << QByteArray() << "vocab.txt";
        QTest::newRow("vocab without [CLS]") << QByteArray("[UNK]\n[SEP]\n") << QByteArray() << "[CLS]";
        QTest::newRow("vocab not UTF-8") << ok + "caf\xE9\n" << QByteArray() << "line 7";
        const QString configFile = "tokenizer_config.json";
        QTest::newRow("config not JSON") << ok << QByteArray("{do_lower_case: yes") << configFile;
        QTest::newRow("config not an object") << ok << QByteArray("[1, 2]") << configFile;
        QTest::newRow("config wrong type") << ok << QByteArray(R"({"do_lower_case": "yes"})") << "do_lower_case";
        QTest::newRow("config bad length") << ok << QByteArray(R"({"model_max_length": -5})") << "model_max_length";
    }

    void fromFolderErrors() {
        QFETCH(QByteArray, vocab);
        QFETCH(QByteArray, config);
        QFETCH(QString, mentions);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        if (!vocab.isEmpty()) writeFile(dir.filePath("vocab.txt"), vocab.toStdString());
        if (!config.isEmpty()) writeFile(dir.filePath("tokenizer_config.json"), config.toStdString());
        try {
            WordPieceTokenizer::fromFolder(dir.path().toStdString());
            QFAIL("fromFolder did not throw");
        } catch (const ModelFileError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(mentions), e.what());
        }
    }

    void fromMissingFolder() {
        QTemporaryDir dir;
        const std::string missing = dir.filePath("does-not-exist").toStdString();
        try {
            WordPieceTokenizer::fromFolder(missing);
            QFAIL("fromFolder did not throw");
        } catch (const ModelFileError& e) {
            QVERIFY2(std::string(e.what()).find(missing) != std::string::npos, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestWordPieceTokenizer)
#include "tst_wordpiece_tokenizer.moc"
