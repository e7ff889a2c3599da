// Tests for attnmath (app/attention_math.h) on small matrices computed by hand: head
// aggregates, rollout on a 2-layer 2-head 3x3 stack, hiding tokens, merging word pieces,
// entropy, distance, sinusoidal encodings and cosine similarity; non-square (cross-attention)
// stacks and SentencePiece ("▁") word grouping.
#include "attention_math.h"

#include <QtTest>

#include <cmath>

using attnscope::AttentionStack;
using attnscope::FloatMatrix;

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
        1, 0, 0, 0, 1, 0, 0, 0, 1,
        // layer 0 head 1: each token looks at the next (cyclically)
        0, 1, 0, 0, 0, 1, 1, 0, 0,
        // layer 1 head 0
        0.6f, 0.4f, 0, 0, 1, 0, 0.2f, 0.2f, 0.6f,
        // layer 1 head 1
        0.2f, 0.8f, 0, 0.5f, 0.5f, 0, 0, 0, 1,
    };
    return a;
}

QString compare(const FloatMatrix& got, const FloatMatrix& want, float tolerance = 1e-5f) {
    if (got.rows != want.rows || got.cols != want.cols)
        return QString("shape %1x%2, expected %3x%4").arg(got.rows).arg(got.cols).arg(want.rows).arg(want.cols);
    for (int r = 0; r < got.rows; ++r)
        for (int c = 0; c < got.cols; ++c)
            if (std::fabs(got.at(r, c) - want.at(r, c)) > tolerance)
                return QString("(%1,%2) = %3, expected %4").arg(r).arg(c).arg(got.at(r, c)).arg(want.at(r, c));
    return {};
}

#define COMPARE_MATRIX(got, want) QCOMPARE(compare(got, want), QString())

}  // namespace

