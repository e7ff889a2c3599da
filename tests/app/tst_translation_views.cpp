// Tests for the translation views on a synthetic translation (no model, no fixtures): the
// shared text and geometry (piece labels, box flow; the cross-attention maths itself is tested
// in tests/core/tst_attention_analysis.cpp), AlignmentView's matrix (the core's aggregate for
// every selection), hard alignment and hit-testing, StepThroughView's steps and playback,
// SentenceLinksView's threshold, BeamView's n-best list and tree, and every view on null,
// empty, one-token, partial and very long translations, light and dark.
#include "alignment_view.h"
#include "attention_fixtures.h"
#include "beam_view.h"
#include "sentence_links_view.h"
#include "step_through_view.h"
#include "translation_math.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QScrollArea>
#include <QSlider>
#include <QTreeWidget>
#include <QtTest>

#include <cmath>
#include <random>

namespace {

namespace tmath = translationmath;

std::shared_ptr<Translation> makeTranslation(const std::vector<std::string>& source,
                                             const std::vector<std::string>& target, int layers = 2, int heads = 3,
                                             unsigned seed = 7) {
    auto t = std::make_shared<Translation>();
    t->requestId = 1;
    t->modelName = "synthetic";
    for (std::size_t i = 0; i < source.size(); ++i)
        t->result.sourceTokens.push_back(fixtureToken(source[i], static_cast<int>(i) + 10));
    for (std::size_t i = 0; i < target.size(); ++i)
        t->result.targetTokens.push_back(fixtureToken(target[i], static_cast<int>(i) + 100));
    t->result.text = tmath::joinPieces(t->result.sourceTokens, static_cast<int>(source.size())).toStdString();
    t->result.translation = tmath::joinPieces(t->result.targetTokens, static_cast<int>(target.size())).toStdString();
    if (!target.empty() && !source.empty())
        t->result.crossAttentions =
            randomStack(layers, heads, static_cast<int>(target.size()), static_cast<int>(source.size()), seed);
    attnscope::TranslationHypothesis best;
    best.text = t->result.translation;
    best.logProbability = -1.25;
    best.score = -0.31;
    t->result.nbest.push_back(best);
    return t;
}

// The standard fixture: 2 layers x 3 heads, 5 source tokens, 4 target tokens, a beam tree.
std::shared_ptr<Translation> houseTranslation() {
    auto t = makeTranslation({"▁The", "▁house", "▁is", "▁small", "</s>"}, {"▁Das", "▁Haus", "chen", "</s>"});
    t->beams = 2;
    auto node = [](int parent, const std::string& piece, double logp, bool onBest, bool finished = false,
                   double score = 0) {
        attnscope::BeamNode n;
        n.parent = parent;
        n.piece = piece;
        n.logProbability = logp;
        n.onBest = onBest;
        n.finished = finished;
        n.score = score;
        return n;
    };
    auto& steps = t->result.beamSteps;
    steps.resize(4);
    steps[0].beams = {node(-1, "▁Das", -0.1, true), node(-1, "▁Die", -0.9, false)};
    steps[1].beams = {node(0, "▁Haus", -0.3, true), node(1, "▁Häuschen", -1.2, false)};
    steps[2].beams = {node(0, "chen", -0.6, true), node(0, "▁ist", -0.8, false)};
    steps[2].finished = {node(1, "</s>", -1.5, false, true, -0.5)};
    steps[3].finished = {node(0, "</s>", -0.7, true, true, -0.18), node(1, "</s>", -1.9, false, true, -0.47)};
    attnscope::TranslationHypothesis second;
    second.text = "Die Häuschen";
    second.logProbability = -1.5;
    second.score = -0.5;
    t->result.nbest.front().score = -0.18;
    t->result.nbest.push_back(second);
    second.text = "Das Haus ist";
    second.score = -0.47;
    t->result.nbest.push_back(second);
    return t;
}

std::vector<std::string> numbered(const std::string& stem, int n, bool eos) {
    std::vector<std::string> v;
    for (int i = 0; i < n; ++i) v.push_back((i % 3 == 2 ? std::string() : std::string("▁")) + stem + std::to_string(i));
    if (eos) v.push_back("</s>");
    return v;
}

// Weight of one head at [target t, source s], read straight from the flat buffer.
float raw(const attnscope::AttentionStack& a, int layer, int head, int t, int s) {
    return a.values[static_cast<std::size_t>(((layer * a.heads + head) * a.queries + t) * a.keys + s)];
}

QPalette darkPalette() {
    QPalette p;
    p.setColor(QPalette::Window, QColor(30, 30, 30));
    p.setColor(QPalette::Base, QColor(20, 20, 20));
    p.setColor(QPalette::AlternateBase, QColor(45, 45, 45));
    p.setColor(QPalette::Text, QColor(230, 230, 230));
    p.setColor(QPalette::WindowText, QColor(230, 230, 230));
    p.setColor(QPalette::Highlight, QColor(42, 130, 218));
    p.setColor(QPalette::HighlightedText, Qt::white);
    return p;
}

// Boxes of one flow never overlap within a line.
bool flowOverlaps(const tmath::Flow& f) {
    for (std::size_t i = 0; i < f.boxes.size(); ++i)
        for (std::size_t j = i + 1; j < f.boxes.size(); ++j)
            if (f.boxes[i].intersected(f.boxes[j]).width() > 0.01 && f.boxes[i].intersected(f.boxes[j]).height() > 0.01)
                return true;
    return false;
}

template <typename View> void grabAtSizes(View& view) {
    for (const QSize size : {QSize(90, 70), QSize(420, 300), QSize(1280, 800)}) {
        view.resize(size);
        const QImage shot = view.grab().toImage();
        QCOMPARE(shot.size(), view.size() * view.devicePixelRatio());  // top-levels keep their minimum size
    }
}

}  // namespace

