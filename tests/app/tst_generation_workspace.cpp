// The text-generation workspace (#16) on the tiny random GPT-2: the continuation streams in
// token by token and the complete generation equals the core's (ids, text, causal attentions,
// which the heatmap shows); beam search; the attention lab's inspection equals the core's for
// a generated token; switching a head off re-runs with HF's head_mask; a GPT-2 folder dropped
// on the window opens in this tab; bad prompts say what is wrong.
#include "attention_lab_view.h"
#include "attnscope/gpt2.h"
#include "generation_steps_view.h"
#include "generation_workspace.h"
#include "heatmap_view.h"
#include "main_window.h"
#include "test_support.h"

#include <QLocale>
#include <QSignalSpy>
#include <QtTest>

using namespace testsupport;

class TestGenerationWorkspace : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void stepsLayoutWraps() {
        const auto l = GenerationStepsLayout::compute(QRectF(0, 0, 100, 500), {40, 40, 40, 150}, 20, 30, 5);
        QCOMPARE(l.boxes.size(), std::size_t(4));
        QCOMPARE(l.boxes[1].left(), 45.0);
        QCOMPARE(l.boxes[2].top(), 30.0);   // wrapped: 40 + 5 + 40 + 5 + 40 > 100
        QCOMPARE(l.boxes[3].width(), 100.0);  // wider than the area: clipped to it
        QCOMPARE(l.bottom, 90.0);
    }

    void generatesAndShowsTheCausalAttention() {
        QLocale::setDefault(QLocale::c());
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        GenerationWorkspace* space = w.generationWorkspace();
        QCOMPARE(w.loadModel(q(dataPath("tiny_gpt2"))), static_cast<Workspace*>(space));  // routed by family
        QTRY_COMPARE_WITH_TIMEOUT(space->modelInfo().dir, q(dataPath("tiny_gpt2")), 30000);
        w.showWorkspace(space->workspaceName());
        QVERIFY(space->showView("heatmap"));
        QSignalSpy partials(space, &GenerationWorkspace::partialShown);
        const QString prompt = "The cat sat on the";
        space->setNewTokens(12);
        space->setText(prompt);
        QTRY_VERIFY_WITH_TIMEOUT(space->isCurrentViewReady() && space->currentGeneration() &&
                                     space->currentGeneration()->prompt == prompt,
                                 30000);
        const auto generator = attnscope::Gpt2Generator::load(dataPath("tiny_gpt2"), cpuOptions());
        attnscope::GenerateOptions options;
        options.maxNewTokens = 12;
        const auto expected = generator->generate(prompt.toStdString(), options);
        const auto& shown = space->currentGeneration()->result;
        QCOMPARE(shown.nbest.front().ids, expected.nbest.front().ids);
        QCOMPARE(shown.attentions.values, expected.attentions.values);
        QCOMPARE(space->outputText(), QString::fromStdString(expected.text));
        // It streamed: one partial per generated token, each a prefix of the final ids.
        QVERIFY(!partials.isEmpty());
        for (const auto& args : partials) {
            const auto p = args.at(0).value<GenerationPtr>();
            if (p->prompt != prompt) continue;
            QVERIFY(!p->complete);
            for (std::size_t i = 0; i < p->result.tokens.size(); ++i)
                QCOMPARE(p->result.tokens[i].id, expected.nbest.front().ids[i]);
        }
        // The heatmap shows the causal attention of the selected head.
        auto* heatmap = qobject_cast<HeatmapView*>(space->view("heatmap"));
        QVERIFY(heatmap && heatmap->caption().contains("Causal self-attention"));
        QCOMPARE(space->currentAnalysis()->result.tokens.size(), expected.tokens.size());

        // Step through: step s shows the row that chose written token s, the tokens before it only.
        QVERIFY(space->showView("steps"));
        auto* steps = qobject_cast<GenerationStepsView*>(space->view("steps"));
        QVERIFY(steps);
        space->selection()->setAggregate(Aggregate::SingleHead);
        space->selection()->setLayerHead(1, 3);
        QCOMPARE(steps->steps(), static_cast<int>(expected.tokens.size() - expected.promptTokens));
        steps->setStep(4);
        const int row = static_cast<int>(expected.promptTokens) + 4 - 1;
        const auto weights = steps->stepWeights();
        QCOMPARE(static_cast<int>(weights.size()), row + 1);
        for (int j = 0; j <= row; ++j) QCOMPARE(weights[static_cast<std::size_t>(j)], expected.attentions.at(1, 3, row, j));
        steps->setStep(1000);  // clamped to the last step
        QCOMPARE(steps->step(), steps->steps() - 1);

        // The attention lab on a generated token.
        QVERIFY(space->showView("lab"));
        auto* lab = qobject_cast<AttentionLabView*>(space->view("lab"));
        space->selection()->setLayerHead(1, 2);
        space->selection()->setSelectedToken(7);
        QTRY_VERIFY_WITH_TIMEOUT(space->isCurrentViewReady() && lab->inspection() && lab->inspection()->layer == 1 &&
                                     lab->inspection()->head == 2,
                                 30000);
        const auto inspected = generator->inspect(expected.nbest.front().ids, 1, 2);
        QCOMPARE(lab->inspection()->weights.values, inspected.weights.values);
        QCOMPARE(lab->queryRow(), 7);

        // Beam search.
        space->setBeams(3);
        QTRY_VERIFY_WITH_TIMEOUT(space->isCurrentViewReady() && space->currentGeneration()->beams == 3, 30000);
        options.beams = 3;
        QCOMPARE(space->currentGeneration()->result.nbest.front().ids, generator->generate(prompt.toStdString(), options).nbest.front().ids);
        space->setBeams(1);

        // A head switched off: the core's ablated generation.
        space->toggleHead(0, 1);
        QTRY_VERIFY_WITH_TIMEOUT(space->isCurrentViewReady() && space->currentGeneration()->ablation.decoder.size() == 1 &&
                                     space->currentGeneration()->beams == 1,
                                 30000);
        attnscope::GenerateOptions off;
        off.maxNewTokens = 12;
        off.ablation.decoder = {{0, 1}};
        QCOMPARE(space->currentGeneration()->result.nbest.front().ids, generator->generate(prompt.toStdString(), off).nbest.front().ids);
        space->setAblation({});

        // An empty prompt says so.
        space->setText("");
        QTRY_VERIFY_WITH_TIMEOUT(space->errorText().contains("empty"), 30000);
    }
};

QTEST_MAIN(TestGenerationWorkspace)
#include "tst_generation_workspace.moc"
