// PositionalView: the sinusoidal formula's values are what the cached matrix and image hold;
// the learned mode shows tiny_bert's 64 position embeddings and their cosine similarities;
// captions, curves and the plain geometry/parsing helpers.
#include "positional_view.h"

#include "attnscope/attention_analysis.h"
#include "attnscope/bert_encoder.h"
#include "color_scale.h"
#include "test_support.h"

#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QLineSeries>
#include <QtTest>

#include <cmath>

using namespace positional;

Q_DECLARE_METATYPE(std::vector<int>)

class TestPositionalView : public QObject {
    Q_OBJECT

    std::unique_ptr<attnscope::BertEncoder> encoder_;
    AnalysisPtr analysis_;

private Q_SLOTS:
    void initTestCase() {
        encoder_ = attnscope::BertEncoder::load(testsupport::dataPath("tiny_bert"));
        auto a = std::make_shared<Analysis>();
        a->text = QStringLiteral("the cat sat on the mat.");
        a->modelName = QStringLiteral("tiny_bert");
        a->hasMaskedLm = encoder_->hasMaskedLmHead();
        a->result = encoder_->encode(a->text.toStdString());
        a->positionEmbeddings = std::make_shared<attnscope::FloatMatrix>(encoder_->positionEmbeddings());
        analysis_ = a;
    }

    void sinusoidalValuesInMatrixAndImage() {
        PositionalView view;
        QCOMPARE(view.viewName(), QStringLiteral("positions"));
        QCOMPARE(view.source(), Source::Sinusoidal);
        const auto& m = view.encodingMatrix();
        QCOMPARE(m.rows, 64);   // no sentence yet: the default 64 positions
        QCOMPARE(m.cols, 128);  // and a 128-wide encoding
        const bool dark = colors::isDark(view.palette());
        const QImage image = view.encodingImage();
        QCOMPARE(image.size(), QSize(128, 64));
        for (int p : {0, 1, 7, 63})
            for (int i : {0, 5, 20, 63}) {
                const double angle = p / std::pow(10000.0, 2.0 * i / 128.0);
                QVERIFY(std::fabs(m.at(p, 2 * i) - std::sin(angle)) < 1e-5);
                QVERIFY(std::fabs(m.at(p, 2 * i + 1) - std::cos(angle)) < 1e-5);
                QCOMPARE(image.pixel(2 * i, p), colors::diverging(m.at(p, 2 * i), dark));
                QCOMPARE(image.pixel(2 * i + 1, p), colors::diverging(m.at(p, 2 * i + 1), dark));
            }
        // The similarity image is the cosine similarity of those rows.
        const auto sim = attnscope::analysis::rowCosineSimilarity(m);
        QCOMPARE(view.similarityMatrix().values, sim.values);
        QCOMPARE(view.similarityImage().pixel(10, 3), colors::diverging(sim.at(3, 10), dark));
        QVERIFY(view.caption().contains(QStringLiteral("Vaswani")));
        QVERIFY(view.caption().contains(QStringLiteral("sin(")));
        QVERIFY(!view.learnedAvailable());
        view.setSource(Source::Learned);  // nothing loaded: stays sinusoidal
        QCOMPARE(view.source(), Source::Sinusoidal);
    }

    void sinusoidalTakesTheModelWidth() {
        PositionalView view;
        view.setAnalysis(analysis_);
        QCOMPARE(view.encodingMatrix().cols, 32);  // tiny_bert's hidden size
        QCOMPARE(view.encodingMatrix().rows, 64);
        QVERIFY(view.caption().contains(QStringLiteral("%1 tokens").arg(analysis_->result.tokens.size())));
    }