class TestTranslationViews : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // ---------------------------------------------------------------- translation_math
    void pieceText() {
        QCOMPARE(tmath::pieceLabel("▁Haus"), QStringLiteral("Haus"));
        QCOMPARE(tmath::pieceLabel("chen"), QStringLiteral("chen"));
        QCOMPARE(tmath::pieceLabel("▁"), QStringLiteral("▁"));
        QCOMPARE(tmath::pieceLabel("</s>"), QStringLiteral("</s>"));
        const auto t = houseTranslation();
        QCOMPARE(tmath::joinPieces(t->result.targetTokens, 4), QStringLiteral("Das Hauschen"));
        QCOMPARE(tmath::joinPieces(t->result.targetTokens, 2), QStringLiteral("Das Haus"));
        QCOMPARE(tmath::joinPieces(t->result.targetTokens, 0), QString());
        QVERIFY(tmath::startsWord(t->result.targetTokens[1]));
        QVERIFY(!tmath::startsWord(t->result.targetTokens[2]));
        QVERIFY(tmath::startsWord(t->result.targetTokens[3]));  // special
        QCOMPARE(labelStride(10, 12), 1);
        QCOMPARE(labelStride(13, 6), 3);
    }

    void flowWrapsAndKeepsGluedPiecesTogether() {
        // Widths 40 each, gap 10, line 100: two words a line; piece 3 is glued to 2.
        const auto f = tmath::flowBoxes({40, 40, 40, 20, 40}, {false, false, false, true, false}, QPointF(5, 7), 100,
                                        20, 10, 2, 4, false);
        QCOMPARE(f.lines, 3);
        QCOMPARE(f.lineOf, (std::vector<int>{0, 0, 1, 1, 2}));
        QCOMPARE(f.boxes[0], QRectF(5, 7, 40, 20));
        QCOMPARE(f.boxes[1], QRectF(55, 7, 40, 20));
        QCOMPARE(f.boxes[3], QRectF(5 + 42, 31, 20, 20));
        QCOMPARE(f.height, 3 * 20 + 2 * 4.0);
        const auto centred = tmath::flowBoxes({40}, {}, QPointF(0, 0), 100, 20, 10, 2, 4, true);
        QCOMPARE(centred.boxes[0].left(), 30.0);
        const auto wide = tmath::flowBoxes({150, 30}, {}, QPointF(0, 0), 100, 20, 10, 2, 4, false);
        QCOMPARE(wide.lines, 2);  // too wide: a line of its own
        QVERIFY(tmath::flowBoxes({}, {}, QPointF(), 100, 20, 10, 2, 4, true).boxes.empty());
    }

    // ---------------------------------------------------------------- AlignmentView
    void alignmentShowsSelectedSlice() {
        AttentionSelection selection;
        AlignmentView view;
        view.setSelection(&selection);
        const auto t = houseTranslation();
        view.setTranslation(t);
        view.resize(700, 500);
        selection.setLayerHead(1, 2);
        const auto& a = t->result.crossAttentions;
        const auto& m = view.displayedMatrix();
        QCOMPARE(m.rows, 4);
        QCOMPARE(m.cols, 5);
        for (int r = 0; r < 4; ++r)
            for (int c = 0; c < 5; ++c) QCOMPARE(m.at(r, c), raw(a, 1, 2, r, c));
        QCOMPARE(view.rowLabels(), QStringList({"Das", "Haus", "chen", "</s>"}));
        QCOMPARE(view.colLabels(), QStringList({"The", "house", "is", "small", "</s>"}));
        QVERIFY(view.caption().contains(QStringLiteral("layer 1, head 2")));

        selection.setAggregate(Aggregate::MeanHeads);
        for (int r = 0; r < 4; ++r)
            for (int c = 0; c < 5; ++c)
                QVERIFY(std::abs(view.displayedMatrix().at(r, c) -
                                 (raw(a, 1, 0, r, c) + raw(a, 1, 1, r, c) + raw(a, 1, 2, r, c)) / 3) < 1e-6);
        // Max over heads and rollout: the core's one rule for cross-attention, nothing of the view's own.
        for (Aggregate how : {Aggregate::MaxHeads, Aggregate::Rollout, Aggregate::MeanLayers}) {
            selection.setAggregate(how);
            const auto want =
                attnscope::analysis::aggregate(a, 1, 2, how, attnscope::analysis::StackKind::CrossAttention);
            QCOMPARE(view.displayedMatrix().values, want.values);
        }
        selection.setAggregate(Aggregate::MaxHeads);
        QVERIFY(view.caption().contains(QStringLiteral("layer 1, max over 3 heads")));
        selection.setAggregate(Aggregate::Rollout);
        QVERIFY(view.caption().contains(QStringLiteral("self-attention only")));

        // Hard alignment: argmax over the non-special sources per non-special target row.
        selection.setLayerHead(0, 1);
        std::vector<int> expected;
        for (int r = 0; r < 4; ++r) {
            if (r == 3) {  // "</s>" row
                expected.push_back(-1);
                continue;
            }
            int best = 0;
            for (int c = 1; c < 4; ++c)
                if (raw(a, 0, 1, r, c) > raw(a, 0, 1, r, best)) best = c;
            expected.push_back(best);
        }
        QCOMPARE(view.hardAlignment(), expected);
        QCOMPARE(view.matrixImage().size(), QSize(5, 4));
    }

    void alignmentHitTestAndOverlay() {
        AttentionSelection selection;
        AlignmentView view;
        view.setSelection(&selection);
        view.setTranslation(houseTranslation());
        view.resize(700, 500);
        view.grab();  // a hidden widget gets its resize event when painted
        const AlignmentGeometry& g = view.layout();
        QVERIFY(g.cell > 10);
        for (int r = 0; r < 4; ++r)
            for (int c = 0; c < 5; ++c) QCOMPARE(view.cellAt(g.cellRect(r, c).center()), (AlignmentCell{r, c}));
        QVERIFY(!view.cellAt(g.matrix.topLeft() - QPointF(2, 2)).valid());
        QVERIFY(!view.cellAt(QPointF(g.matrix.right() + 1, g.matrix.center().y())).valid());
        // Nothing overlaps: labels left of and above the matrix, legend right of it.
        QVERIFY(g.rowLabels.right() <= g.matrix.left());
        QVERIFY(g.colLabels.bottom() <= g.matrix.top());
        QVERIFY(g.legend.left() >= g.matrix.right());
        QVERIFY(g.legend.right() <= view.width());

        // The overlay changes the painted cells; switching it off removes it.
        const QImage with = view.grab().toImage();
        view.setShowHardAlignment(false);
        QVERIFY(!view.showHardAlignment());
        const QImage without = view.grab().toImage();
        QVERIFY(with != without);
        const int col = view.hardAlignment()[0];
        const QRectF cell = g.cellRect(0, col);
        const QPoint edge =
            (cell.topLeft() + QPointF(cell.width() * 0.14, cell.height() * 0.5)).toPoint() * view.devicePixelRatio();
        QVERIFY(with.pixel(edge) != without.pixel(edge));
    }

    void alignmentPartialAndEmpty() {
        AttentionSelection selection;
        AlignmentView view;
        view.setSelection(&selection);
        view.resize(500, 400);
        view.grab();  // null: the placeholder
        QCOMPARE(view.displayedMatrix().rows, 0);
        QVERIFY(view.hardAlignment().empty());

        // Streaming: two of four rows decoded so far.
        auto partial = houseTranslation();
        partial->complete = false;
        partial->result.targetTokens.resize(2);
        partial->result.crossAttentions = randomStack(2, 3, 2, 5, 3);
        view.setTranslation(partial);
        QCOMPARE(view.displayedMatrix().rows, 2);
        QCOMPARE(view.rowLabels().size(), 2);
        QVERIFY(view.caption().contains(QStringLiteral("decoding")));
        view.grab();

        auto none = makeTranslation({"▁Hi", "</s>"}, {});
        view.setTranslation(none);
        QCOMPARE(view.displayedMatrix().rows, 0);
        view.grab();
    }

    // ---------------------------------------------------------------- StepThroughView
    void stepShowsRowOfStep() {
        AttentionSelection selection;
        selection.setLayerHead(1, 1);
        StepThroughView view;
        view.setSelection(&selection);
        const auto t = houseTranslation();
        view.setTranslation(t);
        view.resize(700, 400);
        QCOMPARE(view.stepCount(), 4);
        QCOMPARE(view.step(), 0);  // a new translation opens on its first step (issue #11)
        QCOMPARE(view.stepText(), QStringLiteral("Step 1/4: «Das»"));
        QCOMPARE(view.slider()->minimum(), 0);
        QCOMPARE(view.slider()->maximum(), 3);
        QCOMPARE(view.intervalMs(), 600);
        for (int step = 0; step < 4; ++step) {
            view.setStep(step);
            QCOMPARE(view.slider()->value(), step);
            const std::vector<float>& row = view.currentRow();
            QCOMPARE(static_cast<int>(row.size()), 5);
            for (int c = 0; c < 5; ++c)
                QCOMPARE(row[static_cast<std::size_t>(c)], raw(t->result.crossAttentions, 1, 1, step, c));
        }
        view.setStep(1);
        QCOMPARE(view.stepText(), QStringLiteral("Step 2/4: «Haus»"));
        QCOMPARE(view.partialText(), QStringLiteral("Das Haus"));
        view.slider()->setValue(2);  // the slider drives the step
        QCOMPARE(view.step(), 2);
        QCOMPARE(view.partialText(), QStringLiteral("Das Hauschen"));
        view.setStep(99);
        QCOMPARE(view.step(), 3);
        // Mean over heads follows the selection.
        selection.setAggregate(Aggregate::MeanHeads);
        view.setStep(0);
        const auto& a = t->result.crossAttentions;
        QVERIFY(std::abs(view.currentRow()[2] - (raw(a, 1, 0, 0, 2) + raw(a, 1, 1, 0, 2) + raw(a, 1, 2, 0, 2)) / 3) <
                1e-6);
    }

    void stepPlayback() {
        StepThroughView view;
        view.setTranslation(houseTranslation());
        view.resize(600, 360);
        QVERIFY(!view.isPlaying());
        view.setPlaying(true);  // at the last step: starts over
        QVERIFY(view.isPlaying());
        QCOMPARE(view.step(), 0);
        QVERIFY(view.advance());
        QCOMPARE(view.step(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(view.step(), 2, 2000);  // the timer advances on its own
        // A new translation while playing keeps the step.
        view.setTranslation(houseTranslation());
        QVERIFY(view.isPlaying());
        QVERIFY(view.step() >= 2);
        view.setStep(2);
        QVERIFY(view.advance());
        QCOMPARE(view.step(), 3);
        QVERIFY(!view.isPlaying());  // stopped at the end
        QVERIFY(!view.advance());
        view.setStep(1);
        view.setTranslation(houseTranslation());  // the same request again: the step stays
        QCOMPARE(view.step(), 1);
        auto next = houseTranslation();
        next->requestId = 2;
        view.setTranslation(next);  // not playing, a new request: opens on its first step
        QCOMPARE(view.step(), 0);
        view.setPlaying(true);
        view.setPlaying(false);
        QVERIFY(!view.isPlaying());
    }

    void stepEmptyAndNull() {
        StepThroughView view;
        view.resize(400, 300);
        QCOMPARE(view.stepCount(), 0);
        QVERIFY(view.currentRow().empty());
        view.setPlaying(true);
        QVERIFY(!view.isPlaying());
        QVERIFY(!view.advance());
        view.grab();
        view.setTranslation(makeTranslation({"▁Hi", "</s>"}, {}));
        QCOMPARE(view.stepCount(), 0);
        QCOMPARE(view.stepText(), QStringLiteral("No steps yet"));
        view.grab();
    }

    // While the user types, a new translation streams in row by row, then completes: the step
    // stays on the first token (the user's choice for the same request is kept).
    void stepOpensOnTheFirstStepWhileStreaming() {
        StepThroughView view;
        view.resize(600, 360);
        auto old = houseTranslation();
        view.setTranslation(old);
        view.setStep(3);
        auto full = houseTranslation();
        full->requestId = 5;
        for (int rows = 1; rows <= 4; ++rows) {
            auto partial = std::make_shared<Translation>(*full);
            partial->complete = false;
            partial->result.targetTokens.resize(static_cast<std::size_t>(rows));
            partial->result.crossAttentions = randomStack(2, 3, rows, 5, 3);
            view.setTranslation(partial);
            QCOMPARE(view.stepCount(), rows);
            QCOMPARE(view.step(), 0);
        }
        view.setTranslation(full);
        QCOMPARE(view.step(), 0);
        view.setStep(2);
        view.setTranslation(full);  // fed again (e.g. the attention switch): the user's step stays
        QCOMPARE(view.step(), 2);
    }

    // ---------------------------------------------------------------- SentenceLinksView
    // The sentences start at the left margin whatever their length, so they do not slide
    // sideways while the user types (issue #11: ~75 px jumps when centred).
    void linksSentencesKeepTheirLeftEdge() {
        SentenceLinksView view;
        view.resize(900, 400);
        view.setTranslation(houseTranslation());
        const qreal sourceLeft = view.layout().source.boxes.front().left();
        const qreal targetLeft = view.layout().target.boxes.front().left();
        QCOMPARE(sourceLeft, targetLeft);
        view.setTranslation(makeTranslation({"▁The", "▁house", "▁is", "▁very", "▁small", "▁indeed", "</s>"},
                                            {"▁Das", "▁Haus", "▁ist", "▁sehr", "▁klein", "</s>"}));
        QVERIFY(!view.isCompact());
        QCOMPARE(view.layout().source.boxes.front().left(), sourceLeft);
        QCOMPARE(view.layout().target.boxes.front().left(), targetLeft);
        QCOMPARE(sourceLeft, SentenceLinksLayout::Metrics().margin);
    }

    void linksFilterByThreshold() {
        AttentionSelection selection;
        selection.setLayerHead(0, 2);
        SentenceLinksView view;
        view.setSelection(&selection);
        const auto t = houseTranslation();
        view.setTranslation(t);
        view.resize(700, 400);
        QCOMPARE(view.threshold(), 0.1f);
        for (float threshold : {0.1f, 0.3f, 0.0f, 1.1f}) {
            view.setThreshold(threshold);
            std::vector<SentenceLink> expected;
            for (int r = 0; r < 4; ++r)
                for (int c = 0; c < 5; ++c)
                    if (raw(t->result.crossAttentions, 0, 2, r, c) >= threshold)
                        expected.push_back({c, r, raw(t->result.crossAttentions, 0, 2, r, c)});
            auto got = view.links();
            QCOMPARE(got.size(), expected.size());
            auto key = [](const SentenceLink& l) { return l.target * 100 + l.source; };
            std::sort(got.begin(), got.end(), [&](auto& x, auto& y) { return key(x) < key(y); });
            QVERIFY(got == expected);
            for (std::size_t i = 1; i < view.links().size(); ++i)  // lightest first
                QVERIFY(view.links()[i - 1].weight <= view.links()[i].weight);
        }
        view.setThreshold(0.f);
        QCOMPARE(static_cast<int>(view.links().size()), 20);
        view.setThreshold(1.1f);
        QVERIFY(view.links().empty());
        // Layout: sources above the band, targets below it, hit-testing finds boxes.
        const auto& l = view.layout();
        QCOMPARE(static_cast<int>(l.source.boxes.size()), 5);
        QCOMPARE(static_cast<int>(l.target.boxes.size()), 4);
        QVERIFY(l.source.boxes[0].bottom() <= l.bandTop + 0.01);
        QVERIFY(l.target.boxes[0].top() >= l.bandBottom - 0.01);
        QCOMPARE(l.sourceAt(l.source.boxes[3].center()), 3);
        QCOMPARE(l.targetAt(l.target.boxes[1].center()), 1);
        QCOMPARE(l.sourceAt(QPointF(-5, -5)), -1);
        QVERIFY(!view.isCompact());  // a short sentence: word boxes on one line each
        QCOMPARE(l.source.lines, 1);
        view.setHovered(-1, 1);
        QVERIFY(view.statusText().startsWith(QStringLiteral("«Haus»")));
        view.grab();
    }

    // ---------------------------------------------------------------- BeamView
    void beamListAndTree() {
        BeamView view;
        const auto t = houseTranslation();
        view.setTranslation(t);
        view.resize(700, 500);
        QCOMPARE(view.hypothesisCount(), 3);
        QCOMPARE(view.nodeCount(), 2 + 2 + 3 + 2);
        QVERIFY(!view.isGreedy());
        QVERIFY(view.hypothesisList()->topLevelItem(0)->text(0).contains(QStringLiteral("★")));
        QCOMPARE(view.hypothesisList()->topLevelItem(1)->text(3), QStringLiteral("Die Häuschen"));
        const BeamTreeLayout& tree = view.treeLayout();
        QCOMPARE(tree.columns, 4);
        QCOMPARE(tree.maxRows, 3);
        for (const auto& n : tree.nodes) {
            if (n.step == 0) {
                QCOMPARE(n.parent, -1);
                continue;
            }
            QVERIFY(n.parent >= 0);
            const auto& parent = tree.nodes[static_cast<std::size_t>(n.parent)];
            QCOMPARE(parent.step, n.step - 1);
            QCOMPARE(parent.index, n.beam->parent);  // the edge goes to the beam it extended
            QVERIFY(parent.rect.right() < n.rect.left());
        }
        // Finished nodes are flagged; the chosen path holds one node per step.
        int finished = 0, best = 0;
        for (const auto& n : tree.nodes) {
            finished += n.finished;
            best += n.beam->onBest;
        }
        QCOMPARE(finished, 3);
        QCOMPARE(best, 4);
        QCOMPARE(tree.nodeAt(tree.nodes[4].rect.center()), 4);
        grabAtSizes(view);
    }

    void beamGreedyAndNull() {
        BeamView view;
        view.resize(600, 400);
        QCOMPARE(view.hypothesisCount(), 0);
        QCOMPARE(view.nodeCount(), 0);
        view.grab();
        auto greedy = makeTranslation({"▁Hello", "</s>"}, {"▁Hallo", "</s>"});
        view.setTranslation(greedy);
        QVERIFY(view.isGreedy());
        QVERIFY(view.noteText().contains(QStringLiteral("Greedy decoding: beam size 1")));
        QCOMPARE(view.hypothesisCount(), 1);
        QCOMPARE(view.nodeCount(), 2);
        QVERIFY(view.treeLayout().nodes[1].finished);
        QCOMPARE(view.treeLayout().nodes[1].parent, 0);
        view.grab();
        view.setTranslation(makeTranslation({"▁Hello", "</s>"}, {}));
        QCOMPARE(view.nodeCount(), 0);
        view.grab();
    }

    // ---------------------------------------------------------------- every view, edge cases
    void everyViewSurvivesEdgeCases_data() {
        QTest::addColumn<int>("sources");
        QTest::addColumn<int>("targets");
        QTest::addColumn<bool>("dark");
        QTest::newRow("null") << -1 << -1 << false;
        QTest::newRow("no target") << 4 << 0 << false;
        QTest::newRow("one source") << 1 << 3 << false;
        QTest::newRow("one source dark") << 1 << 3 << true;
        QTest::newRow("sentence dark") << 8 << 9 << true;
        QTest::newRow("130 tokens") << 130 << 125 << false;
        QTest::newRow("130 tokens dark") << 130 << 125 << true;
    }
    void everyViewSurvivesEdgeCases() {
        QFETCH(int, sources);
        QFETCH(int, targets);
        QFETCH(bool, dark);
        TranslationPtr t;
        if (sources >= 0) {
            auto made = makeTranslation(numbered("w", sources - 1, true),
                                        targets > 0 ? numbered("v", targets - 1, true) : std::vector<std::string>{});
            if (sources == 1) made->result.sourceTokens[0] = fixtureToken("▁Hi", 5);  // one plain source token
            t = made;
        }
        AttentionSelection selection;
        for (Aggregate aggregate : {Aggregate::SingleHead, Aggregate::MeanHeads, Aggregate::Rollout}) {
            selection.setAggregate(aggregate);
            AlignmentView alignment;
            StepThroughView steps;
            SentenceLinksView links;
            BeamView beams;
            for (AttentionView* v : std::initializer_list<AttentionView*>{&alignment, &steps, &links, &beams}) {
                if (dark) v->setPalette(darkPalette());
                v->setSelection(&selection);
                v->setTranslation(t);
            }
            grabAtSizes(alignment);
            grabAtSizes(steps);
            grabAtSizes(links);
            grabAtSizes(beams);
            if (sources == 130) {
                // Thinned labels never overlap: stride x cell leaves room for one line of text.
                alignment.resize(800, 600);
                alignment.grab();  // a hidden widget gets its resize event when painted
                const qreal textH = QFontMetricsF(alignment.labelFont()).height() * 0.9;
                QVERIFY(alignment.rowLabelStride() > 1);
                QVERIFY(alignment.rowLabelStride() * alignment.layout().cell >= textH - 1e-6);
                QVERIFY(alignment.colLabelStride() * alignment.layout().cell >= textH - 1e-6);
                QVERIFY2(alignment.layout().matrix.right() <= alignment.width(),
                         qPrintable(QStringLiteral("%1 %2 %3")
                                        .arg(alignment.layout().matrix.right())
                                        .arg(alignment.width())
                                        .arg(alignment.layout().cell)));
                steps.resize(900, 500);
                steps.grab();
                QVERIFY(!flowOverlaps(steps.layout().source));
                QVERIFY(!flowOverlaps(steps.layout().target));
                for (const QRectF& b : steps.layout().source.boxes) QVERIFY(b.right() <= 900);
                links.resize(900, 500);
                links.grab();
                QVERIFY(links.isCompact());  // one line of slots with rotated, thinned labels
                const qreal slot = links.layout().source.boxes.front().width();
                QVERIFY(links.sourceLabelStride() * slot >= QFontMetricsF(links.labelFont()).height() * 0.95 - 1e-6);
                QVERIFY(links.layout().source.boxes.back().right() <= 900);
                QVERIFY(links.layout().target.boxes.front().top() >= links.layout().source.boxes.front().bottom());
                QVERIFY(!flowOverlaps(links.layout().source));
                QVERIFY(!flowOverlaps(links.layout().target));
                QVERIFY(beams.nodeCount() == 125);
                QVERIFY(beams.canvas()->minimumWidth() > beams.scrollArea()->viewport()->width());  // scrolls
            }
            if (targets > 0) {
                QCOMPARE(alignment.displayedMatrix().rows, targets);
                QCOMPARE(steps.stepCount(), targets);
            }
        }
    }
};

QTEST_MAIN(TestTranslationViews)
#include "tst_translation_views.moc"
