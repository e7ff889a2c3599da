// TextLinksView: running-text layout (wrapping, glued words, hit tests, arcs), the head-flip
// ranking of minimal pairs on hand-built attention, and the widget on the tiny BERT fixture.
#include "text_links_view.h"

#include "attnscope/bert_encoder.h"
#include "test_support.h"

#include <QMenu>
#include <QSignalSpy>
#include <QTableWidget>
#include <QtTest>

namespace {
TextLinksLayout layoutOf(const QList<double>& widths, const QList<bool>& gaps, double maxWidth) {
    TextLinksLayout l;
    l.widths.assign(widths.begin(), widths.end());
    l.gapBefore.assign(gaps.begin(), gaps.end());
    l.spaceWidth = 10;
    l.maxWidth = maxWidth;
    l.boxHeight = 20;
    l.headroom = 50;
    l.lineGap = 5;
    l.origin = QPointF(10, 0);
    l.layout();
    return l;
}

// A 1-layer, 2-head stack over n tokens: uniform rows except row 0, set per head.
attnscope::AttentionStack stack(int n, const std::vector<float>& head0Row0, const std::vector<float>& head1Row0) {
    attnscope::AttentionStack s;
    s.layers = 1;
    s.heads = 2;
    s.queries = s.keys = n;
    s.values.assign(static_cast<std::size_t>(2 * n * n), 1.f / n);
    for (int j = 0; j < n; ++j) {
        s.values[static_cast<std::size_t>(j)] = head0Row0[static_cast<std::size_t>(j)];
        s.values[static_cast<std::size_t>(n * n + j)] = head1Row0[static_cast<std::size_t>(j)];
    }
    return s;
}

int indexOf(const std::vector<QString>& words, const QString& w, int from = 0) {
    for (int i = from; i < int(words.size()); ++i)
        if (words[static_cast<std::size_t>(i)].toLower() == w) return i;
    return -1;
}
}  // namespace

