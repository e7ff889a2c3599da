// HeadView: the layout maths (rows, columns, line endpoints, hit tests, chips), the mapping of
// tokens to shown rows, and the widget on the tiny BERT fixture (hover, chips, context menu).
#include "head_view.h"

#include "attnscope/bert_encoder.h"
#include "test_support.h"

#include <QMenu>
#include <QSignalSpy>
#include <QtTest>

using Column = HeadViewGeometry::Column;
using attnscope::analysis::visibleMatrix;
using attnscope::analysis::VisibleTokens;
using attnscope::analysis::visibleTokens;
Q_DECLARE_METATYPE(HeadViewGeometry::Hit)

namespace {
HeadViewGeometry geometry(QSizeF size, int tokens, int heads) {
    HeadViewGeometry g;
    g.size = size;
    g.tokens = tokens;
    g.heads = heads;
    g.textWidth = 80;  // the other inputs keep their defaults
    g.layout();
    return g;
}

attnscope::Token token(const std::string& piece, bool special = false) {
    attnscope::Token t;
    t.piece = piece;
    t.special = special;
    return t;
}
}  // namespace

class TestHeadView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        encoder_ = attnscope::BertEncoder::load(testsupport::dataPath("tiny_bert"));
        auto a = std::make_shared<Analysis>();
        a->text = QStringLiteral("the cat sat on the mat.");
        a->result = encoder_->encode(a->text.toStdString());
        a->modelName = QStringLiteral("tiny_bert");
        analysis_ = a;
    }

    void geometryLines_data() {
        QTest::addColumn<QSizeF>("size");
        QTest::addColumn<int>("tokens");
        QTest::addColumn<int>("from");
        QTest::addColumn<int>("to");
        QTest::addColumn<QLineF>("expected");
        // rowsTop = 12 + 22 + 22 + 6 = 62; lines 380 wide (max) centred in 800.
        QTest::newRow("roomy first row") << QSizeF(800, 600) << 8 << 0 << 0 << QLineF(210, 75, 590, 75);
        QTest::newRow("roomy crossing") << QSizeF(800, 600) << 8 << 2 << 5 << QLineF(210, 127, 590, 205);
        // 20 rows in 226 px: clamped to the 16 px minimum (rows overflow, sizeHint asks more).
        QTest::newRow("cramped last row") << QSizeF(800, 300) << 20 << 19 << 0 << QLineF(210, 374, 590, 70);
        // 400 wide: 200 px of lines, columns flush with the margin.
        QTest::newRow("narrow") << QSizeF(400, 600) << 8 << 1 << 1 << QLineF(100, 101, 300, 101);
    }
    void geometryLines() {
        QFETCH(QSizeF, size);
        QFETCH(int, tokens);
        QFETCH(int, from);
        QFETCH(int, to);
        QFETCH(QLineF, expected);
        const HeadViewGeometry g = geometry(size, tokens, 4);
        const QLineF line = g.line(from, to);
        QCOMPARE(line.p1(), expected.p1());
        QCOMPARE(line.p2(), expected.p2());
    }

    void geometryTokenAt_data() {
        QTest::addColumn<QPointF>("point");
        QTest::addColumn<HeadViewGeometry::Hit>("expected");
        // 800x600, 8 rows of 26 px from y = 62; left labels 122..210, right 590..678.
        QTest::newRow("left label") << QPointF(150, 75) << HeadViewGeometry::Hit{Column::Left, 0};
        QTest::newRow("left anchor edge") << QPointF(210, 75) << HeadViewGeometry::Hit{Column::Left, 0};
        QTest::newRow("right label") << QPointF(600, 127) << HeadViewGeometry::Hit{Column::Right, 2};
        QTest::newRow("right far edge") << QPointF(678, 269) << HeadViewGeometry::Hit{Column::Right, 7};
        QTest::newRow("between columns") << QPointF(400, 100) << HeadViewGeometry::Hit{};
        QTest::newRow("above rows") << QPointF(150, 40) << HeadViewGeometry::Hit{};
        QTest::newRow("below rows") << QPointF(150, 271) << HeadViewGeometry::Hit{};
        QTest::newRow("right of everything") << QPointF(700, 75) << HeadViewGeometry::Hit{};
        QTest::newRow("left of everything") << QPointF(100, 75) << HeadViewGeometry::Hit{};
    }
    void geometryTokenAt() {
        QFETCH(QPointF, point);
        QFETCH(HeadViewGeometry::Hit, expected);
        const HeadViewGeometry g = geometry(QSizeF(800, 600), 8, 4);
        const HeadViewGeometry::Hit hit = g.tokenAt(point);
        QCOMPARE(int(hit.column), int(expected.column));
        QCOMPARE(hit.index, expected.index);
    }

    void geometryChips_data() {
        QTest::addColumn<QPointF>("point");
        QTest::addColumn<int>("chip");
        // 4 chips of 22 px, 5 px apart, centred on x = 400: the first starts at 348.5.
        QTest::newRow("first") << QPointF(360, 20) << 0;
        QTest::newRow("third") << QPointF(413, 20) << 2;
        QTest::newRow("left of chips") << QPointF(300, 20) << -1;
        QTest::newRow("under chips") << QPointF(360, 60) << -1;
    }
    void geometryChips() {
        QFETCH(QPointF, point);
        QFETCH(int, chip);
        const HeadViewGeometry g = geometry(QSizeF(800, 600), 8, 4);
        QCOMPARE(g.chipRect(0), QRectF(348.5, 12, 22, 22));
        QCOMPARE(g.chipAt(point), chip);
    }

    void visibleRows() {
        const std::vector<attnscope::Token> tokens = {token("[CLS]", true), token("play"), token("##ing"), token("."),
                                                      token("[SEP]", true)};
        const VisibleTokens all = visibleTokens(tokens, false, false);
        QCOMPARE(all.rows(), 5);
        QCOMPARE(all.rowOfToken, (std::vector<int>{0, 1, 2, 3, 4}));

        const VisibleTokens words = visibleTokens(tokens, true, true);
        QCOMPARE(words.rows(), 2);
        QCOMPARE(words.members, (std::vector<std::vector<int>>{{1, 2}, {3}}));
        QCOMPARE(words.labels, (std::vector<std::string>{"playing", "."}));
        QCOMPARE(words.rowOfToken, (std::vector<int>{-1, 0, 0, 1, -1}));

        // Rows of the merged matrix still sum to one after hiding and merging.
        attnscope::FloatMatrix m{5, 5, std::vector<float>(25, 0.2f)};
        const attnscope::FloatMatrix shown = visibleMatrix(m, words);
        QCOMPARE(shown.rows, 2);
        QCOMPARE(shown.cols, 2);
        QVERIFY(std::abs(shown.at(0, 0) + shown.at(0, 1) - 1.f) < 1e-5f);
        QVERIFY(std::abs(shown.at(0, 0) - 2.f / 3.f) < 1e-5f);
    }

    void widgetShowsEveryToken() {
        AttentionSelection selection;
        HeadView view;
        view.setSelection(&selection);
        view.setAnalysis(analysis_);
        view.resize(800, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCOMPARE(view.viewName(), QStringLiteral("head"));
        const int n = int(analysis_->result.tokens.size());
        QCOMPARE(view.visible().rows(), n);
        QCOMPARE(int(view.visibleHeads().size()), 4);
        view.grab();
        QVERIFY(view.drawnLineCount() > n);  // all heads, all pairs above 1 %
        QVERIFY(view.drawnLineCount() <= 4 * n * n);

        selection.setHideSpecialTokens(true);
        QCOMPARE(view.visible().rows(), n - 2);
        selection.setMergeWordPieces(true);
        QVERIFY(view.visible().rows() <= n - 2);
        view.setAnalysis(nullptr);
        QCOMPARE(view.visible().rows(), 0);
        view.grab();  // the empty state paints without data
    }

    void hoverSetsSelection() {
        AttentionSelection selection;
        HeadView view;
        view.setSelection(&selection);
        view.setAnalysis(analysis_);
        view.resize(800, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const int n = view.visible().rows();

        QTest::mouseMove(&view, view.geometry().tokenRect(Column::Left, 2).center().toPoint());
        QTRY_COMPARE(selection.hoveredToken(), 2);
        view.grab();
        QVERIFY(view.drawnLineCount() > 0);
        QVERIFY(view.drawnLineCount() <= 4 * n);  // only token 2's lines

        QTest::mouseMove(&view, view.geometry().tokenRect(Column::Right, 3).center().toPoint());
        QTRY_COMPARE(selection.hoveredToken(), 3);
        QTest::mouseMove(&view, QPoint(400, 590));  // empty space
        QTRY_COMPARE(selection.hoveredToken(), -1);
        view.grab();
        QVERIFY(view.drawnLineCount() > 4 * n);

        // With [CLS] hidden, row 0 is model token 1.
        selection.setHideSpecialTokens(true);
        QTest::mouseMove(&view, view.geometry().tokenRect(Column::Left, 0).center().toPoint());
        QTRY_COMPARE(selection.hoveredToken(), 1);
    }

    void clickingChips() {
        AttentionSelection selection;
        selection.setLayer(1);
        HeadView view;
        view.setSelection(&selection);
        view.setAnalysis(analysis_);
        view.resize(800, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        // A new model starts with the selected head (0) alone.
        QCOMPARE(view.visibleHeads(), (std::vector<bool>{true, false, false, false}));

        const QPoint chip2 = view.geometry().chipRect(2).center().toPoint();
        QTest::mouseClick(&view, Qt::LeftButton, {}, chip2);  // turning a head on selects it
        QCOMPARE(view.visibleHeads(), (std::vector<bool>{true, false, true, false}));
        QCOMPARE(selection.layer(), 1);
        QCOMPARE(selection.head(), 2);
        QTest::mouseClick(&view, Qt::LeftButton, {}, chip2);  // turning it off selects nothing new
        QCOMPARE(view.visibleHeads(), (std::vector<bool>{true, false, false, false}));
        QCOMPARE(selection.head(), 2);

        selection.setAggregate(Aggregate::MeanHeads);
        QTest::mouseDClick(&view, Qt::LeftButton, {}, view.geometry().chipRect(3).center().toPoint());
        QCOMPARE(view.visibleHeads(), (std::vector<bool>{false, false, false, true}));
        QCOMPARE(selection.head(), 3);
        QCOMPARE(selection.aggregate(), Aggregate::SingleHead);

        // A head picked elsewhere (stepping, the spin box, another view) is shown alone: one
        // selection for every view, not one more head on top of the others.
        QTest::mouseClick(&view, Qt::LeftButton, {}, view.geometry().chipRect(1).center().toPoint());
        QCOMPARE(view.visibleHeads(), (std::vector<bool>{false, true, false, true}));
        selection.setHead(0);
        QCOMPARE(view.visibleHeads(), (std::vector<bool>{true, false, false, false}));
        for (int head = 1; head < 4; ++head) {  // stepping through the heads
            selection.setLayerHead(selection.layer(), head);
            std::vector<bool> only(4, false);
            only[static_cast<std::size_t>(head)] = true;
            QCOMPARE(view.visibleHeads(), only);
        }
        QTest::mouseClick(&view, Qt::LeftButton, {}, view.geometry().chipRect(0).center().toPoint());
        QCOMPARE(view.visibleHeads(), (std::vector<bool>{true, false, false, true}));
        selection.setLayer(0);  // another layer: the selected head alone
        QCOMPARE(selection.head(), 0);
        QCOMPARE(view.visibleHeads(), (std::vector<bool>{true, false, false, false}));
    }

    void clickAndMaskToken() {
        AttentionSelection selection;
        HeadView view;
        view.setSelection(&selection);
        view.setAnalysis(analysis_);
        view.resize(800, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QPoint cat = view.geometry().tokenRect(Column::Left, 2).center().toPoint();
        QTest::mouseClick(&view, Qt::LeftButton, {}, cat);
        QCOMPARE(selection.selectedToken(), 2);
        QTest::mouseClick(&view, Qt::LeftButton, {}, cat);
        QCOMPARE(selection.selectedToken(), -1);

        QSignalSpy spy(&view, &AttentionView::maskTokenRequested);
        std::unique_ptr<QMenu> menu(view.createTokenMenu(2, &view));
        QVERIFY(menu);
        QCOMPARE(menu->actions().size(), 1);
        QVERIFY(menu->actions().front()->isEnabled());
        menu->actions().front()->trigger();
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.front().front().toInt(), 2);
        std::unique_ptr<QMenu> clsMenu(view.createTokenMenu(0, &view));
        QVERIFY(!clsMenu->actions().front()->isEnabled());  // [CLS] is not a word to mask
        QVERIFY(!view.createTokenMenu(99, &view));
    }

private:
    std::unique_ptr<attnscope::BertEncoder> encoder_;
    AnalysisPtr analysis_;
};

QTEST_MAIN(TestHeadView)
#include "tst_head_view.moc"
