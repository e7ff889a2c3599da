// Head ablation in the app (#12): switching heads off from the model view (Ctrl+click, the
// context menu's action) re-runs the request with Hugging Face's head_mask semantics — the
// result equals the core's with the same ablation, the switched-off heads' weights are zero and
// the model view crosses them out, the translation shows what it was with every head on, and
// switching them back on restores the original result exactly.
#include "attnscope/bert_encoder.h"
#include "attnscope/marian_text.h"
#include "encoder_workspace.h"
#include "main_window.h"
#include "head_stats_view.h"
#include "head_view.h"
#include "heatmap_view.h"
#include "masked_words_view.h"
#include "model_view.h"
#include "test_support.h"
#include "translation_workspace.h"

#include <QFile>
#include <QLabel>
#include <QProgressDialog>
#include <QPushButton>
#include <QSignalSpy>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace testsupport;

class TestHeadAblation : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void encoderHeadsSwitchOffAndOn() {
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        EncoderWorkspace* space = w.encoderWorkspace();
        space->loadModel(q(dataPath("tiny_bert")));
        QTRY_COMPARE_WITH_TIMEOUT(space->modelInfo().dir, q(dataPath("tiny_bert")), 30000);
        const QString text = "the [MASK] sat on the mat because it was tired.";
        space->setText(text);
        QVERIFY(space->showView("model"));
        QTRY_VERIFY_WITH_TIMEOUT(space->isCurrentViewReady() && space->currentAnalysis() && space->currentAnalysis()->text == text, 30000);
        const auto before = space->currentAnalysis();
        auto* model = qobject_cast<ModelView*>(space->view("model"));
        QVERIFY(model);
        // Ctrl+click on the thumbnail of layer 0, head 1.
        const QPointF centre = model->layout().thumbRect(0, 1).center();
        QTest::mouseClick(model, Qt::LeftButton, Qt::ControlModifier, centre.toPoint());
        QCOMPARE(space->ablation().encoder, (std::set<std::pair<int, int>>{{0, 1}}));
        QTRY_VERIFY_WITH_TIMEOUT(space->isCurrentViewReady() && space->currentAnalysis() != before &&
                                     space->currentAnalysis()->ablatedHeads.count({0, 1}) == 1, 30000);
        const auto off = space->currentAnalysis();
        const auto encoder = attnscope::BertEncoder::load(dataPath("tiny_bert"), cpuOptions());
        attnscope::HeadAblation ablation;
        ablation.encoder = {{0, 1}};
        const auto expected = encoder->encode(text.toStdString(), 10, ablation);
        QCOMPARE(off->result.attentions.values, expected.attentions.values);
        for (int i = 0; i < off->result.attentions.queries; ++i)
            for (int j = 0; j < off->result.attentions.keys; ++j) QCOMPARE(off->result.attentions.at(0, 1, i, j), 0.f);
        QVERIFY(off->result.attentions.values != before->result.attentions.values);
        QCOMPARE(off->result.maskPredictions.front().top.front().logit, expected.maskPredictions.front().top.front().logit);
        // The note says which heads are off; its button switches them back on.
        QPushButton* allOn = nullptr;
        for (auto* b : space->findChildren<QPushButton*>())
            if (b->text() == "Switch all heads on") allOn = b;
        QVERIFY(allOn && allOn->isVisible());
        allOn->click();
        QVERIFY(space->ablation().empty());
        QTRY_VERIFY_WITH_TIMEOUT(space->isCurrentViewReady() && space->currentAnalysis()->ablatedHeads.empty() &&
                                     space->currentAnalysis() != off, 30000);
        QCOMPARE(space->currentAnalysis()->result.attentions.values, before->result.attentions.values);
        QVERIFY(!allOn->isVisible());
    }

    // A switched-off head is crossed out in every view that shows heads (heatmap caption and
    // matrix, head statistics, the head view's chips; Ctrl+click or the context menu there
    // toggles it too), and the masked-word page lists the guesses with every head on beside the
    // new ones, with the core's numbers.
    void switchedOffHeadsShownEverywhere() {
        QLocale::setDefault(QLocale::c());
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        EncoderWorkspace* space = w.encoderWorkspace();
        space->loadModel(q(dataPath("tiny_bert")));
        QTRY_COMPARE_WITH_TIMEOUT(space->modelInfo().dir, q(dataPath("tiny_bert")), 30000);
        const QString text = "the [MASK] sat on the mat because it was tired.";
        space->setText(text);
        QVERIFY(space->showView("masked"));
        QTRY_VERIFY_WITH_TIMEOUT(space->isCurrentViewReady() && space->currentAnalysis() &&
                                     space->currentAnalysis()->text == text, 30000);
        auto* masked = qobject_cast<MaskedWordsView*>(space->view("masked"));
        QVERIFY(masked && masked->comparisonText().isEmpty());  // every head on: nothing to compare

        // The head view: Ctrl+click on a chip of the shown layer switches that head off.
        space->selection()->setLayerHead(1, 0);
        QVERIFY(space->showView("head"));
        auto* headView = qobject_cast<HeadView*>(space->view("head"));
        QTRY_VERIFY(headView->isVisible());
        const QPointF chip = headView->geometry().chipRect(3).center();
        QTest::mouseClick(headView, Qt::LeftButton, Qt::ControlModifier, chip.toPoint());
        QCOMPARE(space->ablation().encoder, (std::set<std::pair<int, int>>{{1, 3}}));
        space->toggleHead(0, 2);
        QTRY_VERIFY_WITH_TIMEOUT(space->isCurrentViewReady() && space->currentAnalysis()->ablatedHeads.size() == 2, 30000);
        const auto off = space->currentAnalysis();

        // Heatmap: the shown head's caption says so; an aggregate counts the heads it takes in.
        QVERIFY(space->showView("heatmap"));
        auto* heatmap = qobject_cast<HeatmapView*>(space->view("heatmap"));
        space->selection()->setAggregate(Aggregate::SingleHead);
        space->selection()->setLayerHead(1, 3);
        QTRY_VERIFY(heatmap->caption().contains("switched off: its weights are 0"));
        space->selection()->setLayerHead(1, 1);
        QTRY_VERIFY(!heatmap->caption().contains("switched off"));
        space->selection()->setAggregate(Aggregate::MeanHeads);
        QTRY_VERIFY2(heatmap->caption().contains("1 head(s) switched off"), qPrintable(heatmap->caption()));
        space->selection()->setAggregate(Aggregate::SingleHead);

        // Head statistics: a cross over exactly the two bars.
        QVERIFY(space->showView("stats"));
        auto* stats = qobject_cast<HeadStatsView*>(space->view("stats"));
        QVERIFY(stats);
        QTRY_VERIFY(stats->isVisible());
        auto bars = stats->switchedOffBars();
        std::sort(bars.begin(), bars.end());
        QCOMPARE(bars, (std::vector<std::pair<int, int>>{{0, 2}, {1, 3}}));
        QVERIFY(!stats->switchedOffPath().isEmpty());
        QVERIFY(stats->switchedOffPath().boundingRect().intersects(
            QRectF(stats->findChild<QChartView*>()->chart()->plotArea()).adjusted(-2, -2, 2, 2)));

        // The masked words: the guesses with every head on beside, the core's numbers.
        QVERIFY(space->showView("masked"));
        QTRY_VERIFY(!masked->comparisonText().isEmpty());
        const auto encoder = attnscope::BertEncoder::load(dataPath("tiny_bert"), cpuOptions());
        attnscope::HeadAblation ablation;
        ablation.encoder = off->ablatedHeads;
        const auto now = encoder->encode(text.toStdString(), 10, ablation).maskPredictions.front().top.front();
        const auto before = encoder->encode(text.toStdString(), 10).maskPredictions.front().top.front();
        const QString line = masked->comparisonText();
        QVERIFY2(line.contains("Heads switched off: 0:2, 1:3"), qPrintable(line));
        const auto percent = [](float p) { return QString::number(100.0 * p, 'f', 1) + " %"; };
        QVERIFY2(line.contains(QString("every head on %1 %2").arg(QString::fromStdString(before.token), percent(before.probability))),
                 qPrintable(line));
        QVERIFY2(line.contains(QString("now %1 %2").arg(QString::fromStdString(now.token), percent(now.probability))),
                 qPrintable(line));
        QVERIFY(line.contains(before.id == now.id ? "same word" : "changed"));

        // Back on: no crosses, no comparison.
        space->setAblation({});
        QTRY_VERIFY_WITH_TIMEOUT(space->isCurrentViewReady() && space->currentAnalysis()->ablatedHeads.empty(), 30000);
        QVERIFY(masked->comparisonText().isEmpty());
        QVERIFY(space->showView("stats"));  // pages are fed when shown
        QTRY_VERIFY(stats->switchedOffBars().empty());
    }

    // Rank heads by effect: every head once, sorted, each effect what the core gives with that
    // head off; cancelling stops it with what was measured.
    void rankingHeads() {
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        EncoderWorkspace* space = w.encoderWorkspace();
        space->loadModel(q(dataPath("tiny_bert")));
        QTRY_COMPARE_WITH_TIMEOUT(space->modelInfo().dir, q(dataPath("tiny_bert")), 30000);
        const QString text = "the [MASK] sat on the mat.";
        space->setText(text);
        QTRY_VERIFY_WITH_TIMEOUT(space->isCurrentViewReady() && space->currentAnalysis() && space->currentAnalysis()->text == text, 30000);
        QSignalSpy finished(space, &Workspace::rankingFinished);
        space->rankHeads();
        QVERIFY(finished.wait(30000));
        QVERIFY(!space->rankingCancelled());
        const auto& ranking = space->lastRanking();
        QCOMPARE(ranking.size(), 8);  // 2 layers x 4 heads
        for (int i = 1; i < ranking.size(); ++i) QVERIFY(ranking[i - 1].effect >= ranking[i].effect);
        const auto encoder = attnscope::BertEncoder::load(dataPath("tiny_bert"), cpuOptions());
        const auto base = encoder->encode(text.toStdString(), 10);
        for (const auto& e : ranking) {
            attnscope::HeadAblation ablation;
            ablation.encoder = {{e.layer, e.head}};
            const auto r = encoder->encode(text.toStdString(), 10, ablation);
            const auto& before = base.maskPredictions.front().top.front();
            float p = 0.f;
            for (const auto& c : r.maskPredictions.front().top)
                if (c.id == before.id) p = c.probability;
            const double expected = (before.probability - p) + (r.maskPredictions.front().top.front().id != before.id ? 1.0 : 0.0);
            QVERIFY2(std::fabs(e.effect - expected) < 1e-6, qPrintable(QString("%1:%2 %3 vs %4").arg(e.layer).arg(e.head).arg(e.effect).arg(expected)));
        }
        QVERIFY(space->rankingDialog() && space->rankingDialog()->isVisible());
        // Cancelled part-way (MiniLM: 72 heads, long enough to cancel after the first few).
        const QString minilm = QString(ATTNSCOPE_MODELS_DIR) + "/all-MiniLM-L6-v2";
        if (!QFile::exists(minilm + "/config.json")) QSKIP("all-MiniLM-L6-v2 is not fetched (scripts/setup)");
        space->loadModel(minilm);
        QTRY_COMPARE_WITH_TIMEOUT(space->modelInfo().dir, minilm, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(space->isCurrentViewReady() && space->currentAnalysis()->modelName.contains("MiniLM"), 30000);
        finished.clear();
        space->rankHeads();
        auto* progress = space->findChild<QProgressDialog*>();
        QVERIFY(progress);
        QTRY_VERIFY_WITH_TIMEOUT(progress->value() >= 2, 30000);
        auto* cancel = progress->findChild<QPushButton*>();
        QVERIFY(cancel);
        cancel->click();  // as the user does
        QVERIFY(finished.wait(30000));
        QVERIFY(space->rankingCancelled());
        QVERIFY(space->lastRanking().size() >= 2 && space->lastRanking().size() < 72);
    }

    void translationHeadsSwitchOffAndOn() {
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        TranslationWorkspace* space = w.translationWorkspace();
        space->loadModel(q(dataPath("tiny_marian_tok")));
        QTRY_COMPARE_WITH_TIMEOUT(space->modelInfo().dir, q(dataPath("tiny_marian_tok")), 30000);
        w.showWorkspace(space->workspaceName());
        const QString text = "Hello world, how are you?";
        space->setText(text);
        space->setAttentionKind(AttentionKind::Cross);
        QVERIFY(space->showView("model"));
        QTRY_VERIFY_WITH_TIMEOUT(space->isCurrentViewReady() && space->currentTranslation() &&
                                     space->currentTranslation()->text == text, 30000);
        const QString original = space->translationText();
        // Every cross-attention head of layer 0 and 1 off: the decoder no longer sees the source.
        for (int l = 0; l < 2; ++l)
            for (int h = 0; h < 4; ++h) space->toggleHead(l, h);
        QCOMPARE(space->ablation().cross.size(), std::size_t(8));
        QTRY_VERIFY_WITH_TIMEOUT(space->isCurrentViewReady() && !space->currentTranslation()->ablation.empty(), 30000);
        attnscope::TranslateOptions options = attnscope::TranslateOptions::interactive(1);
        options.ablation = space->ablation();
        const auto translator = attnscope::TextTranslator::load(dataPath("tiny_marian_tok"), cpuOptions());
        const auto expected = translator->translate(text.toStdString(), options);
        QCOMPARE(space->translationText(), QString::fromStdString(expected.translation));
        QVERIFY(space->translationText() != original);  // the source no longer reaches the output
        QCOMPARE(space->comparisonText(), original);   // what it was with every head on, shown beside
        for (float w : space->currentTranslation()->result.crossAttentions.values) QCOMPARE(w, 0.f);
        auto* model = qobject_cast<ModelView*>(space->view("model"));
        QTRY_VERIFY(model->isVisible());
        // Back on: the original translation, and no comparison line.
        space->setAblation({});
        QTRY_VERIFY_WITH_TIMEOUT(space->isCurrentViewReady() && space->currentTranslation()->ablation.empty(), 30000);
        QCOMPARE(space->translationText(), original);
        QVERIFY(space->comparisonText().isEmpty());
    }
};

QTEST_MAIN(TestHeadAblation)
#include "tst_head_ablation.moc"
