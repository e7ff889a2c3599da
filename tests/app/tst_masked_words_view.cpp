// MaskedWordsView: the bar data and charts equal the encoder's [MASK] predictions (tiny_bert
// has a masked-LM head), and the page explains itself when there is no head or no [MASK].
#include "masked_words_view.h"

#include "attnscope/bert_encoder.h"
#include "test_support.h"

#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSet>
#include <QtCharts/QChartView>
#include <QtCharts/QHorizontalBarSeries>
#include <QtCharts/QValueAxis>
#include <QtTest>

using namespace maskedwords;

class TestMaskedWordsView : public QObject {
    Q_OBJECT

    std::unique_ptr<attnscope::BertEncoder> encoder_;

    AnalysisPtr analyse(const QString& text, bool hasMaskedLm = true) {
        auto a = std::make_shared<Analysis>();
        a->text = text;
        a->modelName = QStringLiteral("tiny_bert");
        a->hasMaskedLm = hasMaskedLm;
        a->result = encoder_->encode(text.toStdString(), 5);
        if (!hasMaskedLm) a->result.maskPredictions.clear();
        return a;
    }

private Q_SLOTS:
    void initTestCase() {
        encoder_ = attnscope::BertEncoder::load(testsupport::dataPath("tiny_bert"));
        QVERIFY(encoder_->hasMaskedLmHead());
    }

    void barDataEqualsPredictions() {
        const auto analysis = analyse(QStringLiteral("the [MASK] sat on the mat."));
        const auto& predictions = analysis->result.maskPredictions;
        QCOMPARE(predictions.size(), std::size_t(1));
        QCOMPARE(predictions[0].top.size(), std::size_t(5));

        MaskedWordsView view;
        view.setAnalysis(analysis);
        QCOMPARE(view.state(), PageState::Predictions);
        QVERIFY(view.message().isEmpty());
        QCOMPARE(view.bars().size(), std::size_t(1));
        const MaskBars& bars = view.bars()[0];
        QCOMPARE(bars.tokenIndex, static_cast<int>(predictions[0].tokenIndex));
        QCOMPARE(analysis->result.tokens[predictions[0].tokenIndex].piece, std::string("[MASK]"));
        QCOMPARE(bars.labels.size(), qsizetype(5));
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(bars.labels[i], testsupport::q(predictions[0].top[static_cast<std::size_t>(i)].token));
            QCOMPARE(bars.probabilities[i], qreal(predictions[0].top[static_cast<std::size_t>(i)].probability));
            if (i > 0) QVERIFY(bars.probabilities[i] <= bars.probabilities[i - 1]);  // best first
        }

