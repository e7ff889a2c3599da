// Tests for the heatmap view: HeatmapGeometry's layout and hit-testing on _data rows, the
// colour scales' ordering, and HeatmapView on a real tiny-BERT analysis (cached image and
// grabbed pixels follow the weights, hiding specials and merging pieces reshape the matrix,
// clicks and hovers reach the selection, the context menu asks to mask a word).
#include "attnscope/bert_encoder.h"
#include "color_scale.h"
#include "heatmap_view.h"
#include "test_support.h"

#include <QApplication>
#include <QContextMenuEvent>
#include <QMenu>
#include <QSignalSpy>
#include <QTimer>
#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace testsupport;

namespace {

AnalysisPtr tinyAnalysis(const std::string& text = "the cat sat on the mat.") {
    static std::unique_ptr<attnscope::BertEncoder> encoder = [] {
        attnscope::EncoderOptions o;
        o.device = attnscope::DeviceChoice::Cpu;
        return attnscope::BertEncoder::load(dataPath("tiny_bert"), o);
    }();
    auto a = std::make_shared<Analysis>();
    a->requestId = 1;
    a->text = QString::fromStdString(text);
    a->modelName = "tiny_bert";
    a->result = encoder->encode(text);
    return a;
}

double luminance(QRgb c) { return 0.2126 * qRed(c) + 0.7152 * qGreen(c) + 0.0722 * qBlue(c); }

// A point inside the cell away from its centre, where the weight's text may be drawn.
QPoint cellSample(const HeatmapGeometry& g, int r, int c) {
    const QRectF rect = g.cellRect(r, c);
    return (rect.topLeft() + QPointF(rect.width() * 0.2, rect.height() * 0.2)).toPoint();
}

}  // namespace

