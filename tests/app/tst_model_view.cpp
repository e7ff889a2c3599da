// Tests for the model view: ModelViewGeometry's layout and hit-testing on _data rows, one
// thumbnail per head coloured by its weights, clicks selecting a layer and head, hiding
// special tokens, and a BERT-base-sized synthetic stack (12 x 12 heads, 512 tokens).
#include "attnscope/bert_encoder.h"
#include "color_scale.h"
#include "model_view.h"
#include "test_support.h"

#include <QElapsedTimer>
#include <QtTest>

using namespace testsupport;

namespace {

AnalysisPtr tinyAnalysis() {
    attnscope::EncoderOptions o;
    o.device = attnscope::DeviceChoice::Cpu;
    auto a = std::make_shared<Analysis>();
    a->text = "the cat sat on the mat.";
    a->result = attnscope::BertEncoder::load(dataPath("tiny_bert"), o)->encode(a->text.toStdString());
    return a;
}

// Every head attends mostly to a token at a head-specific offset, the rest spread evenly.
AnalysisPtr syntheticAnalysis(int layers, int heads, int tokens) {
    auto a = std::make_shared<Analysis>();
    auto& s = a->result.attentions;
    s.layers = layers;
    s.heads = heads;
    s.queries = s.keys = tokens;
    s.values.assign(static_cast<std::size_t>(layers) * heads * tokens * tokens, 0.5f / tokens);
    for (int l = 0; l < layers; ++l)
        for (int h = 0; h < heads; ++h) {
            float* m = s.values.data() + (static_cast<std::size_t>(l) * heads + h) * tokens * tokens;
            for (int q = 0; q < tokens; ++q) m[static_cast<std::size_t>(q) * tokens + (q + h) % tokens] += 0.5f;
        }
    for (int t = 0; t < tokens; ++t) {
        attnscope::Token token;
        token.piece = t == 0 ? "[CLS]" : t == tokens - 1 ? "[SEP]" : "w";
        token.special = t == 0 || t == tokens - 1;
        a->result.tokens.push_back(token);
    }
    return a;
}

}  // namespace

