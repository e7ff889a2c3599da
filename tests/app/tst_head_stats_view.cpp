// HeadStatsView: the bars equal attnscope::analysis::headStatistics for both metrics, clicking a bar
// selects that layer and head, and the selected head is the highlighted bar.
#include "head_stats_view.h"

#include "attnscope/bert_encoder.h"
#include "test_support.h"

#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSeries>
#include <QtCharts/QBarSet>
#include <QtTest>

using namespace headstats;

class TestHeadStatsView : public QObject {
    Q_OBJECT

    std::unique_ptr<attnscope::BertEncoder> encoder_;
    AnalysisPtr analysis_;

    static void compareBars(QBarSeries* series, const attnscope::analysis::HeadStatistics& stats, Metric metric) {
        QCOMPARE(series->count(), stats.heads);
        for (int h = 0; h < stats.heads; ++h) {
            QBarSet* set = series->barSets()[h];
            QCOMPARE(set->label(), QStringLiteral("head %1").arg(h));
            QCOMPARE(set->count(), stats.layers);
            for (int l = 0; l < stats.layers; ++l)
                QCOMPARE(set->at(l), metric == Metric::EntropyBits ? stats.entropyAt(l, h) : stats.distanceAt(l, h));
        }
    }

private Q_SLOTS:
    void initTestCase() {
        encoder_ = attnscope::BertEncoder::load(testsupport::dataPath("tiny_bert"));
        auto a = std::make_shared<Analysis>();
        a->text = QStringLiteral("the cat sat on the mat because it was tired.");
        a->modelName = QStringLiteral("tiny_bert");
        a->result = encoder_->encode(a->text.toStdString());
        analysis_ = a;
    }

    void chartValuesEqualHeadStatistics() {
        AttentionSelection selection;
        HeadStatsView view;
        view.setSelection(&selection);
        view.setAnalysis(analysis_);
        QCOMPARE(view.viewName(), QStringLiteral("stats"));
        const auto expected = attnscope::analysis::headStatistics(analysis_->result.attentions);
        QCOMPARE(expected.layers, 2);
        QCOMPARE(expected.heads, 4);
        QCOMPARE(view.statistics().entropyBits, expected.entropyBits);
        compareBars(view.series(), expected, Metric::EntropyBits);
        auto* layers = qobject_cast<QBarCategoryAxis*>(view.series()->attachedAxes().value(0));
        if (!layers) layers = qobject_cast<QBarCategoryAxis*>(view.series()->attachedAxes().value(1));
        QVERIFY(layers);
        QCOMPARE(layers->categories(), (QStringList{QStringLiteral("layer 0"), QStringLiteral("layer 1")}));
        QVERIFY(view.caption().contains(QStringLiteral("focused")));

        view.setMetric(Metric::Distance);
        compareBars(view.series(), expected, Metric::Distance);
        QVERIFY(view.caption().contains(QStringLiteral("how far")));
    }

    void clickingABarSelectsThatHead() {
        AttentionSelection selection;
        selection.setAggregate(Aggregate::MeanLayers);
        HeadStatsView view;
        view.setSelection(&selection);
        view.setAnalysis(analysis_);
        QSignalSpy changed(&selection, &AttentionSelection::changed);

        Q_EMIT view.series()->barSets()[3]->clicked(1);  // head 4 of layer 2
        QCOMPARE(selection.layer(), 1);
        QCOMPARE(selection.head(), 3);
        QCOMPARE(selection.aggregate(), Aggregate::SingleHead);
        QCOMPARE(changed.count(), 1);
        // The selected head is the one highlighted bar.
        for (int h = 0; h < 4; ++h)
            QCOMPARE(view.series()->barSets()[h]->selectedBars(), h == 3 ? QList<int>{1} : QList<int>{});

        view.selectBar(0, 2);
        QCOMPARE(selection.layer(), 0);
        QCOMPARE(selection.head(), 2);
        QCOMPARE(view.series()->barSets()[2]->selectedBars(), QList<int>{0});
        QVERIFY(view.series()->barSets()[3]->selectedBars().isEmpty());

        // The highlight survives a metric switch (bars are rebuilt).
        view.setMetric(Metric::Distance);
        QCOMPARE(view.series()->barSets()[2]->selectedBars(), QList<int>{0});
    }