    void learnedEmbeddingsOfTinyBert() {
        PositionalView view;
        view.setAnalysis(analysis_);
        QVERIFY(view.learnedAvailable());
        view.setSource(Source::Learned);
        QCOMPARE(view.source(), Source::Learned);
        const auto& pe = *analysis_->positionEmbeddings;
        QCOMPARE(pe.rows, 64);
        QCOMPARE(pe.cols, 32);
        const auto& m = view.encodingMatrix();
        QCOMPARE(m.rows, 64);  // max(64, 9 tokens), capped at the model's 64 positions
        QCOMPARE(m.values, pe.values);
        const float scale = robustScale(m);
        const bool dark = colors::isDark(view.palette());
        QCOMPARE(view.encodingImage().size(), QSize(32, 64));
        QCOMPARE(view.encodingImage().pixel(5, 40), colors::diverging(pe.at(40, 5) / scale, dark));

        const auto& sim = view.similarityMatrix();
        QCOMPARE(sim.rows, 64);
        QCOMPARE(sim.cols, 64);
        for (int i = 0; i < 64; ++i) QVERIFY(std::fabs(sim.at(i, i) - 1.f) < 1e-4f);
        QCOMPARE(sim.values, attnscope::analysis::rowCosineSimilarity(pe).values);
        QCOMPARE(view.similarityImage().size(), QSize(64, 64));
        QVERIFY(view.caption().contains(QStringLiteral("learned")));
        QVERIFY(view.caption().contains(QStringLiteral("tiny_bert")));

        // Fewer positions on request; back to automatic with 0.
        view.setPositionCount(16);
        QCOMPARE(view.positionCount(), 16);
        QCOMPARE(view.encodingMatrix().rows, 16);
        QCOMPARE(view.similarityMatrix().rows, 16);
        view.setPositionCount(1000);  // more than the model has
        QCOMPARE(view.positionCount(), 64);
        view.setPositionCount(0);
        QCOMPARE(view.positionCount(), 64);

        // A model without learned embeddings falls back to the sinusoid.
        auto bare = std::make_shared<Analysis>(*analysis_);
        bare->positionEmbeddings.reset();
        view.setAnalysis(bare);
        QCOMPARE(view.source(), Source::Sinusoidal);
    }

    void curvesFollowTheChosenDimensions() {
        PositionalView view;
        view.setAnalysis(analysis_);
        view.setDimensionsText(QStringLiteral("0, 3, 31, 99"));
        QCOMPARE(view.plottedDimensions(), (std::vector<int>{0, 3, 31}));  // 99 > 32 dims: dropped
        const QList<QAbstractSeries*> series = view.curvesView()->chart()->series();
        QCOMPARE(series.size(), qsizetype(4));  // three dimensions + the end-of-sentence line
        auto* dim3 = qobject_cast<QLineSeries*>(series[1]);
        QVERIFY(dim3);
        QCOMPARE(dim3->name(), QStringLiteral("dim 3"));
        QCOMPARE(dim3->count(), view.encodingMatrix().rows);
        for (int p = 0; p < dim3->count(); ++p) QCOMPARE(dim3->at(p), QPointF(p, view.encodingMatrix().at(p, 3)));
        auto* end = qobject_cast<QLineSeries*>(series[3]);
        QCOMPARE(end->at(0).x(), analysis_->result.tokens.size() - 0.5);
    }