class TestAttentionMath : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void headMatrixCopiesOneHead() {
        const auto a = handStack();
        COMPARE_MATRIX(attnmath::headMatrix(a, 1, 1), matrix(3, 3, {0.2f, 0.8f, 0, 0.5f, 0.5f, 0, 0, 0, 1}));
    }

    void meanOverHeads() {
        const auto a = handStack();
        COMPARE_MATRIX(attnmath::meanOverHeads(a, 0), matrix(3, 3, {.5f, .5f, 0, 0, .5f, .5f, .5f, 0, .5f}));
        COMPARE_MATRIX(attnmath::meanOverHeads(a, 1), matrix(3, 3, {.4f, .6f, 0, .25f, .75f, 0, .1f, .1f, .8f}));
    }

    void maxOverHeadsRenormalisesRows() {
        // Element-wise max [[.6,.8,0],[.5,1,0],[.2,.2,1]], rows summing to 1.4, 1.5, 1.4.
        const auto a = handStack();
        COMPARE_MATRIX(attnmath::maxOverHeads(a, 1),
                       matrix(3, 3, {3 / 7.f, 4 / 7.f, 0, 1 / 3.f, 2 / 3.f, 0, 1 / 7.f, 1 / 7.f, 5 / 7.f}));
    }

    void meanOverLayers() {
        const auto a = handStack();
        COMPARE_MATRIX(attnmath::meanOverLayers(a),
                       matrix(3, 3, {.45f, .55f, 0, .125f, .625f, .25f, .3f, .05f, .65f}));
    }

    void rolloutByHand() {
        // Â0 = ½·mean(L0) + ½·I = [[.75,.25,0],[0,.75,.25],[.25,0,.75]]
        // Â1 = ½·mean(L1) + ½·I = [[.7,.3,0],[.125,.875,0],[.05,.05,.9]]
        const auto a = handStack();
        COMPARE_MATRIX(attnmath::rollout(a, 0), matrix(3, 3, {.75f, .25f, 0, 0, .75f, .25f, .25f, 0, .75f}));
        const FloatMatrix r1 = matrix(3, 3, {.525f, .4f, .075f, .09375f, .6875f, .21875f, .2625f, .05f, .6875f});
        COMPARE_MATRIX(attnmath::rollout(a, 1), r1);
        COMPARE_MATRIX(attnmath::rollout(a, 7), r1);  // clamped to the last layer
    }

    void keepAndRenormalise() {
        const FloatMatrix m = matrix(3, 3, {.5f, .3f, .2f, .1f, .1f, .8f, 0, 1, 0});
        const FloatMatrix kept = attnmath::keepAndRenormalise(m, {true, false, true});
        // Rows 0 and 2, columns 0 and 2: [[.5,.2],[0,0]] -> the all-zero row stays zero.
        COMPARE_MATRIX(kept, matrix(2, 2, {5 / 7.f, 2 / 7.f, 0, 0}));
        COMPARE_MATRIX(attnmath::keepAndRenormalise(m, {true, true, true}), m);
    }

    void groupWordPieces() {
        const auto g = attnmath::groupWordPieces({"[CLS]", "play", "##ing", "fast", "[SEP]"});
        QCOMPARE(g.members, (std::vector<std::vector<int>>{{0}, {1, 2}, {3}, {4}}));
        QCOMPARE(g.labels, (std::vector<std::string>{"[CLS]", "playing", "fast", "[SEP]"}));
    }

    void groupWordPiecesEdges() {
        QVERIFY(attnmath::groupWordPieces({}).members.empty());
        // A leading continuation starts its own word; "##" alone is a word, not a continuation.
        const auto g = attnmath::groupWordPieces({"##ly", "un", "##believ", "##able", "##"});
        QCOMPARE(g.members, (std::vector<std::vector<int>>{{0}, {1, 2, 3}, {4}}));
        QCOMPARE(g.labels, (std::vector<std::string>{"ly", "unbelievable", "##"}));
    }

    void mergeWords() {
        const FloatMatrix m = matrix(5, 5, {
                                               .2f, .3f, .1f, .2f, .2f,  // [CLS]
                                               .1f, .1f, .4f, .2f, .2f,  // play
                                               .3f, .3f, .1f, .1f, .2f,  // ##ing
                                               0, .5f, .5f, 0, 0,        // fast
                                               .2f, .2f, .2f, .2f, .2f,  // [SEP]
                                           });
        const auto g = attnmath::groupWordPieces({"[CLS]", "play", "##ing", "fast", "[SEP]"});
        // To a word: sum over its pieces; from a word: mean over its pieces' rows.
        COMPARE_MATRIX(attnmath::mergeWords(m, g), matrix(4, 4, {
                                                                    .2f, .4f, .2f, .2f,     //
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
        QVERIFY(std::fabs(attnmath::meanRowEntropyBits(matrix(rows, cols, values)) - bits) < 1e-6);
    }

    void distance() {
        // Row 0 looks one token ahead, row 1 at itself, row 2 two tokens back: (1 + 0 + 2) / 3.
        QCOMPARE(attnmath::meanAttentionDistance(matrix(3, 3, {0, 1, 0, 0, 1, 0, 1, 0, 0})), 1.0);
        QCOMPARE(attnmath::meanAttentionDistance(matrix(2, 2, {.5f, .5f, .5f, .5f})), 0.5);
    }

    void headStatistics() {
        const auto s = attnmath::headStatistics(handStack());
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
        const FloatMatrix pe = attnmath::sinusoidalEncoding(10, dims);
        QCOMPARE(pe.rows, 10);
        QCOMPARE(pe.cols, dims);
        QVERIFY2(std::fabs(pe.at(position, dim) - expected) < 1e-6, qPrintable(QString::number(pe.at(position, dim))));
    }

    void cosineSimilarity() {
        const FloatMatrix m = matrix(4, 2, {1, 0, 0, 2, 1, 1, 0, 0});
        const float h = static_cast<float>(1 / std::sqrt(2.0));
        COMPARE_MATRIX(attnmath::rowCosineSimilarity(m), matrix(4, 4, {
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
        a.values = {0.5f, 0.5f, 0, 0, 0, 1,  // layer 0
                    0.1f, 0.3f, 0.6f, 1, 0, 0};
        COMPARE_MATRIX(attnmath::headMatrix(a, 1, 0), matrix(2, 3, {0.1f, 0.3f, 0.6f, 1, 0, 0}));
        COMPARE_MATRIX(attnmath::meanOverHeads(a, 0), matrix(2, 3, {0.5f, 0.5f, 0, 0, 0, 1}));
        COMPARE_MATRIX(attnmath::meanOverLayers(a), matrix(2, 3, {0.3f, 0.4f, 0.3f, 0.5f, 0, 0.5f}));
        QVERIFY(!attnmath::rolloutApplies(a));
        QVERIFY(attnmath::rolloutApplies(handStack()));
        const FloatMatrix r = attnmath::rollout(a, 1);  // does not apply: zeros of the stack's shape
        QCOMPARE(r.rows, 2);
        QCOMPARE(r.cols, 3);
        for (float v : r.values) QCOMPARE(v, 0.f);
    }

    void keepAndRenormalisePerAxis() {
        const FloatMatrix m = matrix(2, 3, {0.2f, 0.3f, 0.5f, 0.6f, 0.4f, 0});
        // Drop row 1 and column 2.
        COMPARE_MATRIX(attnmath::keepAndRenormalise(m, {true, false}, {true, true, false}), matrix(1, 2, {0.4f, 0.6f}));
        // The one-mask form still hides the same index on both axes.
        COMPARE_MATRIX(attnmath::keepAndRenormalise(matrix(2, 2, {0.5f, 0.5f, 0.25f, 0.75f}), {true, false}),
                       matrix(1, 1, {1}));
    }

    void mergeWordsPerAxis() {
        // Rows: words {0,1} and {2}; columns: {0}, {1,2}.
        const FloatMatrix m = matrix(3, 3, {0.2f, 0.3f, 0.5f, 0.4f, 0.4f, 0.2f, 1, 0, 0});
        attnmath::WordGroups rows, cols;
        rows.members = {{0, 1}, {2}};
        cols.members = {{0}, {1, 2}};
        COMPARE_MATRIX(attnmath::mergeWords(m, rows, cols), matrix(2, 2, {0.3f, 0.7f, 1, 0}));
    }

    void groupSentencePieces() {
        using attnmath::PieceScheme;
        const std::string w = "\xE2\x96\x81";  // "▁"
        const std::vector<std::string> pieces = {"<s>", w + "Ein", w + "blau", "en", w + "Hemd", ".", "</s>"};
        const std::vector<bool> special = {true, false, false, false, false, false, true};
        QCOMPARE(attnmath::detectPieceScheme(pieces, special), PieceScheme::SentencePiece);
        const attnmath::WordGroups g = attnmath::groupWordPieces(pieces, special);
        QCOMPARE(g.members, (std::vector<std::vector<int>>{{0}, {1}, {2, 3}, {4, 5}, {6}}));
        QCOMPARE(g.labels, (std::vector<std::string>{"<s>", "Ein", "blauen", "Hemd.", "</s>"}));
        // A special between pieces ends the word; a piece after it starts a new one.
        const attnmath::WordGroups cut = attnmath::groupWordPieces({w + "a", "</s>", "b"}, {false, true, false});
        QCOMPARE(cut.members, (std::vector<std::vector<int>>{{0}, {1}, {2}}));
        // Only specials start with "▁"? Not SentencePiece; "##" rules.
        QCOMPARE(attnmath::detectPieceScheme({w, "play", "##ing"}, {true, false, false}), PieceScheme::WordPiece);
        QCOMPARE(attnmath::groupWordPieces({"[CLS]", "play", "##ing"}).labels,
                 (std::vector<std::string>{"[CLS]", "playing"}));
        QCOMPARE(attnmath::displayPiece(w + "Mann"), std::string("Mann"));
        QCOMPARE(attnmath::displayPiece("##ing"), std::string("##ing"));
        QCOMPARE(attnmath::displayPiece(w), w);  // a lone "▁" stays visible
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
        const attnmath::VisibleTokens rows = attnmath::visibleTokens(target, true, true);
        const attnmath::VisibleTokens cols = attnmath::visibleTokens(source, false, false);
        QCOMPARE(rows.labels, (std::vector<std::string>{"Hemd"}));
        QCOMPARE(cols.labels, (std::vector<std::string>{"shirt", ".", "</s>"}));
        // [3 target, 3 source]; row 2 (</s>) hidden, rows 0-1 merged (mean); columns untouched.
        const FloatMatrix m = matrix(3, 3, {0.6f, 0.2f, 0.2f, 0.2f, 0.4f, 0.4f, 0, 0, 1});
        COMPARE_MATRIX(attnmath::visibleMatrix(m, rows, cols), matrix(1, 3, {0.4f, 0.3f, 0.3f}));
    }

    void outOfRangeGivesZeros() {
        const auto a = handStack();
        const FloatMatrix z = attnmath::headMatrix(a, 5, 0);
        QCOMPARE(z.rows, 3);
        for (float v : z.values) QCOMPARE(v, 0.f);
        QCOMPARE(attnmath::meanRowEntropyBits(FloatMatrix{}), 0.0);
    }
};

QTEST_GUILESS_MAIN(TestAttentionMath)
#include "tst_attention_math.moc"
