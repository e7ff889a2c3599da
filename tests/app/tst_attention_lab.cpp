// The attention lab view (#12) in the encoder workspace on the tiny BERT: for the typed text and
// the chosen layer, head and token, the numbers it holds are the core's inspection of the same
// text (BertEncoder::inspect), its rows equal the heatmap's, Step / the arrow keys walk the
// stages (each stage shows only what it has reached), hovering reads the real numbers, a click
// makes a row the query, and a new text or head brings a new inspection.
#include "attention_lab_view.h"
#include "attnscope/bert_encoder.h"
#include "attnscope/marian_text.h"
#include "encoder_workspace.h"
#include "main_window.h"
#include "test_support.h"
#include "translation_workspace.h"

#include <QLocale>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QtTest>

#include <cmath>

using namespace testsupport;

class TestAttentionLab : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void labShowsTheCoreInspection() {
        QLocale::setDefault(QLocale::c());
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QSignalSpy ready(&w, &MainWindow::modelReady);
        w.loadModel(q(dataPath("tiny_bert")));
        QVERIFY(ready.wait(20000));
        EncoderWorkspace* space = w.encoderWorkspace();
        const QString text = "the cat sat on the mat because it was tired.";
        space->setText(text);
        QVERIFY(space->showView("lab"));
        auto* lab = qobject_cast<AttentionLabView*>(space->view("lab"));
        QVERIFY(lab);
        space->selection()->setLayerHead(1, 2);
        space->selection()->setSelectedToken(3);
        QTRY_VERIFY_WITH_TIMEOUT(space->isCurrentViewReady() && lab->inspection() &&
                                     lab->inspection()->layer == 1 && lab->inspection()->head == 2 &&
                                     space->currentAnalysis() && space->currentAnalysis()->text == text,
                                 30000);
        // The same numbers as the core's inspection of the text.
        const auto encoder = attnscope::BertEncoder::load(dataPath("tiny_bert"), cpuOptions());
        const auto expected = encoder->inspect(text.toStdString(), 1, 2);
        const auto& shown = *lab->inspection();
        QCOMPARE(shown.weights.values, expected.weights.values);
        QCOMPARE(shown.query.values, expected.query.values);
        QCOMPARE(shown.key.values, expected.key.values);
        QCOMPARE(shown.value.values, expected.value.values);
        QCOMPARE(shown.headOutput.values, expected.headOutput.values);
        QCOMPARE(lab->queryRow(), 3);
        // Its rows are the heatmap's (the ordinary forward pass).
        const auto& attentions = space->currentAnalysis()->result.attentions;
        for (int i = 0; i < attentions.queries; ++i)
            for (int j = 0; j < attentions.keys; ++j) QCOMPARE(shown.weights.at(i, j), attentions.at(1, 2, i, j));

        // Stepping: from the vectors alone to the output, and back.
        lab->setFocus();
        QTest::keyClick(lab, Qt::Key_Home);
        QCOMPARE(lab->stage(), int(AttentionLabView::Vectors));
        // A point in the q·k column of the query's own row, and in its key strip.
        const auto boxes = lab->labelBoxes();
        QCOMPARE(static_cast<int>(boxes.size()), attentions.keys);
        const QPointF scoreCell(boxes[3].rect.right() + lab->width() * 0.42, boxes[3].rect.center().y());
        const QPointF keyCell(boxes[3].rect.right() + 12, boxes[3].rect.center().y());
        QVERIFY(lab->describeAt(scoreCell).isEmpty());  // not reached yet
        QVERIFY2(lab->describeAt(keyCell).startsWith("k[0]"), qPrintable(lab->describeAt(keyCell)));
        for (int stage = 1; stage < AttentionLabView::StageCount; ++stage) {
            QTest::keyClick(lab, Qt::Key_Right);
            QCOMPARE(lab->stage(), stage);
        }
        QTest::keyClick(lab, Qt::Key_Right);  // stays at the last stage
        QCOMPARE(lab->stage(), int(AttentionLabView::Output));
        const QString scores = lab->describeAt(scoreCell);
        QVERIFY2(scores.contains(QString::number(expected.weights.at(3, 3), 'f', 6)), qPrintable(scores));
        QVERIFY2(scores.contains(QString::number(expected.scores.at(3, 3), 'f', 4)), qPrintable(scores));
        QTest::keyClick(lab, Qt::Key_Left);
        QCOMPARE(lab->stage(), int(AttentionLabView::Weighted));