    void hidingSpecialTokensRecomputes() {
        AttentionSelection selection;
        HeadStatsView view;
        view.setSelection(&selection);
        view.setAnalysis(analysis_);
        selection.setHideSpecialTokens(true);
        const auto expected = statisticsFor(analysis_->result, true);
        QCOMPARE(view.statistics().entropyBits, expected.entropyBits);
        QVERIFY(expected.entropyBits != attnscope::analysis::headStatistics(analysis_->result.attentions).entropyBits);
        compareBars(view.series(), expected, Metric::EntropyBits);
        QCOMPARE(countedTokens(analysis_->result, true), static_cast<int>(analysis_->result.tokens.size()) - 2);
        QVERIFY(view.caption().contains(QStringLiteral("[CLS]")));
    }

    void noAnalysisIsEmpty() {
        AttentionSelection selection;
        HeadStatsView view;
        view.setSelection(&selection);
        view.setAnalysis(analysis_);
        view.setAnalysis(nullptr);
        QCOMPARE(view.series()->count(), 0);
    }

    void barTableLayout() {
        attnscope::analysis::HeadStatistics stats;
        stats.layers = 2;
        stats.heads = 3;
        stats.entropyBits = {1, 2, 3, 4, 5, 6};
        stats.distance = {0.5, 0.25, 0, 7, 1, 2};
        const BarTable entropy = barTable(stats, Metric::EntropyBits);
        QCOMPARE(entropy.categories.size(), qsizetype(2));
        QCOMPARE(entropy.setNames.size(), qsizetype(3));
        QCOMPARE(entropy.values[0], (std::vector<double>{1, 4}));  // head 1 across layers
        QCOMPARE(entropy.values[2], (std::vector<double>{3, 6}));
        QCOMPARE(entropy.maxValue, 6.0);
        const BarTable distance = barTable(stats, Metric::Distance);
        QCOMPARE(distance.values[1], (std::vector<double>{0.25, 1}));
        QCOMPARE(distance.maxValue, 7.0);

        const Extremes e = extremes(stats, Metric::EntropyBits);
        QCOMPARE(e.lowest, (std::pair<int, int>{0, 0}));
        QCOMPARE(e.highest, (std::pair<int, int>{1, 2}));
        const Extremes d = extremes(stats, Metric::Distance);
        QCOMPARE(d.lowest, (std::pair<int, int>{0, 2}));
        QCOMPARE(d.highest, (std::pair<int, int>{1, 0}));
        // Switched-off heads are left out of the extremes.
        const Extremes skipped = extremes(stats, Metric::EntropyBits, {{0, 0}, {1, 2}});
        QCOMPARE(skipped.lowest, (std::pair<int, int>{0, 1}));
        QCOMPARE(skipped.highest, (std::pair<int, int>{1, 1}));
        std::set<std::pair<int, int>> all;
        for (int l = 0; l < 2; ++l)
            for (int h = 0; h < 3; ++h) all.insert({l, h});
        QCOMPARE(extremes(stats, Metric::Distance, all).lowest, (std::pair<int, int>{-1, -1}));
    }

    void highlight_data() {
        QTest::addColumn<int>("layer");
        QTest::addColumn<int>("head");
        QTest::addColumn<int>("aggregate");
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("firstLayer");
        QTest::newRow("single") << 1 << 2 << int(Aggregate::SingleHead) << 1 << 1;
        QTest::newRow("mean heads") << 0 << 2 << int(Aggregate::MeanHeads) << 4 << 0;
        QTest::newRow("max heads") << 1 << 0 << int(Aggregate::MaxHeads) << 4 << 1;
        QTest::newRow("mean layers") << 1 << 0 << int(Aggregate::MeanLayers) << 0 << -1;
        QTest::newRow("rollout") << 1 << 0 << int(Aggregate::Rollout) << 0 << -1;
        QTest::newRow("layer out of range") << 5 << 0 << int(Aggregate::SingleHead) << 0 << -1;
        QTest::newRow("head out of range") << 0 << 9 << int(Aggregate::SingleHead) << 0 << -1;
    }
    void highlight() {
        QFETCH(int, layer);
        QFETCH(int, head);
        QFETCH(int, aggregate);
        QFETCH(int, count);
        QFETCH(int, firstLayer);
        const auto bars = highlightedBars(2, 4, layer, head, static_cast<Aggregate>(aggregate));
        QCOMPARE(static_cast<int>(bars.size()), count);
        if (count > 0) QCOMPARE(bars.front().first, firstLayer);
    }
};

QTEST_MAIN(TestHeadStatsView)
#include "tst_head_stats_view.moc"
