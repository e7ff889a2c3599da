// Tests for attnscope::analysis (core/include/attnscope/attention_analysis.h) on small matrices
// computed by hand: head aggregates and the one aggregate() rule on square and non-square
// stacks, rollout on a 2-layer 2-head 3x3 stack, hiding tokens, merging word pieces, entropy,
// distance, sinusoidal encodings and cosine similarity; SentencePiece ("▁") word grouping; the
// cross-attention of a (streaming) translation, its rows and its argmax hard alignment.
#include "attention_fixtures.h"

#include "attnscope/attention_analysis.h"
#include "attnscope/marian_text.h"

#include <QtTest>

#include <cmath>
#include <random>

using attnscope::AttentionStack;
using attnscope::FloatMatrix;
namespace analysis = attnscope::analysis;
using analysis::Aggregate;
using analysis::StackKind;

namespace {

FloatMatrix matrix(int rows, int cols, std::vector<float> v) { return FloatMatrix{rows, cols, std::move(v)}; }

// Two layers, two heads, three tokens; the hand computations below use these numbers.
AttentionStack handStack() {
    AttentionStack a;
    a.layers = 2;
    a.heads = 2;
    a.queries = a.keys = 3;
    a.values = {
        // layer 0 head 0: identity
        1,
        0,
        0,
        0,
        1,
        0,
        0,
        0,
        1,
        // layer 0 head 1: each token looks at the next (cyclically)
        0,
        1,
        0,
        0,
        0,
        1,
        1,
        0,
        0,
        // layer 1 head 0
        0.6f,
        0.4f,
        0,
        0,
        1,
        0,
        0.2f,
        0.2f,
        0.6f,
        // layer 1 head 1
        0.2f,
        0.8f,
        0,
        0.5f,
        0.5f,
        0,
        0,
        0,
        1,
    };
    return a;
}

// Two layers, two heads, two queries x three keys (cross-attention shaped); hand-computed below.
AttentionStack crossStack() {
    AttentionStack a;
    a.layers = 2;
    a.heads = 2;
    a.queries = 2;
    a.keys = 3;
    a.values = {
        0.5f, 0.5f, 0,    0,    0,    1,     // layer 0 head 0
        0.2f, 0.2f, 0.6f, 0.4f, 0.4f, 0.2f,  // layer 0 head 1
        0.1f, 0.3f, 0.6f, 1,    0,    0,     // layer 1 head 0
        0.3f, 0.3f, 0.4f, 0,    0.5f, 0.5f,  // layer 1 head 1
    };
    return a;
}

// "The house is small" -> "Das Haus chen": 2 layers x 3 heads, 5 source and 4 target tokens.
attnscope::TextTranslation houseTranslation() {
    attnscope::TextTranslation t;
    int id = 10;
    for (const char* p : {"▁The", "▁house", "▁is", "▁small", "</s>"}) t.sourceTokens.push_back(fixtureToken(p, id++));
    for (const char* p : {"▁Das", "▁Haus", "chen", "</s>"}) t.targetTokens.push_back(fixtureToken(p, id++));
    t.crossAttentions = randomStack(2, 3, 4, 5, 7);
    return t;
}

// What the translation views show for a selection: the rows and columns with tokens, through
// the one aggregate() rule for cross-attention.
FloatMatrix crossAttention(const attnscope::TextTranslation& t, int layer, int head, Aggregate how) {
    const AttentionStack data =
        analysis::stackWithData(t.crossAttentions, t.targetTokens.size(), t.sourceTokens.size());
    return analysis::aggregate(data, layer, head, how, StackKind::CrossAttention);
}

// Weight of one head at [target t, source s], read straight from the flat buffer.
float raw(const AttentionStack& a, int layer, int head, int t, int s) {
    return a.values[static_cast<std::size_t>(((layer * a.heads + head) * a.queries + t) * a.keys + s)];
}

}  // namespace