class TestModelView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void geometry_data() {
        QTest::addColumn<QSizeF>("area");
        QTest::addColumn<int>("layers");
        QTest::addColumn<int>("heads");
        QTest::newRow("tiny bert") << QSizeF(800, 600) << 2 << 4;
        QTest::newRow("minilm") << QSizeF(1000, 700) << 6 << 12;
        QTest::newRow("bert base") << QSizeF(1000, 700) << 12 << 12;
        QTest::newRow("bert large, small window") << QSizeF(500, 400) << 24 << 16;
        QTest::newRow("one head") << QSizeF(300, 300) << 1 << 1;
    }
    void geometry() {
        QFETCH(QSizeF, area);
        QFETCH(int, layers);
        QFETCH(int, heads);
        const ModelViewGeometry::Metrics m;
        const ModelViewGeometry g = ModelViewGeometry::compute(area, layers, heads, m);
        QVERIFY(g.thumb >= 1);
        QVERIFY(g.thumb <= m.maxThumb);
        QCOMPARE(g.thumb, std::floor(g.thumb));
        QVERIFY(g.spacing >= 2);
        const QRectF widget(QPointF(0, 0), area);
        QVERIFY(widget.contains(g.grid));
        QVERIFY(widget.contains(g.status));
        QVERIFY(g.caption.bottom() <= g.grid.top());
        QVERIFY(g.status.top() >= g.grid.bottom());
        for (int l : {0, layers / 2, layers - 1})
            for (int h : {0, heads / 2, heads - 1}) {
                const QRectF r = g.thumbRect(l, h);
                QVERIFY(g.grid.contains(r));
                QCOMPARE(r.width(), g.thumb);
                const ModelViewHit hit = g.thumbAt(r.center());
                QCOMPARE(hit.layer, l);
                QCOMPARE(hit.head, h);
                QCOMPARE(g.thumbAt(r.topLeft()).layer, l);
                QVERIFY(!g.thumbAt(r.bottomRight() + QPointF(0.5, 0.5)).valid());  // in the gap
                QVERIFY(g.rowHeaderRect(l).right() <= g.grid.left());
                QVERIFY(g.colHeaderRect(h).bottom() <= g.grid.top());
                QVERIFY(g.colHeaderRect(h).top() >= g.caption.bottom());
                QVERIFY(g.rowHeaderRect(l).left() < r.left());
            }
        // Neighbours never overlap.
        if (heads > 1) QVERIFY(g.thumbRect(0, 0).right() < g.thumbRect(0, 1).left());
        if (layers > 1) QVERIFY(g.thumbRect(0, 0).bottom() < g.thumbRect(1, 0).top());
        QVERIFY(!g.thumbAt(g.grid.topLeft() - QPointF(1, 1)).valid());
        QVERIFY(!g.thumbAt(g.grid.bottomRight()).valid());
    }

    void emptyGeometry() {
        const ModelViewGeometry g = ModelViewGeometry::compute(QSizeF(800, 600), 0, 0, {});
        QCOMPARE(g.thumb, 0.0);
        QVERIFY(!g.thumbAt(QPointF(400, 300)).valid());
    }

    void placeholderWithoutAnalysis() {
        ModelView view;
        QCOMPARE(view.viewName(), QString("model"));
        view.resize(400, 300);
        QVERIFY(view.thumbnails().empty());
        QCOMPARE(view.grab().size(), QSize(400, 300));
    }

    void oneThumbnailPerHead() {
        ModelView view;
        AttentionSelection selection;
        view.setSelection(&selection);
        const AnalysisPtr analysis = tinyAnalysis();
        view.setAnalysis(analysis);
        const auto& a = analysis->result.attentions;
        QCOMPARE(static_cast<int>(view.thumbnails().size()), a.layers * a.heads);
        const int n = a.queries;
        const QImage& img = view.thumbnails()[1 * a.heads + 3];  // layer 1, head 3
        QCOMPARE(img.size(), QSize(n, n));
        float top = 0;
        for (int q = 0; q < n; ++q)
            for (int k = 0; k < n; ++k) top = std::max(top, a.at(1, 3, q, k));
        const bool dark = colors::isDark(view.palette());
        for (int q = 0; q < n; ++q)
            for (int k = 0; k < n; ++k) QCOMPARE(img.pixel(k, q), colors::sequential(a.at(1, 3, q, k) / top, dark));

        selection.setHideSpecialTokens(true);
        QCOMPARE(view.thumbnails().front().size(), QSize(n - 2, n - 2));
    }

    void clickSelectsLayerAndHead() {
        ModelView view;
        AttentionSelection selection;
        view.setSelection(&selection);
        view.resize(800, 600);
        view.setAnalysis(tinyAnalysis());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        selection.setAggregate(Aggregate::MeanLayers);
        const ModelViewGeometry& g = view.layout();
        QTest::mouseClick(&view, Qt::LeftButton, {}, g.thumbRect(1, 2).center().toPoint());
        QCOMPARE(selection.layer(), 1);
        QCOMPARE(selection.head(), 2);
        QCOMPARE(selection.aggregate(), Aggregate::SingleHead);
        QTest::mouseClick(&view, Qt::LeftButton, {}, g.thumbRect(0, 3).center().toPoint());
        QCOMPARE(selection.layer(), 0);
        QCOMPARE(selection.head(), 3);
        // A click in a gap changes nothing.
        QTest::mouseClick(&view, Qt::LeftButton, {},
                          (g.thumbRect(0, 0).topRight() + QPointF(g.spacing / 2, 5)).toPoint());
        QCOMPARE(selection.head(), 3);

        QTest::mouseMove(&view, g.thumbRect(1, 1).center().toPoint());
        QTRY_COMPARE(view.hovered().layer, 1);
        QCOMPARE(view.hovered().head, 1);
    }

    void bertBaseSizedStack() {
        ModelView view;
        AttentionSelection selection;
        view.setSelection(&selection);
        view.resize(1000, 700);
        const AnalysisPtr analysis = syntheticAnalysis(12, 12, 512);
        QElapsedTimer timer;
        timer.start();
        view.setAnalysis(analysis);
        const qint64 buildMs = timer.elapsed();
        const QImage shot = view.grab().toImage();
        qInfo("12x12 heads x 512 tokens: thumbnails built in %lld ms, painted in %lld ms", buildMs,
              timer.elapsed() - buildMs);
        QCOMPARE(view.thumbnails().size(), std::size_t(144));
        QCOMPARE(view.thumbnails().front().size(), QSize(ModelView::kMaxThumbPixels, ModelView::kMaxThumbPixels));
        QCOMPARE(shot.size(), QSize(1000, 700));
        // Head 0 looks at itself: the downsampled diagonal is the thumbnail's top colour.
        const bool dark = colors::isDark(view.palette());
        QCOMPARE(view.thumbnails().front().pixel(5, 5), colors::sequential(1.f, dark));
        QVERIFY(view.thumbnails().front().pixel(100, 5) != colors::sequential(1.f, dark));
    }
};

QTEST_MAIN(TestModelView)
#include "tst_model_view.moc"