class TestHeatmapView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void geometry_data() {
        QTest::addColumn<QSizeF>("area");
        QTest::addColumn<int>("tokens");
        QTest::addColumn<qreal>("labelSize");
        QTest::newRow("sentence") << QSizeF(800, 600) << 9 << 60.0;
        QTest::newRow("one token") << QSizeF(400, 400) << 1 << 40.0;
        QTest::newRow("wide window") << QSizeF(1600, 400) << 20 << 80.0;
        QTest::newRow("tall window") << QSizeF(500, 1400) << 30 << 80.0;
        QTest::newRow("512 tokens") << QSizeF(1000, 700) << 512 << 90.0;
        QTest::newRow("small widget") << QSizeF(300, 220) << 40 << 50.0;
    }
    void geometry() {
        QFETCH(QSizeF, area);
        QFETCH(int, tokens);
        QFETCH(qreal, labelSize);
        HeatmapGeometry::Metrics m;
        m.rowLabelWidth = m.colLabelHeight = labelSize;
        const HeatmapGeometry g = HeatmapGeometry::compute(area, tokens, tokens, m);
        QVERIFY(g.cell > 0);
        QVERIFY(g.cell <= m.maxCell);
        if (g.cell >= 4) QCOMPARE(g.cell, std::floor(g.cell));
        const QRectF widget(QPointF(0, 0), area);
        for (const QRectF& r : {g.caption, g.rowLabels, g.colLabels, g.matrix, g.legend, g.status})
            QVERIFY2(widget.contains(r),
                     qPrintable(QString("%1,%2 %3x%4").arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height())));
        // Labels sit against the matrix, never over it; the caption is above everything.
        QVERIFY(g.rowLabels.right() <= g.matrix.left());
        QCOMPARE(g.rowLabels.height(), g.matrix.height());
        QCOMPARE(g.rowLabels.width(), labelSize);
        QVERIFY(g.colLabels.bottom() <= g.matrix.top());
        QCOMPARE(g.colLabels.width(), g.matrix.width());
        QCOMPARE(g.colLabels.height(), labelSize);
        QVERIFY(g.caption.bottom() <= g.colLabels.top());
        QVERIFY(g.legend.left() >= g.matrix.right());
        QVERIFY(g.status.top() >= g.matrix.bottom());
        QCOMPARE(g.matrix.width(), g.cell * tokens);

        for (int r : {0, tokens / 2, tokens - 1})
            for (int c : {0, tokens / 3, tokens - 1}) {
                const QRectF cell = g.cellRect(r, c);
                QCOMPARE(g.cellAt(cell.center()), (HeatmapCell{r, c}));
                QCOMPARE(g.cellAt(cell.topLeft()), (HeatmapCell{r, c}));
                QCOMPARE(g.rowLabelAt(g.rowLabelRect(r).center()), r);
                QCOMPARE(g.colLabelAt(g.colLabelRect(c).center()), c);
                QCOMPARE(g.rowLabelRect(r).top(), cell.top());
                QCOMPARE(g.colLabelRect(c).left(), cell.left());
            }
        QVERIFY(!g.cellAt(g.matrix.topLeft() - QPointF(1, 1)).valid());
        QVERIFY(!g.cellAt(g.matrix.bottomRight()).valid());
        QVERIFY(!g.cellAt(g.rowLabels.center()).valid());
        QCOMPARE(g.rowLabelAt(g.matrix.center()), -1);
        QCOMPARE(g.colLabelAt(g.matrix.center()), -1);
        QCOMPARE(g.colLabelAt(g.rowLabels.center()), -1);

        const int stride = g.labelStride(14);
        QVERIFY(stride >= 1);
        QVERIFY(stride * g.cell >= 14 || stride == 1);
        QVERIFY(stride == 1 || (stride - 1) * g.cell < 14);
    }

    void geometryWithoutRoom() {
        const HeatmapGeometry g = HeatmapGeometry::compute(QSizeF(50, 40), 10, 10, {});
        QCOMPARE(g.cell, 0.0);
        QVERIFY(!g.cellAt(QPointF(20, 20)).valid());
        QCOMPARE(HeatmapGeometry::compute(QSizeF(800, 600), 0, 0, {}).cell, 0.0);
    }

    void colourScalesAreOrdered() {
        // Light palettes: heavier weights darker; dark palettes: heavier weights brighter.
        for (int i = 1; i <= 20; ++i) {
            const float lo = (i - 1) / 20.f, hi = i / 20.f;
            QVERIFY(luminance(colors::sequential(hi, false)) < luminance(colors::sequential(lo, false)));
            QVERIFY(luminance(colors::sequential(hi, true)) > luminance(colors::sequential(lo, true)));
        }
        QCOMPARE(colors::sequential(2.f, false), colors::sequential(1.f, false));
        QCOMPARE(colors::sequential(-1.f, true), colors::sequential(0.f, true));
        QVERIFY(qRed(colors::diverging(1.f, false)) > qBlue(colors::diverging(1.f, false)));
        QVERIFY(qBlue(colors::diverging(-1.f, false)) > qRed(colors::diverging(-1.f, false)));
        QVERIFY(colors::head(0, 4) != colors::head(1, 4));
    }

    void placeholderWithoutAnalysis() {
        HeatmapView view;
        AttentionSelection selection;
        view.setSelection(&selection);
        view.resize(400, 300);
        QCOMPARE(view.viewName(), QString("heatmap"));
        QVERIFY(view.matrixImage().isNull());
        const QImage shot = view.grab().toImage();
        QCOMPARE(shot.size(), QSize(400, 300));
    }

    void imageFollowsWeights() {
        HeatmapView view;
        AttentionSelection selection;
        view.setSelection(&selection);
        view.resize(900, 700);
        const AnalysisPtr analysis = tinyAnalysis();
        selection.setLayerHead(1, 2);
        view.setAnalysis(analysis);
        const int n = static_cast<int>(analysis->result.tokens.size());
        const auto& m = view.displayedMatrix();
        QCOMPARE(m.rows, n);
        QCOMPARE(view.matrixImage().size(), QSize(n, n));
        QCOMPARE(m.at(3, 4), analysis->result.attentions.at(1, 2, 3, 4));

        const bool dark = colors::isDark(view.palette());
        int bestR = 0, bestC = 0;
        for (int r = 0; r < n; ++r)
            for (int c = 0; c < n; ++c)
                if (m.at(r, c) > m.at(bestR, bestC)) bestR = r, bestC = c;
        QCOMPARE(view.colourMax(), m.at(bestR, bestC));

        // Cached image and what reaches the screen both show the weight's colour in every cell.
        const QImage shot = view.grab().toImage();
        const HeatmapGeometry& g = view.layout();
        QVERIFY(g.cell >= 10);
        for (int r = 0; r < n; ++r)
            for (int c = 0; c < n; ++c) {
                const QRgb want = colors::sequential(m.at(r, c) / view.colourMax(), dark);
                QCOMPARE(view.matrixImage().pixel(c, r), want);
                QCOMPARE(shot.pixel(cellSample(g, r, c)), want);
            }
        // The most extreme colour on screen is the argmax cell.
        double extreme = dark ? -1 : 1e9;
        QPoint at;
        for (int r = 0; r < n; ++r)
            for (int c = 0; c < n; ++c) {
                const double l = luminance(shot.pixel(cellSample(g, r, c)));
                if (dark ? l > extreme : l < extreme) extreme = l, at = QPoint(c, r);
            }
        QCOMPARE(m.at(at.y(), at.x()), m.at(bestR, bestC));
        QCOMPARE(view.labels().first(), QString("[CLS]"));
    }

    void aggregatesChangeTheMatrix() {
        HeatmapView view;
        AttentionSelection selection;
        view.setSelection(&selection);
        const AnalysisPtr analysis = tinyAnalysis();
        view.setAnalysis(analysis);
        const QImage single = view.matrixImage();
        selection.setAggregate(Aggregate::MeanLayers);
        const auto want = attnscope::analysis::meanOverLayers(analysis->result.attentions);
        QCOMPARE(view.displayedMatrix().values, want.values);
        QVERIFY(view.matrixImage() != single);
        selection.setAggregate(Aggregate::Rollout);
        selection.setLayer(1);
        QCOMPARE(view.displayedMatrix().values, attnscope::analysis::rollout(analysis->result.attentions, 1).values);
    }

    void hideSpecialShrinksTheMatrix() {
        HeatmapView view;
        AttentionSelection selection;
        view.setSelection(&selection);
        const AnalysisPtr analysis = tinyAnalysis();
        view.setAnalysis(analysis);
        const int n = static_cast<int>(analysis->result.tokens.size());
        int specials = 0;
        for (const auto& t : analysis->result.tokens) specials += t.special ? 1 : 0;
        QVERIFY(specials >= 2);
        selection.setHideSpecialTokens(true);
        const auto& m = view.displayedMatrix();
        QCOMPARE(m.rows, n - specials);
        QCOMPARE(view.matrixImage().size(), QSize(n - specials, n - specials));
        QVERIFY(!view.labels().contains("[CLS]"));
        QVERIFY(!view.labels().contains("[SEP]"));
        for (int r = 0; r < m.rows; ++r) {
            double sum = 0;
            for (int c = 0; c < m.cols; ++c) sum += m.at(r, c);
            QVERIFY(std::fabs(sum - 1.0) < 1e-5);
        }
        QCOMPARE(view.tokenOfRow(0), 1);  // the first word, [CLS] being hidden
        QCOMPARE(view.rowOfToken(0), -1);
    }

    void mergeWordPiecesGroupsRows() {
        HeatmapView view;
        AttentionSelection selection;
        view.setSelection(&selection);
        const AnalysisPtr analysis = tinyAnalysis("unbelievable playing");
        view.setAnalysis(analysis);
        std::vector<std::string> pieces;
        for (const auto& t : analysis->result.tokens) pieces.push_back(t.piece);
        const auto groups = attnscope::analysis::groupWordPieces(pieces);
        selection.setMergeWordPieces(true);
        QCOMPARE(view.displayedMatrix().rows, static_cast<int>(groups.members.size()));
        QCOMPARE(view.labels().size(), static_cast<int>(groups.members.size()));
        QVERIFY(!view.labels().join(' ').contains("##"));
        for (std::size_t w = 0; w < groups.members.size(); ++w) {
            QCOMPARE(view.tokenOfRow(static_cast<int>(w)), groups.members[w].front());
            for (int t : groups.members[w]) QCOMPARE(view.rowOfToken(t), static_cast<int>(w));
        }
    }

    // The colours stretch to this head's maximum or are fixed to 0..1, and the legend says which.
    void colourScaleIsChosenAndNamed() {
        AttentionSelection selection;
        HeatmapView view;
        view.setSelection(&selection);
        view.resize(700, 500);
        view.setAnalysis(tinyAnalysis());
        const auto& m = view.displayedMatrix();
        const float top = *std::max_element(m.values.begin(), m.values.end());
        QVERIFY(top < 0.999f);  // the test needs a head whose maximum is below 1
        QCOMPARE(view.colourMax(), top);
        QVERIFY2(view.colourScaleText().contains("this head"), qPrintable(view.colourScaleText()));
        const bool dark = colors::isDark(view.palette());
        QCOMPARE(view.matrixImage().pixel(0, 0), colors::sequential(m.at(0, 0) / top, dark));

        selection.setFixedColourScale(true);
        QCOMPARE(view.colourMax(), 1.f);
        QVERIFY2(view.colourScaleText().contains("fixed 0–1"), qPrintable(view.colourScaleText()));
        QCOMPARE(view.matrixImage().pixel(0, 0), colors::sequential(m.at(0, 0), dark));

        selection.setFixedColourScale(false);
        selection.setAggregate(Aggregate::MeanHeads);
        QVERIFY2(view.colourScaleText().contains("this matrix"), qPrintable(view.colourScaleText()));

        // The note is painted in the legend: the legend area differs between the two scales.
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QRect legend = view.layout().legend.toAlignedRect();
        const QImage perMatrix = view.grab(legend).toImage();
        selection.setFixedColourScale(true);
        QVERIFY(view.grab(legend).toImage() != perMatrix);
    }

    // Cell numbers depend on the cell size with hysteresis: they do not blink when a token more
    // or less moves the cell across one threshold.
    void cellNumbersHaveHysteresis() {
        AttentionSelection selection;
        HeatmapView view;
        view.setSelection(&selection);
        view.setAnalysis(tinyAnalysis("the cat sat."));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        // Width -> cell size (the height is generous, so the width decides).
        QMap<int, qreal> cellAt;
        for (int w = 200; w <= 1400; w += 4) {
            view.resize(w, 900);
            cellAt[w] = view.layout().cell;
        }
        auto widthFor = [&](qreal cell) {
            for (auto it = cellAt.begin(); it != cellAt.end(); ++it)
                if (it.value() >= cell) return it.key();
            return -1;
        };
        const int big = widthFor(HeatmapView::kNumbersFrom + 4),
                  between = widthFor((HeatmapView::kNumbersFrom + HeatmapView::kNumbersUntil) / 2),
                  small = widthFor(HeatmapView::kNumbersUntil - 4);
        QVERIFY(big > 0 && between > 0 && small > 0);
        QVERIFY(cellAt[between] < HeatmapView::kNumbersFrom && cellAt[between] >= HeatmapView::kNumbersUntil);
        view.resize(big, 900);
        QVERIFY(view.showsCellNumbers());
        view.resize(between, 900);
        QVERIFY2(view.showsCellNumbers(), "shown numbers stay until the cell is clearly smaller");
        view.resize(small, 900);
        QVERIFY(!view.showsCellNumbers());
        view.resize(between, 900);
        QVERIFY2(!view.showsCellNumbers(), "hidden numbers stay hidden until the cell is clearly bigger");
        view.resize(big, 900);
        QVERIFY(view.showsCellNumbers());
    }

    void clickAndHoverReachTheSelection() {
        HeatmapView view;
        AttentionSelection selection;
        view.setSelection(&selection);
        view.resize(900, 700);
        view.setAnalysis(tinyAnalysis());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        selection.setHideSpecialTokens(true);
        const HeatmapGeometry& g = view.layout();

        QTest::mouseClick(&view, Qt::LeftButton, {}, g.cellRect(2, 3).center().toPoint());
        QCOMPARE(selection.selectedToken(), 3);  // row 2 is token 3 with [CLS] hidden
        QTest::mouseClick(&view, Qt::LeftButton, {}, g.colLabelRect(0).center().toPoint());
        QCOMPARE(selection.selectedToken(), 1);
        QTest::mouseClick(&view, Qt::LeftButton, {}, g.colLabelRect(0).center().toPoint());
        QCOMPARE(selection.selectedToken(), -1);  // a second click clears it

        QTest::mouseMove(&view, g.cellRect(4, 1).center().toPoint());
        QTRY_COMPARE(selection.hoveredToken(), 5);
        QTest::mouseMove(&view, g.rowLabelRect(0).center().toPoint());
        QTRY_COMPARE(selection.hoveredToken(), 1);
    }

    void contextMenuAsksToMask() {
        HeatmapView view;
        AttentionSelection selection;
        view.setSelection(&selection);
        view.resize(900, 700);
        view.setAnalysis(tinyAnalysis());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy spy(&view, &AttentionView::maskTokenRequested);
        const QPoint pos = view.layout().rowLabelRect(2).center().toPoint();
        QTimer::singleShot(50, [] {
            auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
            if (!menu) return;
            QTest::keyClick(menu, Qt::Key_Down);
            QTest::keyClick(menu, Qt::Key_Return);
        });
        QContextMenuEvent event(QContextMenuEvent::Mouse, pos, view.mapToGlobal(pos));
        QApplication::sendEvent(&view, &event);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.first().first().toInt(), 2);
    }
};

QTEST_MAIN(TestHeatmapView)
#include "tst_heatmap_view.moc"