        // The chart draws exactly these, best guess on top (appended last: bottom-up axis).
        QCOMPARE(view.chartViews().size(), qsizetype(1));
        QChart* chart = view.chartViews()[0]->chart();
        auto* series = qobject_cast<QHorizontalBarSeries*>(chart->series().value(0));
        QVERIFY(series);
        QCOMPARE(series->count(), 1);
        QBarSet* set = series->barSets()[0];
        QCOMPARE(set->count(), 5);
        for (int i = 0; i < 5; ++i) QCOMPARE(set->at(4 - i), bars.probabilities[i] * 100.0);
        QCOMPARE(set->selectedBars(), QList<int>{4});  // the best guess in the accent colour
        auto* words = qobject_cast<QBarCategoryAxis*>(chart->axes(Qt::Vertical).value(0));
        QVERIFY(words);
        QStringList bottomUp = bars.labels;
        std::reverse(bottomUp.begin(), bottomUp.end());
        QCOMPARE(words->categories(), bottomUp);
        auto* percent = qobject_cast<QValueAxis*>(chart->axes(Qt::Horizontal).value(0));
        QVERIFY(percent);
        QVERIFY(percent->max() >= set->at(4));
    }

    void twoMasksTwoCharts() {
        MaskedWordsView view;
        view.setAnalysis(analyse(QStringLiteral("the [MASK] sat on the [MASK].")));
        QCOMPARE(view.bars().size(), std::size_t(2));
        QCOMPARE(view.chartViews().size(), qsizetype(2));
        QVERIFY(view.bars()[0].title.contains(QStringLiteral("1 of 2")));
        QVERIFY(view.bars()[1].title.contains(QStringLiteral("2 of 2")));
        QVERIFY(view.bars()[0].tokenIndex < view.bars()[1].tokenIndex);
        // A new analysis replaces the charts instead of adding to them.
        view.setAnalysis(analyse(QStringLiteral("the [MASK] sat.")));
        QCOMPARE(view.chartViews().size(), qsizetype(1));
    }

    void noMaskedLmHeadMessage() {
        MaskedWordsView view;
        view.setAnalysis(analyse(QStringLiteral("the [MASK] sat on the mat."), false));
        QCOMPARE(view.state(), PageState::NoMaskedLmHead);
        QVERIFY(view.bars().empty());
        QVERIFY(view.chartViews().isEmpty());
        QVERIFY(view.message().contains(QStringLiteral("masked-language-model head")));
        QVERIFY(view.message().contains(QStringLiteral("minilm-mlm")));
        QVERIFY(view.message().contains(QStringLiteral("tiny_bert")));
    }

    void noMaskInTextMessage() {
        MaskedWordsView view;
        view.setAnalysis(analyse(QStringLiteral("the cat sat on the mat.")));
        QCOMPARE(view.state(), PageState::NoMaskInText);
        QVERIFY(view.chartViews().isEmpty());
        QVERIFY(view.message().contains(QStringLiteral("[MASK]")));
        QVERIFY(view.message().contains(QStringLiteral("Mask this word")));
    }

    // The guesses may come from another model than the other views' (loaded on demand): the
    // page names it, says when it is still coming, and keeps its previous guesses meanwhile.
    void pendingFailedAndModelLine() {
        MaskedWordsView view;
        view.setPending(QStringLiteral("minilm-mlm"));
        QCOMPARE(view.state(), PageState::Pending);
        QVERIFY(view.isPending());
        QVERIFY(view.message().contains(QStringLiteral("minilm-mlm")));
        QCOMPARE(view.modelName(), QStringLiteral("minilm-mlm"));

        const auto analysis = analyse(QStringLiteral("the [MASK] sat."));  // modelName tiny_bert
        view.setAnalysis(analysis);
        QCOMPARE(view.state(), PageState::Predictions);
        QVERIFY(!view.isPending());
        view.setModelNote(QStringLiteral("<b>all-MiniLM-L6-v2</b> has no masked-LM head"));
        QVERIFY(view.modelLine().contains(QStringLiteral("tiny_bert")));
        QVERIFY(view.modelLine().contains(QStringLiteral("all-MiniLM-L6-v2")));

        view.setPending(QStringLiteral("tiny_bert"));  // the next text: the same model's guesses stay
        QVERIFY(view.isPending());
        QCOMPARE(view.state(), PageState::Predictions);
        QCOMPARE(view.chartViews().size(), qsizetype(1));
        view.setPending(QStringLiteral("other-mlm"));  // another model's: not shown as its guesses
        QCOMPARE(view.state(), PageState::Pending);
        QVERIFY(view.chartViews().isEmpty());

        view.setFailed(QStringLiteral("other-mlm"), QStringLiteral("config.json is missing"));
        QCOMPARE(view.state(), PageState::Failed);
        QVERIFY(!view.isPending());
        QVERIFY(view.message().contains(QStringLiteral("config.json is missing")));
        QVERIFY(view.message().contains(QStringLiteral("other-mlm")));
        view.setAnalysis(analysis);
        QCOMPARE(view.state(), PageState::Predictions);
    }

    void noAnalysisMessage() {
        MaskedWordsView view;
        view.setAnalysis(analyse(QStringLiteral("the [MASK] sat.")));
        view.setAnalysis(nullptr);
        QCOMPARE(view.state(), PageState::NoAnalysis);
        QVERIFY(view.chartViews().isEmpty());
        QVERIFY(!view.message().isEmpty());
        QCOMPARE(view.viewName(), QStringLiteral("masked"));
    }

    void sentenceHighlightsMask() {
        const auto analysis = analyse(QStringLiteral("the [MASK] sat on the mat."));
        const QString plain = sentenceHtml(analysis->result, false, QColor(255, 200, 0));
        QVERIFY(plain.startsWith(QStringLiteral("the ")));
        QVERIFY(plain.contains(QStringLiteral("background-color:#ffc800")));
        QVERIFY(plain.contains(QStringLiteral("[MASK]")));
        QVERIFY(plain.endsWith(QStringLiteral(" sat on the mat.")));
        const QString filled = sentenceHtml(analysis->result, true, QColor(255, 200, 0));
        QVERIFY(!filled.contains(QStringLiteral("[MASK]")));
        QString best = testsupport::q(analysis->result.maskPredictions[0].top[0].token);
        if (best.startsWith(QStringLiteral("##"))) best.remove(0, 2);
        QVERIFY(filled.contains(best.toHtmlEscaped()));
    }

    void duplicateLabelsStayDistinct() {
        attnscope::EncodeResult result;
        attnscope::MaskPrediction prediction;
        prediction.tokenIndex = 1;
        prediction.top = {{1, "a", 0.5f, 0.f, "a"}, {2, "a", 0.3f, 0.f, "a"}};
        result.maskPredictions = {prediction};
        const auto bars = maskBarData(result);
        QCOMPARE(bars[0].labels.size(), qsizetype(2));
        QVERIFY(bars[0].labels[0] != bars[0].labels[1]);
        QCOMPARE(bars[0].probabilities, (QList<qreal>{qreal(0.5f), qreal(0.3f)}));
    }

    void axisMax_data() {
        QTest::addColumn<double>("probability");
        QTest::addColumn<double>("expected");
        QTest::newRow("tiny") << 0.004 << 10.0;
        QTest::newRow("a third") << 0.33 << 40.0;
        QTest::newRow("most") << 0.8 << 100.0;
        QTest::newRow("certain") << 1.0 << 100.0;
        QTest::newRow("zero") << 0.0 << 10.0;
    }
    void axisMax() {
        QFETCH(double, probability);
        QFETCH(double, expected);
        QCOMPARE(axisMaxPercent(probability), expected);
    }
};

QTEST_MAIN(TestMaskedWordsView)
#include "tst_masked_words_view.moc"