class TestTextLinksView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        encoder_ = attnscope::BertEncoder::load(testsupport::dataPath("tiny_bert"));
        cat_ = analyse("The cat sat on the mat.");
        tired_ = analyse("The animal didn't cross the street because it was too tired.");
        wide_ = analyse("The animal didn't cross the street because it was too wide.");
    }

    void layoutWraps_data() {
        QTest::addColumn<QList<double>>("widths");
        QTest::addColumn<QList<bool>>("gaps");
        QTest::addColumn<double>("maxWidth");
        QTest::addColumn<QList<QRectF>>("boxes");
        QTest::addColumn<int>("lines");
        QTest::addColumn<double>("height");
        // Space 10, boxes 20 high under 50 of headroom, lines 75 apart, origin (10, 0).
        QTest::newRow("one line") << QList<double>{50, 30} << QList<bool>{true, true} << 500.0
                                  << QList<QRectF>{{10, 50, 50, 20}, {70, 50, 30, 20}} << 1 << 70.0;
        QTest::newRow("wraps the fourth word")
            << QList<double>{50, 30, 40, 60} << QList<bool>{true, true, true, true} << 150.0
            << QList<QRectF>{{10, 50, 50, 20}, {70, 50, 30, 20}, {110, 50, 40, 20}, {10, 125, 60, 20}} << 2 << 145.0;
        QTest::newRow("glued words stay together")
            << QList<double>{50, 20, 30} << QList<bool>{true, false, true} << 60.0
            << QList<QRectF>{{10, 50, 50, 20}, {60, 50, 20, 20}, {10, 125, 30, 20}} << 2 << 145.0;
        QTest::newRow("glued run moves as one")
            << QList<double>{40, 30, 20} << QList<bool>{true, true, false} << 80.0
            << QList<QRectF>{{10, 50, 40, 20}, {10, 125, 30, 20}, {40, 125, 20, 20}} << 2 << 145.0;
        QTest::newRow("word wider than the line")
            << QList<double>{200} << QList<bool>{true} << 100.0 << QList<QRectF>{{10, 50, 200, 20}} << 1 << 70.0;
        QTest::newRow("empty") << QList<double>{} << QList<bool>{} << 100.0 << QList<QRectF>{} << 0 << 0.0;
    }
    void layoutWraps() {
        QFETCH(QList<double>, widths);
        QFETCH(QList<bool>, gaps);
        QFETCH(double, maxWidth);
        QFETCH(QList<QRectF>, boxes);
        QFETCH(int, lines);
        QFETCH(double, height);
        const TextLinksLayout l = layoutOf(widths, gaps, maxWidth);
        QCOMPARE(QList<QRectF>(l.boxes.begin(), l.boxes.end()), boxes);
        QCOMPARE(l.lines, lines);
        QCOMPARE(l.height, height);
    }

    void wordAt_data() {
        QTest::addColumn<QPointF>("point");
        QTest::addColumn<int>("word");
        QTest::newRow("first word") << QPointF(30, 60) << 0;
        QTest::newRow("second word") << QPointF(75, 60) << 1;
        QTest::newRow("space between") << QPointF(65, 60) << -1;
        QTest::newRow("arc headroom") << QPointF(30, 30) << -1;
        QTest::newRow("second line") << QPointF(20, 130) << 3;
        QTest::newRow("after the end") << QPointF(120, 130) << -1;
    }
    void wordAt() {
        QFETCH(QPointF, point);
        QFETCH(int, word);
        const TextLinksLayout l = layoutOf({50, 30, 40, 60}, {true, true, true, true}, 150);
        QCOMPARE(l.wordAt(point), word);
    }

    void arcs() {
        const TextLinksLayout l = layoutOf({50, 30, 40, 60}, {true, true, true, true}, 150);
        QCOMPARE(l.anchor(0), QPointF(35, 50));
        const TextLinksLayout::Arc near = l.arc(0, 1);  // 50 apart: rises 14 + 0.4 * 50 = 34
        QCOMPARE(near.start, QPointF(35, 50));
        QCOMPARE(near.end, QPointF(85, 50));
        QCOMPARE(near.apex, QPointF(60, 16));
        const TextLinksLayout::Arc far = l.arc(2, 0);  // 95 apart: capped at headroom - 10
        QCOMPARE(far.start, QPointF(130, 50));
        QCOMPARE(far.apex, QPointF(82.5, 10));
        const TextLinksLayout::Arc down = l.arc(0, 3);  // to the next line
        QCOMPARE(down.end, QPointF(40, 125));
        QVERIFY(down.control1.y() < down.start.y());
    }

    void rankFlips() {
        // Tokens: it animal street x. Head 1 moves "it" from animal (A) to street (B); head 0 doesn't.
        const attnscope::analysis::WordGroups g{{{0}, {1}, {2}, {3}}, {"it", "animal", "street", "x"}};
        const auto a = stack(4, {0.1f, 0.4f, 0.4f, 0.1f}, {0.1f, 0.7f, 0.1f, 0.1f});
        const auto b = stack(4, {0.1f, 0.4f, 0.4f, 0.1f}, {0.1f, 0.1f, 0.7f, 0.1f});
        const FlipQuery q{0, 1, 2, 0, 1, 2};
        const std::vector<HeadFlip> r = rankHeadFlips(a, g, b, g, q);
        QCOMPARE(int(r.size()), 2);
        QCOMPARE(r[0].head, 1);
        QCOMPARE(r[0].layer, 0);
        QVERIFY(std::abs(r[0].marginA - 0.6) < 1e-6);
        QVERIFY(std::abs(r[0].marginB + 0.6) < 1e-6);
        QVERIFY(std::abs(r[0].flip - 1.2) < 1e-6);
        QCOMPARE(r[1].head, 0);
        QVERIFY(std::abs(r[1].flip) < 1e-6);

        // Word pieces in A only ("ani ##mal"): attention to the word is the sum of its pieces.
        const attnscope::analysis::WordGroups ga{{{0}, {1, 2}, {3}, {4}}, {"it", "animal", "street", "x"}};
        const auto a5 = stack(5, {0.1f, 0.2f, 0.2f, 0.4f, 0.1f}, {0.1f, 0.35f, 0.35f, 0.1f, 0.1f});
        const std::vector<HeadFlip> r5 = rankHeadFlips(a5, ga, b, g, q);
        QCOMPARE(r5[0].head, 1);
        QVERIFY(std::abs(r5[0].marginA - 0.6) < 1e-6);
        QVERIFY(std::abs(r5[1].flip) < 1e-6);

        QVERIFY(rankHeadFlips(a, g, b, g, FlipQuery{0, 1, 9, 0, 1, 2}).empty());  // out of range
        QVERIFY(rankHeadFlips(a, g, b, g, FlipQuery{}).empty());
    }

    void clickWordDrawsArcs() {
        AttentionSelection selection;
        TextLinksView view;
        view.setSelection(&selection);
        view.setAnalysis(cat_);
        view.resize(900, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCOMPARE(view.viewName(), QStringLiteral("links"));
        const auto& s = view.sentence(0);
        // Running text in its own casing, with [CLS]/[SEP] shown until hidden.
        QCOMPARE(s.words.front(), QStringLiteral("[CLS]"));
        QCOMPARE(s.words[1], QStringLiteral("The"));
        QVERIFY(s.arcs.empty());

        const int cat = indexOf(s.words, "cat");
        QVERIFY(cat > 0);
        QTest::mouseClick(&view, Qt::LeftButton, {}, s.layout.boxes[static_cast<std::size_t>(cat)].center().toPoint());
        QCOMPARE(selection.selectedToken(), s.visible.firstToken(cat));
        QCOMPARE(view.sentence(0).clicked, cat);
        QVERIFY(!view.sentence(0).arcs.empty());
        for (const auto& arc : view.sentence(0).arcs) QVERIFY(arc.to != cat && arc.weight >= 0.02f);
        QVERIFY(view.caption().contains(QStringLiteral("head 0")));
        view.grab();

        selection.setAggregate(Aggregate::MeanLayers);
        QVERIFY(view.caption().contains(QStringLiteral("Mean over all layers")));
        selection.setHideSpecialTokens(true);
        QCOMPARE(view.sentence(0).words.front(), QStringLiteral("The"));
        QCOMPARE(view.sentence(0).clicked, cat - 1);
        float total = 0;
        for (const auto& arc : view.sentence(0).arcs) total += arc.weight;
        QVERIFY(total <= 1.0001f);

        QTest::mouseClick(&view, Qt::LeftButton, {}, QPoint(5, 395));  // empty space clears
        QCOMPARE(selection.selectedToken(), -1);
        QVERIFY(view.sentence(0).arcs.empty());

        QSignalSpy spy(&view, &AttentionView::maskTokenRequested);
        std::unique_ptr<QMenu> menu(view.createWordMenu(0, 0, &view));
        QCOMPARE(menu->actions().size(), 1);  // no candidates outside pair mode
        menu->actions().front()->trigger();
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.front().front().toInt(), 1);  // "The" is model token 1
    }

    // The sentence starts at the left margin whatever its length: it does not slide sideways
    // while the user types (issue #11).
    void sentenceKeepsItsLeftEdge() {
        AttentionSelection selection;
        TextLinksView view;
        view.setSelection(&selection);
        view.resize(900, 400);
        view.setAnalysis(cat_);
        const qreal left = view.sentence(0).layout.boxes.front().left();
        view.setAnalysis(analyse("The cat sat."));
        QCOMPARE(view.sentence(0).layout.boxes.front().left(), left);
        view.setAnalysis(tired_);
        QCOMPARE(view.sentence(0).layout.boxes.front().left(), left);
    }

    void gluedWordsAreOneRun() {
        AttentionSelection selection;
        TextLinksView view;
        view.setSelection(&selection);
        view.setAnalysis(tired_);
        view.resize(900, 400);
        const auto& s = view.sentence(0);
        const int didn = indexOf(s.words, "didn");
        QVERIFY(didn > 0);
        QCOMPARE(s.words[static_cast<std::size_t>(didn + 1)], QStringLiteral("'"));
        QVERIFY(!s.layout.gapBefore[static_cast<std::size_t>(didn + 1)]);
        QCOMPARE(s.layout.boxes[static_cast<std::size_t>(didn + 1)].left(),
                 s.layout.boxes[static_cast<std::size_t>(didn)].right());
    }

    void pairMode() {
        AttentionSelection selection;
        TextLinksView view;
        view.setSelection(&selection);
        view.setAnalysis(tired_);
        view.setPairAnalysis(wide_);
        view.resize(1000, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(view.rankingTable()->isVisible());
        QVERIFY(view.ranking().empty());  // nothing clicked yet

        const auto& a = view.sentence(0);
        const auto& b = view.sentence(1);
        const int itA = indexOf(a.words, "it");
        QTest::mouseClick(&view, Qt::LeftButton, {}, a.layout.boxes[static_cast<std::size_t>(itA)].center().toPoint());
        QCOMPARE(a.clicked, itA);
        QCOMPARE(b.clicked, indexOf(b.words, "it"));
        QVERIFY(!b.arcs.empty());
        // "it" with animal and street in both: those are the default candidates.
        QCOMPARE(a.candidate1, indexOf(a.words, "animal"));
        QCOMPARE(a.candidate2, indexOf(a.words, "street"));
        QCOMPARE(b.candidate2, indexOf(b.words, "street"));
        QCOMPARE(view.candidateText(0), QStringLiteral("animal"));

        const auto& r = view.ranking();
        QCOMPARE(int(r.size()), 2 * 4);
        for (std::size_t i = 0; i < r.size(); ++i) {
            QVERIFY(std::abs(r[i].flip - (r[i].marginA - r[i].marginB)) < 1e-9);
            if (i > 0) QVERIFY(std::abs(r[i - 1].flip) >= std::abs(r[i].flip));
        }
        QCOMPARE(view.rankingTable()->rowCount(), 8);

        // A row of the ranking selects its head everywhere.
        QTableWidget* table = view.rankingTable();
        const int row = 3;
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualItemRect(table->item(row, 0)).center());
        QCOMPARE(selection.layer(), r[row].layer);
        QCOMPARE(selection.head(), r[row].head);
        view.grab();

        // Candidates from the context menu; "Default candidates" brings animal/street back.
        const int because = indexOf(a.words, "because");
        std::unique_ptr<QMenu> menu(view.createWordMenu(0, because, &view));
        QCOMPARE(menu->actions().size(), 5);  // candidate 1, candidate 2, default, separator, mask
        menu->actions()[0]->trigger();
        QCOMPARE(view.candidateText(0), QStringLiteral("because"));
        QCOMPARE(view.sentence(1).candidate1, indexOf(b.words, "because"));
        QCOMPARE(int(view.ranking().size()), 8);
        menu->actions()[2]->trigger();
        QCOMPARE(view.candidateText(0), QStringLiteral("animal"));
        std::unique_ptr<QMenu> menuB(view.createWordMenu(1, because, &view));
        QVERIFY(!menuB->actions().back()->isEnabled());  // masking edits sentence A only

        // A word of B that A lacks maps by position: "wide" selects "tired".
        const int wide = indexOf(b.words, "wide");
        QTest::mouseClick(&view, Qt::LeftButton, {}, b.layout.boxes[static_cast<std::size_t>(wide)].center().toPoint());
        QCOMPARE(view.sentence(0).clicked, indexOf(a.words, "tired"));
        QCOMPARE(view.sentence(1).clicked, wide);
        QVERIFY(view.ranking().empty());  // "tired" is not "it": no default candidates

        view.setPairAnalysis(nullptr);
        QVERIFY(!view.rankingTable()->isVisible());
        QVERIFY(view.ranking().empty());
        QCOMPARE(view.sentence(0).clicked, indexOf(a.words, "tired"));
    }

private:
    AnalysisPtr analyse(const std::string& text) {
        auto a = std::make_shared<Analysis>();
        a->text = QString::fromStdString(text);
        a->result = encoder_->encode(text);
        a->modelName = QStringLiteral("tiny_bert");
        return a;
    }

    std::unique_ptr<attnscope::BertEncoder> encoder_;
    AnalysisPtr cat_, tired_, wide_;
};

QTEST_MAIN(TestTextLinksView)
#include "tst_text_links_view.moc"