        // A click on a row makes it the query.
        QTest::mouseClick(lab, Qt::LeftButton, {}, boxes[5].rect.center().toPoint());
        QCOMPARE(space->selection()->selectedToken(), 5);
        QCOMPARE(lab->queryRow(), 5);

        // Another head: another inspection.
        space->selection()->setLayerHead(0, 1);
        QTRY_VERIFY_WITH_TIMEOUT(space->isCurrentViewReady() && lab->inspection()->layer == 0 && lab->inspection()->head == 1,
                                 20000);
        QCOMPARE(lab->inspection()->weights.values, encoder->inspect(text.toStdString(), 0, 1).weights.values);
        QVERIFY(lab->inspection()->wordEmbeddings.rows > 0);  // layer 0 carries its input's parts
        // Layer 0's "+ position" row links to the Positions view.
        const QRectF link = lab->positionsLinkRect();
        QVERIFY(!link.isEmpty());
        QVERIFY(lab->describeAt(link.center()).contains("Positions view"));
        QTest::mouseClick(lab, Qt::LeftButton, {}, link.center().toPoint());
        QCOMPARE(space->currentView()->viewName(), QString("positions"));
        QVERIFY(space->showView("lab"));
        space->selection()->setLayerHead(1, 1);  // above layer 0: no input parts, no link
        QTRY_VERIFY_WITH_TIMEOUT(space->isCurrentViewReady() && lab->inspection()->layer == 1, 20000);
        QVERIFY(lab->positionsLinkRect().isEmpty());
        // Another text.
        space->setText("a dog runs");
        QTRY_VERIFY_WITH_TIMEOUT(space->isCurrentViewReady() && space->currentAnalysis()->text == "a dog runs" &&
                                     lab->inspection()->queryTokens.size() == space->currentAnalysis()->result.tokens.size(),
                                 20000);
        QVERIFY(!lab->grab().isNull());
    }

    // The translation workspace on the tiny Marian model: the lab follows the attention switch;
    // its rows are what each decoding step computed (the shown translation's ids as the decoder
    // input), equal to the core's inspection; the decoder's future is masked, and cross-attention
    // looks from the target word at the source.
    // While a translation streams, the lab follows it: steps carry the lab head's inspection
    // over the tokens decoded so far (the core's numbers for that prefix), and without a chosen
    // token the query is the newest one, the token being generated.
    void labFollowsTheStream() {
        QLocale::setDefault(QLocale::c());
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        TranslationWorkspace* space = w.translationWorkspace();
        space->loadModel(q(dataPath("tiny_marian_tok")));
        QTRY_COMPARE_WITH_TIMEOUT(space->modelInfo().dir, q(dataPath("tiny_marian_tok")), 30000);
        w.showWorkspace(space->workspaceName());
        QVERIFY(space->showView("lab"));
        auto* lab = qobject_cast<AttentionLabView*>(space->view("lab"));
        space->setAttentionKind(AttentionKind::Cross);
        space->selection()->setLayerHead(1, 2);
        space->selection()->setSelectedToken(-1);
        QSignalSpy partials(space, &TranslationWorkspace::partialShown);
        const QString text = "Hello world, how are you today?";
        space->setText(text);
        QTRY_VERIFY_WITH_TIMEOUT(space->isCurrentViewReady() && space->currentTranslation() &&
                                     space->currentTranslation()->text == text,
                                 30000);
        const auto translator = attnscope::TextTranslator::load(dataPath("tiny_marian_tok"), cpuOptions());
        const int start = translator->translator().config().decoderStartTokenId;
        int inspected = 0;
        TranslationPtr last;
        for (const auto& args : partials) {
            const auto partial = args.at(0).value<TranslationPtr>();
            if (!partial->inspection) continue;
            inspected += partial->text == text;  // (an earlier request may still have been streaming)
            QCOMPARE(partial->inspectionKind, int(AttentionKind::Cross));
            QCOMPARE(partial->inspection->layer, partial->inspectionLayer);
            QCOMPARE(partial->inspection->head, partial->inspectionHead);
            const auto& tokens = partial->result.targetTokens;
            QCOMPARE(partial->inspection->queryTokens.size(), tokens.size());
            std::vector<int> decoderInput{start};
            for (std::size_t t = 0; t + 1 < tokens.size(); ++t) decoderInput.push_back(tokens[t].id);
            const auto expected = translator->inspectIds(partial->text.toStdString(), attnscope::AttentionKind::Cross, partial->inspectionLayer,
                                                         partial->inspectionHead, decoderInput);
            QCOMPARE(partial->inspection->weights.values, expected.weights.values);
            QCOMPARE(partial->inspection->headOutput.values, expected.headOutput.values);
            last = partial;
        }
        QVERIFY2(inspected >= 1, "no streamed step carried the lab's inspection");
        // Shown as it streams: the newest row is the query while nothing is chosen.
        lab->setInput(nullptr, last);
        lab->setInspection(last->inspection);
        QCOMPARE(lab->queryRow(), static_cast<int>(last->result.targetTokens.size()) - 1);
        // Away from the lab, steps carry no inspection.
        QVERIFY(space->showView("heatmap"));
        partials.clear();
        space->setText("Good morning, my friend.");
        QTRY_VERIFY_WITH_TIMEOUT(space->isCurrentViewReady() && space->currentTranslation() &&
                                     space->currentTranslation()->text == "Good morning, my friend.",
                                 30000);
        QVERIFY(!partials.isEmpty());
        for (const auto& args : partials) QVERIFY(!args.at(0).value<TranslationPtr>()->inspection);
    }

    void labInTheTranslationWorkspace() {
        QLocale::setDefault(QLocale::c());
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        TranslationWorkspace* space = w.translationWorkspace();
        space->loadModel(q(dataPath("tiny_marian_tok")));
        QTRY_COMPARE_WITH_TIMEOUT(space->modelInfo().dir, q(dataPath("tiny_marian_tok")), 30000);
        w.showWorkspace(space->workspaceName());
        const QString text = "Hello world, how are you?";
        space->setText(text);
        QVERIFY(space->showView("lab"));
        auto* lab = qobject_cast<AttentionLabView*>(space->view("lab"));
        QVERIFY(lab);
        const auto translator = attnscope::TextTranslator::load(dataPath("tiny_marian_tok"), cpuOptions());
        for (AttentionKind kind : {AttentionKind::Cross, AttentionKind::Decoder, AttentionKind::Encoder}) {
            space->setAttentionKind(kind);
            space->selection()->setLayerHead(1, 3);
            QTRY_VERIFY_WITH_TIMEOUT(space->isCurrentViewReady() && space->currentTranslation() &&
                                         space->currentTranslation()->text == text && lab->inspection() &&
                                         int(lab->inspection()->kind) == int(kind) && lab->inspection()->layer == 1 &&
                                         lab->inspection()->head == 3,
                                     30000);
            const auto& ids = space->currentTranslation()->result.nbest.front().ids;
            const std::vector<int> decoderInput(ids.begin(), ids.end() - 1);
            const auto expected = translator->inspectIds(text.toStdString(), static_cast<attnscope::AttentionKind>(int(kind)),
                                                         1, 3, decoderInput);
            QCOMPARE(lab->inspection()->weights.values, expected.weights.values);
            QCOMPARE(lab->inspection()->query.values, expected.query.values);
            const auto& r = *lab->inspection();
            if (kind == AttentionKind::Decoder)
                for (int t = 0; t < r.masked.rows; ++t)
                    for (int s = 0; s < r.masked.cols; ++s) QCOMPARE(r.masked.at(t, s) > 0.5f, s > t);
            if (kind == AttentionKind::Cross) {
                QCOMPARE(r.keyTokens.size(), space->currentTranslation()->result.sourceTokens.size());
                QCOMPARE(r.queryTokens.size(), decoderInput.size());
                // The cross rows are the alignment's (the decoding steps' own attention).
                const auto& cross = space->currentTranslation()->result.crossAttentions;
                for (int t = 0; t < cross.queries; ++t)
                    for (int s = 0; s < cross.keys; ++s)
                        QVERIFY(std::fabs(r.weights.at(t, s) - cross.at(1, 3, t, s)) < 1e-5f);
            }
        }
    }
};

QTEST_MAIN(TestAttentionLab)
#include "tst_attention_lab.moc"