class TestAttentionAnalysis : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void headMatrixCopiesOneHead() {
        const auto a = handStack();
        COMPARE_MATRIX(analysis::headMatrix(a, 1, 1), matrix(3, 3, {0.2f, 0.8f, 0, 0.5f, 0.5f, 0, 0, 0, 1}));
    }

    void meanOverHeads() {
        const auto a = handStack();
        COMPARE_MATRIX(analysis::meanOverHeads(a, 0), matrix(3, 3, {.5f, .5f, 0, 0, .5f, .5f, .5f, 0, .5f}));
        COMPARE_MATRIX(analysis::meanOverHeads(a, 1), matrix(3, 3, {.4f, .6f, 0, .25f, .75f, 0, .1f, .1f, .8f}));
    }

    void maxOverHeadsRenormalisesRows() {
        // Element-wise max [[.6,.8,0],[.5,1,0],[.2,.2,1]], rows summing to 1.4, 1.5, 1.4.
        const auto a = handStack();
        COMPARE_MATRIX(analysis::maxOverHeads(a, 1),
                       matrix(3, 3, {3 / 7.f, 4 / 7.f, 0, 1 / 3.f, 2 / 3.f, 0, 1 / 7.f, 1 / 7.f, 5 / 7.f}));
    }

    void meanOverLayers() {
        const auto a = handStack();
        COMPARE_MATRIX(analysis::meanOverLayers(a), matrix(3, 3, {.45f, .55f, 0, .125f, .625f, .25f, .3f, .05f, .65f}));
    }

    void rolloutByHand() {
        // Â0 = ½·mean(L0) + ½·I = [[.75,.25,0],[0,.75,.25],[.25,0,.75]]
        // Â1 = ½·mean(L1) + ½·I = [[.7,.3,0],[.125,.875,0],[.05,.05,.9]]
        const auto a = handStack();
        COMPARE_MATRIX(analysis::rollout(a, 0), matrix(3, 3, {.75f, .25f, 0, 0, .75f, .25f, .25f, 0, .75f}));
        const FloatMatrix r1 = matrix(3, 3, {.525f, .4f, .075f, .09375f, .6875f, .21875f, .2625f, .05f, .6875f});
        COMPARE_MATRIX(analysis::rollout(a, 1), r1);
        COMPARE_MATRIX(analysis::rollout(a, 7), r1);  // clamped to the last layer
    }

    void keepAndRenormalise() {
        const FloatMatrix m = matrix(3, 3, {.5f, .3f, .2f, .1f, .1f, .8f, 0, 1, 0});
        const FloatMatrix kept = analysis::keepAndRenormalise(m, {true, false, true});
        // Rows 0 and 2, columns 0 and 2: [[.5,.2],[0,0]] -> the all-zero row stays zero.
        COMPARE_MATRIX(kept, matrix(2, 2, {5 / 7.f, 2 / 7.f, 0, 0}));
        COMPARE_MATRIX(analysis::keepAndRenormalise(m, {true, true, true}), m);
    }

    void groupWordPieces() {
        const auto g = analysis::groupWordPieces({"[CLS]", "play", "##ing", "fast", "[SEP]"});
        QCOMPARE(g.members, (std::vector<std::vector<int>>{{0}, {1, 2}, {3}, {4}}));
        QCOMPARE(g.labels, (std::vector<std::string>{"[CLS]", "playing", "fast", "[SEP]"}));
    }

    void groupWordPiecesEdges() {
        QVERIFY(analysis::groupWordPieces({}).members.empty());
        // A leading continuation starts its own word; "##" alone is a word, not a continuation.
        const auto g = analysis::groupWordPieces({"##ly", "un", "##believ", "##able", "##"});
        QCOMPARE(g.members, (std::vector<std::vector<int>>{{0}, {1, 2, 3}, {4}}));
        QCOMPARE(g.labels, (std::vector<std::string>{"ly", "unbelievable", "##"}));
    }

    void mergeWords() {
        const FloatMatrix m = matrix(5, 5,
                                     {
                                         .2f, .3f, .1f, .2f, .2f,  // [CLS]
                                         .1f, .1f, .4f, .2f, .2f,  // play
                                         .3f, .3f, .1f, .1f, .2f,  // ##ing
                                         0,   .5f, .5f, 0,   0,    // fast
                                         .2f, .2f, .2f, .2f, .2f,  // [SEP]
                                     });
        const auto g = analysis::groupWordPieces({"[CLS]", "play", "##ing", "fast", "[SEP]"});
        // To a word: sum over its pieces; from a word: mean over its pieces' rows.
        COMPARE_MATRIX(analysis::mergeWords(m, g), matrix(4, 4,
                                                          {
                                                              .2f, .4f, .2f, .2f,    //
                                                              .2f, .45f, .15f, .2f,  //
                                                              0, 1, 0, 0,            //
                                                              .2f, .4f, .2f, .2f,    //
                                                          }));
    }

    void entropy_data() {
        QTest::addColumn<int>("rows");
        QTest::addColumn<std::vector<float>>("values");
        QTest::addColumn<double>("bits");
        QTest::newRow("uniform over 4") << 1 << std::vector<float>{.25f, .25f, .25f, .25f} << 2.0;
        QTest::newRow("uniform over 2") << 1 << std::vector<float>{.5f, .5f, 0, 0} << 1.0;
        QTest::newRow("one-hot") << 1 << std::vector<float>{0, 1, 0, 0} << 0.0;
        QTest::newRow("mean of rows") << 2 << std::vector<float>{.25f, .25f, .25f, .25f, 1, 0, 0, 0} << 1.0;
        QTest::newRow("uniform over 8") << 1 << std::vector<float>(8, .125f) << 3.0;
    }
    void entropy() {
        QFETCH(int, rows);
        QFETCH(std::vector<float>, values);
        QFETCH(double, bits);
        const int cols = static_cast<int>(values.size()) / rows;
        QVERIFY(std::fabs(analysis::meanRowEntropyBits(matrix(rows, cols, values)) - bits) < 1e-6);
    }

    void distance() {
        // Row 0 looks one token ahead, row 1 at itself, row 2 two tokens back: (1 + 0 + 2) / 3.
        QCOMPARE(analysis::meanAttentionDistance(matrix(3, 3, {0, 1, 0, 0, 1, 0, 1, 0, 0})), 1.0);
        QCOMPARE(analysis::meanAttentionDistance(matrix(2, 2, {.5f, .5f, .5f, .5f})), 0.5);
    }

    void headStatistics() {
        const auto s = analysis::headStatistics(handStack());
        QCOMPARE(s.layers, 2);
        QCOMPARE(s.heads, 2);
        QCOMPARE(s.entropyAt(0, 0), 0.0);
        QCOMPARE(s.distanceAt(0, 0), 0.0);
        QCOMPARE(s.entropyAt(0, 1), 0.0);
        QVERIFY(std::fabs(s.distanceAt(0, 1) - 4.0 / 3.0) < 1e-6);  // 1 + 1 + 2 over 3 rows
        // Layer 1 head 0, row 0 = [.6,.4,0]: entropy contributes to the mean like any row.
        const double row0 = -(0.6 * std::log2(0.6) + 0.4 * std::log2(0.4));
        const double row2 = -(2 * 0.2 * std::log2(0.2) + 0.6 * std::log2(0.6));
        QVERIFY(std::fabs(s.entropyAt(1, 0) - (row0 + 0 + row2) / 3) < 1e-5);
    }

    void sinusoidal_data() {
        QTest::addColumn<int>("dims");
        QTest::addColumn<int>("position");
        QTest::addColumn<int>("dim");
        QTest::addColumn<double>("expected");
        QTest::newRow("p0 sin") << 4 << 0 << 0 << 0.0;
        QTest::newRow("p0 cos") << 4 << 0 << 1 << 1.0;
        QTest::newRow("p1 d0") << 4 << 1 << 0 << std::sin(1.0);
        QTest::newRow("p1 d1") << 4 << 1 << 1 << std::cos(1.0);
        QTest::newRow("p1 d2") << 4 << 1 << 2 << std::sin(1.0 / 100.0);  // 10000^(2/4) = 100
        QTest::newRow("p2 d3") << 4 << 2 << 3 << std::cos(2.0 / 100.0);
        QTest::newRow("p5 d2, odd dims") << 3 << 5 << 2 << std::sin(5.0 / std::pow(10000.0, 2.0 / 3.0));
        QTest::newRow("p7 d5, d=8") << 8 << 7 << 5 << std::cos(7.0 / std::pow(10000.0, 4.0 / 8.0));
    }
    void sinusoidal() {
        QFETCH(int, dims);
        QFETCH(int, position);
        QFETCH(int, dim);
        QFETCH(double, expected);
        const FloatMatrix pe = analysis::sinusoidalEncoding(10, dims);
        QCOMPARE(pe.rows, 10);
        QCOMPARE(pe.cols, dims);
        QVERIFY2(std::fabs(pe.at(position, dim) - expected) < 1e-6, qPrintable(QString::number(pe.at(position, dim))));
    }

    void cosineSimilarity() {
        const FloatMatrix m = matrix(4, 2, {1, 0, 0, 2, 1, 1, 0, 0});
        const float h = static_cast<float>(1 / std::sqrt(2.0));
        COMPARE_MATRIX(analysis::rowCosineSimilarity(m), matrix(4, 4,
                                                                {
                                                                    1, 0, h, 0,  //
                                                                    0, 1, h, 0,  //
                                                                    h, h, 1, 0,  //
                                                                    0, 0, 0, 0,  // zero row: 0
                                                                }));
    }

    // Cross-attention: 2 layers x 1 head, 2 queries x 3 keys.
    void aggregatesOfNonSquareStacks() {
        AttentionStack a;
        a.layers = 2;
        a.heads = 1;
        a.queries = 2;
        a.keys = 3;
        a.values = {0.5f, 0.5f, 0,    0, 0, 1,  // layer 0
                    0.1f, 0.3f, 0.6f, 1, 0, 0};
        COMPARE_MATRIX(analysis::headMatrix(a, 1, 0), matrix(2, 3, {0.1f, 0.3f, 0.6f, 1, 0, 0}));
        COMPARE_MATRIX(analysis::meanOverHeads(a, 0), matrix(2, 3, {0.5f, 0.5f, 0, 0, 0, 1}));
        COMPARE_MATRIX(analysis::meanOverLayers(a), matrix(2, 3, {0.3f, 0.4f, 0.3f, 0.5f, 0, 0.5f}));
        QVERIFY(!analysis::rolloutApplies(a));
        QVERIFY(analysis::rolloutApplies(handStack()));
        const FloatMatrix r = analysis::rollout(a, 1);  // does not apply: zeros of the stack's shape
        QCOMPARE(r.rows, 2);
        QCOMPARE(r.cols, 3);
        for (float v : r.values) QCOMPARE(v, 0.f);
    }

    void keepAndRenormalisePerAxis() {
        const FloatMatrix m = matrix(2, 3, {0.2f, 0.3f, 0.5f, 0.6f, 0.4f, 0});
        // Drop row 1 and column 2.
        COMPARE_MATRIX(analysis::keepAndRenormalise(m, {true, false}, {true, true, false}), matrix(1, 2, {0.4f, 0.6f}));
        // The one-mask form still hides the same index on both axes.
        COMPARE_MATRIX(analysis::keepAndRenormalise(matrix(2, 2, {0.5f, 0.5f, 0.25f, 0.75f}), {true, false}),
                       matrix(1, 1, {1}));
    }

    void mergeWordsPerAxis() {
        // Rows: words {0,1} and {2}; columns: {0}, {1,2}.
        const FloatMatrix m = matrix(3, 3, {0.2f, 0.3f, 0.5f, 0.4f, 0.4f, 0.2f, 1, 0, 0});
        analysis::WordGroups rows, cols;
        rows.members = {{0, 1}, {2}};
        cols.members = {{0}, {1, 2}};
        COMPARE_MATRIX(analysis::mergeWords(m, rows, cols), matrix(2, 2, {0.3f, 0.7f, 1, 0}));
    }

    void groupSentencePieces() {
        using analysis::PieceScheme;
        const std::string w = "\xE2\x96\x81";  // "▁"
        const std::vector<std::string> pieces = {"<s>", w + "Ein", w + "blau", "en", w + "Hemd", ".", "</s>"};
        const std::vector<bool> special = {true, false, false, false, false, false, true};
        QCOMPARE(analysis::detectPieceScheme(pieces, special), PieceScheme::SentencePiece);
        const analysis::WordGroups g = analysis::groupWordPieces(pieces, special);
        QCOMPARE(g.members, (std::vector<std::vector<int>>{{0}, {1}, {2, 3}, {4, 5}, {6}}));
        QCOMPARE(g.labels, (std::vector<std::string>{"<s>", "Ein", "blauen", "Hemd.", "</s>"}));
        // A special between pieces ends the word; a piece after it starts a new one.
        const analysis::WordGroups cut = analysis::groupWordPieces({w + "a", "</s>", "b"}, {false, true, false});
        QCOMPARE(cut.members, (std::vector<std::vector<int>>{{0}, {1}, {2}}));
        // Only specials start with "▁"? Not SentencePiece; "##" rules.
        QCOMPARE(analysis::detectPieceScheme({w, "play", "##ing"}, {true, false, false}), PieceScheme::WordPiece);
        QCOMPARE(analysis::groupWordPieces({"[CLS]", "play", "##ing"}).labels,
                 (std::vector<std::string>{"[CLS]", "playing"}));
        QCOMPARE(analysis::displayPiece(w + "Mann"), std::string("Mann"));
        QCOMPARE(analysis::displayPiece("##ing"), std::string("##ing"));
        QCOMPARE(analysis::displayPiece(w), w);  // a lone "▁" stays visible
    }

    void groupByteLevelPieces() {
        using analysis::PieceScheme;
        const std::string g = "\xC4\xA0";  // "Ġ", a space
        // RoBERTa's "<s> The Ġcaf é Ġsat , Ġdon 't </s>": "Ã©" is é's two bytes.
        const std::vector<std::string> pieces = {"<s>", "The", g + "caf", "\xC3\x83\xC2\xA9", g + "sat", ",", "</s>"};
        const std::vector<bool> special = {true, false, false, false, false, false, true};
        QCOMPARE(analysis::detectPieceScheme(pieces, special), PieceScheme::ByteLevel);
        const analysis::WordGroups w = analysis::groupWordPieces(pieces, special);
        QCOMPARE(w.members, (std::vector<std::vector<int>>{{0}, {1}, {2, 3}, {4, 5}, {6}}));
        QCOMPARE(w.labels, (std::vector<std::string>{"<s>", "The", "caf\xC3\xA9", "sat,", "</s>"}));
        QCOMPARE(analysis::displayPiece(g + "caf", PieceScheme::ByteLevel), std::string("caf"));
        QCOMPARE(analysis::displayPiece("\xC3\x83\xC2\xA9", PieceScheme::ByteLevel), std::string("\xC3\xA9"));
        QCOMPARE(analysis::displayPiece(g + g, PieceScheme::ByteLevel), g + g);  // spaces stay visible
        // Hidden specials still tell the scheme: the rows are decoded.
        std::vector<attnscope::Token> tokens;
        for (std::size_t i = 0; i < pieces.size(); ++i) {
            attnscope::Token t;
            t.piece = pieces[i];
            t.special = special[i];
            tokens.push_back(t);
        }
        const auto v = analysis::visibleTokens(tokens, /*hideSpecial=*/true, /*mergePieces=*/false);
        QCOMPARE(v.labels, (std::vector<std::string>{"The", "caf", "\xC3\xA9", "sat", ","}));
        // One word and no <s>: WordPiece rules, the piece as it is.
        QCOMPARE(analysis::detectPieceScheme({"Hello"}, {false}), PieceScheme::WordPiece);
        // Marian's </s> alone does not make SentencePiece pieces byte-level.
        QCOMPARE(analysis::detectPieceScheme({"\xC3\xB6", "</s>"}, {false, true}), PieceScheme::WordPiece);
    }

    void visibleTokensPerAxis() {
        const std::string w = "\xE2\x96\x81";
        auto token = [](const std::string& piece, bool special = false) {
            attnscope::Token t;
            t.piece = piece;
            t.special = special;
            return t;
        };
        const std::vector<attnscope::Token> target = {token(w + "Hem"), token("d"), token("</s>", true)};
        const std::vector<attnscope::Token> source = {token(w + "shirt"), token("."), token("</s>", true)};
        const analysis::VisibleTokens rows = analysis::visibleTokens(target, true, true);
        const analysis::VisibleTokens cols = analysis::visibleTokens(source, false, false);
        QCOMPARE(rows.labels, (std::vector<std::string>{"Hemd"}));
        QCOMPARE(cols.labels, (std::vector<std::string>{"shirt", ".", "</s>"}));
        // [3 target, 3 source]; row 2 (</s>) hidden, rows 0-1 merged (mean); columns untouched.
        const FloatMatrix m = matrix(3, 3, {0.6f, 0.2f, 0.2f, 0.2f, 0.4f, 0.4f, 0, 0, 1});
        COMPARE_MATRIX(analysis::visibleMatrix(m, rows, cols), matrix(1, 3, {0.4f, 0.3f, 0.3f}));
    }

    // ---------------------------------------------------------------- aggregate(): one rule
    void aggregateByHand_data() {
        QTest::addColumn<bool>("square");
        QTest::addColumn<int>("layer");
        QTest::addColumn<int>("head");
        QTest::addColumn<int>("how");
        QTest::addColumn<int>("kind");
        QTest::addColumn<std::vector<float>>("expected");
        const int self = int(StackKind::SelfAttention), cross = int(StackKind::CrossAttention);
        const std::vector<float> squareMeanLayers = {.45f, .55f, 0, .125f, .625f, .25f, .3f, .05f, .65f};
        // Square: handStack (2 layers x 2 heads, 3 x 3).
        QTest::newRow("square head 1/1") << true << 1 << 1 << int(Aggregate::SingleHead) << self
                                         << std::vector<float>{.2f, .8f, 0, .5f, .5f, 0, 0, 0, 1};
        QTest::newRow("square head clamped") << true << 5 << -2 << int(Aggregate::SingleHead) << self
                                             << std::vector<float>{.6f, .4f, 0, 0, 1, 0, .2f, .2f, .6f};
        QTest::newRow("square mean heads 0") << true << 0 << 1 << int(Aggregate::MeanHeads) << self
                                             << std::vector<float>{.5f, .5f, 0, 0, .5f, .5f, .5f, 0, .5f};
        // max of identity and the cyclic shift: two ones per row, halved.
        QTest::newRow("square max heads 0") << true << 0 << 0 << int(Aggregate::MaxHeads) << self
                                            << std::vector<float>{.5f, .5f, 0, 0, .5f, .5f, .5f, 0, .5f};
        QTest::newRow("square max heads 1")
            << true << 1 << 0 << int(Aggregate::MaxHeads) << self
            << std::vector<float>{3 / 7.f, 4 / 7.f, 0, 1 / 3.f, 2 / 3.f, 0, 1 / 7.f, 1 / 7.f, 5 / 7.f};
        QTest::newRow("square mean layers") << true << 1 << 1 << int(Aggregate::MeanLayers) << self << squareMeanLayers;
        QTest::newRow("square rollout 0") << true << 0 << 0 << int(Aggregate::Rollout) << self
                                          << std::vector<float>{.75f, .25f, 0, 0, .75f, .25f, .25f, 0, .75f};
        QTest::newRow("square rollout 1")
            << true << 1 << 0 << int(Aggregate::Rollout) << self
            << std::vector<float>{.525f, .4f, .075f, .09375f, .6875f, .21875f, .2625f, .05f, .6875f};
        // A square cross-attention stack (as many target as source tokens) gets no rollout.
        QTest::newRow("square cross rollout") << true << 1 << 0 << int(Aggregate::Rollout) << cross << squareMeanLayers;
        // Non-square: crossStack (2 layers x 2 heads, 2 x 3).
        const std::vector<float> crossMeanLayers = {.275f, .325f, .4f, .35f, .225f, .425f};
        QTest::newRow("cross head 1/1") << false << 1 << 1 << int(Aggregate::SingleHead) << cross
                                        << std::vector<float>{.3f, .3f, .4f, 0, .5f, .5f};
        QTest::newRow("cross mean heads 0") << false << 0 << 0 << int(Aggregate::MeanHeads) << cross
                                            << std::vector<float>{.35f, .35f, .3f, .2f, .2f, .6f};
        QTest::newRow("cross mean heads 1") << false << 1 << 0 << int(Aggregate::MeanHeads) << cross
                                            << std::vector<float>{.2f, .3f, .5f, .5f, .25f, .25f};
        // max [[.5,.5,.6],[.4,.4,1]], rows summing to 1.6 and 1.8.
        QTest::newRow("cross max heads 0")
            << false << 0 << 1 << int(Aggregate::MaxHeads) << cross
            << std::vector<float>{5 / 16.f, 5 / 16.f, 6 / 16.f, 2 / 9.f, 2 / 9.f, 5 / 9.f};
        // max [[.3,.3,.6],[1,.5,.5]], rows summing to 1.2 and 2.
        QTest::newRow("cross max heads 1") << false << 1 << 0 << int(Aggregate::MaxHeads) << cross
                                           << std::vector<float>{.25f, .25f, .5f, .5f, .25f, .25f};
        QTest::newRow("cross max heads clamped") << false << 9 << 9 << int(Aggregate::MaxHeads) << cross
                                                 << std::vector<float>{.25f, .25f, .5f, .5f, .25f, .25f};
        QTest::newRow("cross mean layers") << false << 0 << 0 << int(Aggregate::MeanLayers) << cross << crossMeanLayers;
        QTest::newRow("cross rollout") << false << 1 << 1 << int(Aggregate::Rollout) << cross << crossMeanLayers;
        // Not square: no rollout whatever the caller calls it.
        QTest::newRow("non-square self rollout")
            << false << 1 << 1 << int(Aggregate::Rollout) << self << crossMeanLayers;
    }
    void aggregateByHand() {
        QFETCH(bool, square);
        QFETCH(int, layer);
        QFETCH(int, head);
        QFETCH(int, how);
        QFETCH(int, kind);
        QFETCH(std::vector<float>, expected);
        const AttentionStack a = square ? handStack() : crossStack();
        const FloatMatrix got = analysis::aggregate(a, layer, head, Aggregate(how), StackKind(kind));
        COMPARE_MATRIX(got, matrix(a.queries, a.keys, expected));
    }

    void aggregateOfNoData() {
        QCOMPARE(analysis::aggregate(AttentionStack{}, 0, 0, Aggregate::MeanHeads).rows, 0);
        AttentionStack broken = crossStack();
        broken.values.resize(5);  // shape says more than there is: zeros, never a read past the end
        const FloatMatrix z = analysis::aggregate(broken, 1, 1, Aggregate::MaxHeads, StackKind::CrossAttention);
        QCOMPARE(z.rows, 2);
        QCOMPARE(z.cols, 3);
        for (float v : z.values) QCOMPARE(v, 0.f);
        QVERIFY(analysis::stackConsistent(crossStack()));
        QVERIFY(!analysis::stackConsistent(broken));
        QVERIFY(!analysis::rolloutApplies(handStack(), StackKind::CrossAttention));
    }

    void aggregateIncludes() {
        const AttentionStack sq = handStack(), cr = crossStack();
        const auto self = StackKind::SelfAttention, cross = StackKind::CrossAttention;
        QVERIFY(analysis::aggregateIncludes(sq, 1, 0, Aggregate::SingleHead, self, 1, 0));
        QVERIFY(!analysis::aggregateIncludes(sq, 1, 0, Aggregate::SingleHead, self, 1, 1));
        QVERIFY(analysis::aggregateIncludes(sq, 9, 9, Aggregate::SingleHead, self, 1, 1));  // clamped
        QVERIFY(analysis::aggregateIncludes(cr, 0, 0, Aggregate::MaxHeads, cross, 0, 1));
        QVERIFY(!analysis::aggregateIncludes(cr, 0, 0, Aggregate::MaxHeads, cross, 1, 1));
        QVERIFY(analysis::aggregateIncludes(cr, 0, 0, Aggregate::MeanLayers, cross, 1, 1));
        QVERIFY(!analysis::aggregateIncludes(sq, 0, 0, Aggregate::Rollout, self, 1, 0));     // rollout up to layer 0
        QVERIFY(analysis::aggregateIncludes(sq, 0, 0, Aggregate::Rollout, cross, 1, 0));     // fallback: every head
        QVERIFY(!analysis::aggregateIncludes(sq, 0, 0, Aggregate::MeanLayers, self, 2, 0));  // not in the stack
    }

    // ---------------------------------------------------------------- a translation's cross-attention
    void crossAttentionPerSelection() {
        const auto t = houseTranslation();
        const auto& a = t.crossAttentions;
        for (int layer = 0; layer < 2; ++layer)
            for (int head = 0; head < 3; ++head) {
                const auto m = crossAttention(t, layer, head, Aggregate::SingleHead);
                QCOMPARE(m.rows, 4);
                QCOMPARE(m.cols, 5);
                for (int r = 0; r < 4; ++r)
                    for (int c = 0; c < 5; ++c) QCOMPARE(m.at(r, c), raw(a, layer, head, r, c));
            }
        const auto mean = crossAttention(t, 1, 0, Aggregate::MeanHeads);
        const auto all = crossAttention(t, 0, 0, Aggregate::MeanLayers);
        const auto rollout = crossAttention(t, 1, 2, Aggregate::Rollout);
        const auto max = crossAttention(t, 1, 2, Aggregate::MaxHeads);
        bool maxDiffersFromAll = false;
        for (int r = 0; r < 4; ++r) {
            double rowSum = 0, maxRowSum = 0;
            for (int c = 0; c < 5; ++c)
                maxRowSum += std::max({raw(a, 1, 0, r, c), raw(a, 1, 1, r, c), raw(a, 1, 2, r, c)});
            for (int c = 0; c < 5; ++c) {
                const double expected = (raw(a, 1, 0, r, c) + raw(a, 1, 1, r, c) + raw(a, 1, 2, r, c)) / 3.0;
                QVERIFY(std::abs(mean.at(r, c) - expected) < 1e-6);
                double total = 0;
                for (int l = 0; l < 2; ++l)
                    for (int h = 0; h < 3; ++h) total += raw(a, l, h, r, c);
                QVERIFY(std::abs(all.at(r, c) - total / 6) < 1e-6);
                QCOMPARE(rollout.at(r, c), all.at(r, c));
                // Max over heads: that layer's heads, element-wise, rows renormalised (as for
                // self-attention), no longer the mean over every layer and head.
                const double peak = std::max({raw(a, 1, 0, r, c), raw(a, 1, 1, r, c), raw(a, 1, 2, r, c)});
                QVERIFY(std::abs(max.at(r, c) - peak / maxRowSum) < 1e-6);
                maxDiffersFromAll = maxDiffersFromAll || std::abs(max.at(r, c) - all.at(r, c)) > 1e-3;
                rowSum += mean.at(r, c);
            }
            QVERIFY(std::abs(rowSum - 1.0) < 1e-5);
        }
        QVERIFY(maxDiffersFromAll);
        // Out-of-range layer and head are clamped into the stack.
        const auto clamped = crossAttention(t, 9, -3, Aggregate::SingleHead);
        QCOMPARE(clamped.at(2, 3), raw(a, 1, 0, 2, 3));
        // No data: an empty matrix, never a crash.
        attnscope::TextTranslation empty;
        QCOMPARE(crossAttention(empty, 0, 0, Aggregate::MeanHeads).rows, 0);
        attnscope::TextTranslation broken = t;
        broken.crossAttentions.values.resize(10);  // shape says more than there is
        QCOMPARE(crossAttention(broken, 0, 0, Aggregate::SingleHead).rows, 0);
    }

    void stackWithDataClipsAStreamingStack() {
        const AttentionStack a = randomStack(2, 3, 4, 5, 11);
        // Fewer tokens than rows (tokens not yet shown): the first rows and columns of every head.
        const AttentionStack part = analysis::stackWithData(a, 2, 4);
        QCOMPARE(part.layers, 2);
        QCOMPARE(part.heads, 3);
        QCOMPARE(part.queries, 2);
        QCOMPARE(part.keys, 4);
        QCOMPARE(part.values.size(), std::size_t(2 * 3 * 2 * 4));
        for (int l = 0; l < 2; ++l)
            for (int h = 0; h < 3; ++h)
                for (int r = 0; r < 2; ++r)
                    for (int c = 0; c < 4; ++c) QCOMPARE(part.at(l, h, r, c), a.at(l, h, r, c));
        // More tokens than rows (a row still to come): the rows there are.
        QCOMPARE(analysis::stackWithData(a, 9, 9).queries, 4);
        QCOMPARE(analysis::stackWithData(a, 9, 9).values, a.values);
        QCOMPARE(analysis::stackWithData(a, 0, 5).layers, 0);
        QCOMPARE(analysis::stackWithData(AttentionStack{}, 3, 3).values.size(), std::size_t(0));
    }

    void matrixRowCopiesOneRow() {
        const FloatMatrix m = matrix(2, 3, {0.1f, 0.2f, 0.7f, 0.5f, 0.5f, 0});
        QCOMPARE(analysis::matrixRow(m, 1), (std::vector<float>{0.5f, 0.5f, 0}));
        QVERIFY(analysis::matrixRow(m, 2).empty());
        QVERIFY(analysis::matrixRow(m, -1).empty());
    }

    void argmaxSkipsSpecialSources() {
        FloatMatrix m;
        m.rows = 3;
        m.cols = 4;
        m.values = {0.1f, 0.2f, 0.3f, 0.4f,   // the special last column is largest: skipped
                    0.5f, 0.1f, 0.1f, 0.3f,   // plain argmax
                    0.2f, 0.3f, 0.3f, 0.2f};  // a tie goes to the first
        const std::vector<bool> special = {false, false, false, true};
        QCOMPARE(analysis::argmaxSource(m, 0, special), 2);
        QCOMPARE(analysis::argmaxSource(m, 1, special), 0);
        QCOMPARE(analysis::argmaxSource(m, 2, special), 1);
        QCOMPARE(analysis::argmaxSource(m, 0, {true, true, true, true}), 3);  // all special: plain argmax
        QCOMPARE(analysis::argmaxSource(m, 5, special), -1);
        QCOMPARE(analysis::hardAlignment(m, special, {false, false, true}), (std::vector<int>{2, 0, -1}));
        // The declaration kept in marian_text.h is the same function.
        QCOMPARE(attnscope::argmaxSource(m, 0, special), 2);
    }

    void translationHardAlignmentUsesTheMeanOverHeads() {
        const auto t = houseTranslation();
        const auto links = attnscope::hardAlignment(t, 1);
        const FloatMatrix mean = crossAttention(t, 1, 0, Aggregate::MeanHeads);
        std::vector<bool> sourceSpecial;
        for (const auto& s : t.sourceTokens) sourceSpecial.push_back(s.special);
        QCOMPARE(links.size(), std::size_t(3));  // </s> has no link
        for (const auto& link : links) QCOMPARE(link.source, analysis::argmaxSource(mean, link.target, sourceSpecial));
    }

    void outOfRangeGivesZeros() {
        const auto a = handStack();
        const FloatMatrix z = analysis::headMatrix(a, 5, 0);
        QCOMPARE(z.rows, 3);
        for (float v : z.values) QCOMPARE(v, 0.f);
        QCOMPARE(analysis::meanRowEntropyBits(FloatMatrix{}), 0.0);
    }
};

QTEST_GUILESS_MAIN(TestAttentionAnalysis)
#include "tst_attention_analysis.moc"