    void geometry_data() {
        QTest::addColumn<QSizeF>("size");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("cols");
        QTest::addColumn<bool>("square");
        QTest::addColumn<QRectF>("plot");
        const double l = HeatmapGeometry::kLeft, t = HeatmapGeometry::kTop;
        const double w = 416 - l - HeatmapGeometry::kRight, h = 266 - t - HeatmapGeometry::kBottom;
        QTest::newRow("stretched") << QSizeF(416, 266) << 10 << 30 << false << QRectF(l, t, w, h);
        QTest::newRow("square, height-bound")
            << QSizeF(416, 266) << 10 << 10 << true << QRectF(l + (w - h) / 2, t, h, h);
        const double narrow = l + 100 + HeatmapGeometry::kRight, tall = t + 600 + HeatmapGeometry::kBottom;
        QTest::newRow("square, width-bound")
            << QSizeF(narrow, tall) << 4 << 4 << true << QRectF(l, t + (600 - 100) / 2.0, 100, 100);
        QTest::newRow("too small") << QSizeF(10, 10) << 4 << 4 << false << QRectF(l, t, 0, 0);
    }
    void geometry() {
        QFETCH(QSizeF, size);
        QFETCH(int, rows);
        QFETCH(int, cols);
        QFETCH(bool, square);
        QFETCH(QRectF, plot);
        const auto g = HeatmapGeometry::fit(size, rows, cols, square);
        QCOMPARE(g.plot, plot);
        if (plot.isEmpty()) {
            QCOMPARE(g.cellAt(QPointF(l(), t())), (std::pair<int, int>{-1, -1}));
            return;
        }
        QCOMPARE(g.rowEdge(0), plot.top());
        QCOMPARE(g.rowEdge(rows), plot.bottom());
        QCOMPARE(g.colEdge(cols), plot.right());
        const QRectF last = g.cellRect(rows - 1, cols - 1);
        QCOMPARE(last.bottomRight(), plot.bottomRight());
        QCOMPARE(g.cellAt(last.center()), (std::pair<int, int>{rows - 1, cols - 1}));
        QCOMPARE(g.cellAt(g.cellRect(1, 2).center()), (std::pair<int, int>{1, 2}));
        QCOMPARE(g.cellAt(plot.topLeft() - QPointF(1, 1)), (std::pair<int, int>{-1, -1}));
        QCOMPARE(g.cellAt(plot.bottomRight()), (std::pair<int, int>{-1, -1}));
    }

    void ticks_data() {
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("maxTicks");
        QTest::addColumn<std::vector<int>>("expected");
        QTest::newRow("few") << 4 << 10 << std::vector<int>{0, 1, 2, 3};
        QTest::newRow("step 2") << 10 << 5 << std::vector<int>{0, 2, 4, 6, 8};
        QTest::newRow("step 10") << 64 << 8 << std::vector<int>{0, 10, 20, 30, 40, 50, 60};
        QTest::newRow("step 50") << 384 << 8 << std::vector<int>{0, 50, 100, 150, 200, 250, 300, 350};
        QTest::newRow("empty") << 0 << 5 << std::vector<int>{};
    }
    void ticks() {
        QFETCH(int, count);
        QFETCH(int, maxTicks);
        QFETCH(std::vector<int>, expected);
        QCOMPARE(positional::ticks(count, maxTicks), expected);
    }

    void parse_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("dims");
        QTest::addColumn<std::vector<int>>("expected");
        QTest::newRow("commas") << "0, 1, 10, 11, 40" << 384 << std::vector<int>{0, 1, 10, 11, 40};
        QTest::newRow("spaces and duplicates") << "5 3  5;3" << 8 << std::vector<int>{5, 3};
        QTest::newRow("out of range and junk") << "-1, 8, x, 7" << 8 << std::vector<int>{7};
        QTest::newRow("empty") << "" << 8 << std::vector<int>{};
    }
    void parse() {
        QFETCH(QString, text);
        QFETCH(int, dims);
        QFETCH(std::vector<int>, expected);
        QCOMPARE(parseDimensions(text, dims), expected);
    }

    void defaultPositions_data() {
        QTest::addColumn<int>("tokens");
        QTest::addColumn<int>("available");
        QTest::addColumn<int>("expected");
        QTest::newRow("short sentence") << 9 << 512 << 64;
        QTest::newRow("long sentence") << 100 << 512 << 100;
        QTest::newRow("small model") << 9 << 40 << 40;
        QTest::newRow("no sentence") << 0 << 512 << 64;
    }
    void defaultPositions() {
        QFETCH(int, tokens);
        QFETCH(int, available);
        QFETCH(int, expected);
        QCOMPARE(defaultPositionCount(tokens, available), expected);
    }

private:
    static double l() { return HeatmapGeometry::kLeft; }
    static double t() { return HeatmapGeometry::kTop; }
};

QTEST_MAIN(TestPositionalView)
#include "tst_positional_view.moc"
