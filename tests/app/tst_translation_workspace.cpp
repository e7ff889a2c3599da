// GUI tests of the translation workspace on the tiny test Marian model (tiny_marian_tok, the
// opus-mt file layout): typing translates, the alignment view then holds exactly the core's
// cross-attention for the final text, the step-through at step t shows row t, the
// translation streams in token by token, fast typing ends consistent, beam search fills the
// beam view, the attention switch feeds the heatmap, exports work, and a corrupt model shows
// a message while the previous model keeps working.
#include "alignment_view.h"
#include "attnscope/marian_text.h"
#include "beam_view.h"
#include "heatmap_view.h"
#include "main_window.h"
#include "presets.h"
#include "step_through_view.h"
#include "test_support.h"
#include "translation_math.h"
#include "translation_workspace.h"

#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace testsupport;

namespace {

const QString kTiny = q(dataPath("tiny_marian_tok"));

const attnscope::TextTranslator& core() {
    static const auto t = [] {
        attnscope::TranslatorOptions o;
        o.device = attnscope::DeviceChoice::Cpu;
        return attnscope::TextTranslator::load(dataPath("tiny_marian_tok"), o);
    }();
    return *t;
}

// What the workspace asks for: the core's translation with the worker's output cap.
attnscope::TextTranslation expected(const QString& text, int beams = 1) {
    attnscope::TranslateOptions o;
    o.beams = beams;
    const int source = static_cast<int>(core().tokenizer().encode(text.toStdString()).size());
    o.maxNewTokens = std::clamp(2 * source + 10, 1, core().translator().config().maxPositions - 1);
    return core().translate(text.toStdString(), o);
}

QString compareMatrix(const attnscope::FloatMatrix& m, const attnscope::AttentionStack& a, int layer, int head) {
    if (m.rows != a.queries || m.cols != a.keys)
        return QString("view shows %1x%2, core has %3x%4").arg(m.rows).arg(m.cols).arg(a.queries).arg(a.keys);
    for (int i = 0; i < a.queries; ++i)
        for (int j = 0; j < a.keys; ++j)
            if (std::fabs(m.at(i, j) - a.at(layer, head, i, j)) > 1e-6f)
                return QString("cell (%1, %2): %3 vs core %4")
                    .arg(i)
                    .arg(j)
                    .arg(m.at(i, j))
                    .arg(a.at(layer, head, i, j));
    return {};
}

void loadTiny(TranslationWorkspace& w) {
    QSignalSpy ready(&w, &TranslationWorkspace::modelReady);
    w.loadModel(kTiny);
    QVERIFY(ready.wait(20000));
}

void loadBuiltIn(TranslationWorkspace& w) {
    QSignalSpy ready(&w, &TranslationWorkspace::modelReady);
    w.loadModel(TranslationWorkspace::builtInModelDir());
    QVERIFY(ready.wait(30000));
}

// Sends a request for a text at once (no coalescing delay), so that a test sees the state
// between the request and its first result.
class ProbeWorkspace : public TranslationWorkspace {
public:
    using TranslationWorkspace::TranslationWorkspace;
    void requestText(const QString& text) {
        {
            const QSignalBlocker block(editor());  // no coalesced request of its own
            editor()->setPlainText(text);
        }
        requestNow();
    }
};

void typeAndWait(TranslationWorkspace& w, const QString& text) {
    w.editor()->clear();
    w.editor()->setFocus();
    QTest::keyClicks(w.editor(), text);
    QTRY_VERIFY_WITH_TIMEOUT(w.currentTranslation() && w.currentTranslation()->text == text, 20000);
    QApplication::processEvents();
}

}  // namespace

class TestTranslationWorkspace : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QApplication::setOrganizationName("attnscope-tests");
        QApplication::setApplicationName("tst_translation_workspace");
        QSettings().clear();
    }

    void typingShowsTheCoresCrossAttention() {
        TranslationWorkspace w;
        w.resize(1000, 700);
        w.show();
        loadTiny(w);
        QVERIFY(w.showView("alignment"));
        w.selection()->setLayerHead(1, 2);
        const QString text = "The animal didn't cross the street.";
        typeAndWait(w, text);
        const auto want = expected(text);
        QCOMPARE(w.translationText(), q(want.translation));
        auto* alignment = qobject_cast<AlignmentView*>(w.view("alignment"));
        QVERIFY(alignment);
        const QString problem = compareMatrix(alignment->displayedMatrix(), want.crossAttentions, 1, 2);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QVERIFY(w.errorText().isEmpty());
        // The hard alignment overlay is the argmax of each row (special source tokens skipped).
        const auto& hard = alignment->hardAlignment();
        QCOMPARE(static_cast<int>(hard.size()), want.crossAttentions.queries);
        for (int t = 0; t < want.crossAttentions.queries; ++t) {
            if (want.targetTokens[static_cast<std::size_t>(t)].special) continue;
            int best = -1;
            for (int s = 0; s < want.crossAttentions.keys; ++s) {
                if (want.sourceTokens[static_cast<std::size_t>(s)].special) continue;
                if (best < 0 || want.crossAttentions.at(1, 2, t, s) > want.crossAttentions.at(1, 2, t, best)) best = s;
            }
            QCOMPARE(hard[static_cast<std::size_t>(t)], best);
        }
    }

    void stepThroughShowsRowT() {
        TranslationWorkspace w;
        w.resize(1000, 700);
        w.show();
        loadTiny(w);
        QVERIFY(w.showView("steps"));
        w.selection()->setLayerHead(0, 1);
        const QString text = "A man is standing on a ladder.";
        typeAndWait(w, text);
        const auto want = expected(text);
        auto* steps = qobject_cast<StepThroughView*>(w.view("steps"));
        QVERIFY(steps);
        QCOMPARE(steps->stepCount(), want.crossAttentions.queries);
        for (int t = 0; t < want.crossAttentions.queries; ++t) {
            steps->setStep(t);
            const auto row = steps->currentRow();
            QCOMPARE(static_cast<int>(row.size()), want.crossAttentions.keys);
            for (int s = 0; s < want.crossAttentions.keys; ++s)
                QVERIFY(std::fabs(row[static_cast<std::size_t>(s)] - want.crossAttentions.at(0, 1, t, s)) < 1e-6f);
        }
    }

    // Issue #11: a keystroke does not blank the alignment ("Translating…"): the previous
    // matrix stays, dimmed, until the new request's rows arrive; they then grow row by row.
    void alignmentKeepsThePreviousMatrixUntilRowsArrive() {
        ProbeWorkspace w;
        w.resize(1000, 700);
        w.show();
        loadTiny(w);
        QVERIFY(w.showView("alignment"));
        typeAndWait(w, "A man is standing on a ladder.");
        auto* alignment = qobject_cast<AlignmentView*>(w.view("alignment"));
        const attnscope::FloatMatrix before = alignment->displayedMatrix();
        QVERIFY(before.rows > 0);
        QVERIFY(!alignment->isDimmed());

        const QString next = "Two dogs are playing in the snow.";
        std::vector<int> shownRows;
        QString problem;
        connect(&w, &TranslationWorkspace::partialShown, this, [&](TranslationPtr partial) {
            if (partial->text != next) return;
            const int rows = partial->result.crossAttentions.queries;
            if (alignment->isDimmed()) problem = "dimmed while the new rows are there";
            else if (alignment->displayedMatrix().rows != rows)
                problem = QString("the view shows %1 rows of %2").arg(alignment->displayedMatrix().rows).arg(rows);
            shownRows.push_back(alignment->displayedMatrix().rows);
        });
        w.requestText(next);
        // Sent, nothing back yet: the old matrix, dimmed.
        QVERIFY(alignment->isDimmed());
        QCOMPARE(alignment->displayedMatrix().rows, before.rows);
        QVERIFY(alignment->displayedMatrix().values == before.values);
        QTRY_VERIFY_WITH_TIMEOUT(w.currentTranslation() && w.currentTranslation()->text == next, 20000);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QVERIFY(shownRows.size() >= 2);
        for (std::size_t i = 0; i < shownRows.size(); ++i)
            QCOMPARE(shownRows[i], static_cast<int>(i) + 1);  // greedy: one more row per step
        QVERIFY(!alignment->isDimmed());
        QCOMPARE(alignment->displayedMatrix().rows, expected(next).crossAttentions.queries);
    }

    // Issue #11: after "The text is empty" (beam 4), typing again takes the message and the
    // stale status line away at once, before the first result.
    void typingAfterAnEmptyTextLeavesTheError() {
        ProbeWorkspace w;
        w.resize(1000, 700);
        w.show();
        loadTiny(w);
        w.setBeams(4);
        typeAndWait(w, "A cat sleeps.");
        QVERIFY2(w.statusText().contains("beam 4"), qPrintable(w.statusText()));
        QSignalSpy error(&w, &TranslationWorkspace::errorShown);
        w.setText(QString());
        QVERIFY(error.wait(20000));
        QVERIFY(w.errorText().contains("empty"));
        QVERIFY2(!w.statusText().contains("beam 4"), qPrintable(w.statusText()));  // not the old timing
        w.requestText("A dog");
        QVERIFY2(w.errorText().isEmpty(), qPrintable(w.errorText()));
        QVERIFY2(!w.statusText().contains("beam 4"), qPrintable(w.statusText()));
        QTRY_VERIFY_WITH_TIMEOUT(w.currentTranslation() && w.currentTranslation()->text == "A dog", 20000);
        QVERIFY(w.errorText().isEmpty());
        QVERIFY(w.statusText().contains("beam 4"));
    }

    // Issue #11: the step-through opens on step 1 of a new translation, not on </s>.
    void stepThroughOpensOnTheFirstStep() {
        TranslationWorkspace w;
        w.resize(1000, 700);
        w.show();
        loadTiny(w);
        QVERIFY(w.showView("steps"));
        auto* steps = qobject_cast<StepThroughView*>(w.view("steps"));
        typeAndWait(w, "A man is standing on a ladder.");
        QVERIFY(steps->stepCount() > 2);
        QCOMPARE(steps->step(), 0);
        QVERIFY2(steps->stepText().startsWith("Step 1/"), qPrintable(steps->stepText()));
        steps->setStep(2);
        w.setAttentionKind(AttentionKind::Encoder);  // the same translation fed again: the step stays
        QCOMPARE(steps->step(), 2);
        typeAndWait(w, "Two dogs are playing in the snow.");
        QCOMPARE(steps->step(), 0);
    }

    // Issue #11: the views' tab bar stays where it is when the translation grows from one line
    // to several while the user types.
    void tabBarStaysPutWhenTheTranslationWraps() {
        TranslationWorkspace w;
        w.resize(1024, 768);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        loadBuiltIn(w);
        QVERIFY(w.showView("alignment"));
        auto* tabs = w.findChild<QTabWidget*>();
        QVERIFY(tabs);
        typeAndWait(w, "A dog runs.");
        QTest::qWait(50);
        const int y = tabs->tabBar()->mapTo(&w, QPoint(0, 0)).y();
        const QString longText = "A man in a blue shirt and a woman in a red dress are standing on a ladder next to a "
                                 "white house while two children play with a brown dog in the green garden.";
        typeAndWait(w, longText);
        QTest::qWait(50);
        QFont big = w.font();
        big.setPointSizeF(big.pointSizeF() * 1.35);
        QVERIFY2(QFontMetrics(big).horizontalAdvance(w.translationText()) > w.width(),
                 qPrintable(w.translationText()));  // it does wrap
        QCOMPARE(tabs->tabBar()->mapTo(&w, QPoint(0, 0)).y(), y);
    }

    // Issue #11: lesson sentences for translation, from presets.json, one click away.
    void presetPickerSetsTheText() {
        TranslationWorkspace w;
        const QVector<Preset> presets = translationPresets();
        QVERIFY(presets.size() >= 4);
        QComboBox* picker = w.presetPicker();
        QVERIFY(picker);
        QCOMPARE(picker->count(), presets.size() + 1);
        bool seedLesson = false;
        for (int i = 0; i < presets.size(); ++i) {
            QCOMPARE(picker->itemText(i + 1), presets[i].name);
            seedLesson = seedLesson || presets[i].text == defaultEncoderText();
        }
        QVERIFY(seedLesson);  // the lesson's "The animal didn't cross the street..."
        Q_EMIT picker->activated(2);
        QCOMPARE(w.editor()->toPlainText(), presets[1].text);
        QCOMPARE(picker->currentIndex(), 0);
    }

    // Issue #11: the built-in caption model warns when a sentence is outside its domain, and
    // only then.
    void outOfDomainTranslationIsFlagged() {
        TranslationWorkspace w;
        w.resize(1024, 768);
        w.show();
        loadBuiltIn(w);
        typeAndWait(w, "Two dogs are running on the beach.");
        QVERIFY2(w.qualityWarning().isEmpty(), qPrintable(w.qualityWarning()));
        typeAndWait(w, "The agreement on the European Economic Area was signed in August 1992.");
        QVERIFY2(!w.qualityWarning().isEmpty(), qPrintable(w.translationText()));
        QVERIFY(w.qualityWarning().contains("opus-mt-en-de"));
        typeAndWait(w, "A little girl is climbing a tree.");
        QVERIFY2(w.qualityWarning().isEmpty(), qPrintable(w.translationText()));
    }

    void translationStreamsTokenByToken() {
        TranslationWorkspace w;
        w.show();
        loadTiny(w);
        QSignalSpy partials(&w, &TranslationWorkspace::partialShown);
        QSignalSpy done(&w, &TranslationWorkspace::translationShown);
        w.setText("Two dogs are playing in the snow.");
        QVERIFY(done.wait(20000));
        QVERIFY(partials.count() >= 1);
        std::size_t previous = 0;
        for (const auto& args : partials) {
            const auto partial = args.at(0).value<TranslationPtr>();
            QVERIFY(!partial->complete);
            QVERIFY(partial->result.targetTokens.size() > previous);  // one more token each time
            previous = partial->result.targetTokens.size();
            QCOMPARE(partial->result.crossAttentions.queries, static_cast<int>(previous));
        }
        QVERIFY(previous <= w.currentTranslation()->result.targetTokens.size());
    }

    void fastTypingEndsConsistent() {
        TranslationWorkspace w;
        w.show();
        loadTiny(w);
        QVERIFY(w.showView("alignment"));
        w.editor()->clear();
        w.editor()->setFocus();
        const QString text = "A little girl climbs into a wooden playhouse, then waves at her father.";
        for (const QChar c : text) QTest::keyClick(w.editor(), c.toLatin1());  // no pauses
        QTRY_VERIFY_WITH_TIMEOUT(w.currentTranslation() && w.currentTranslation()->text == text, 30000);
        QTest::qWait(100);  // nothing older may arrive afterwards
        QCOMPARE(w.currentTranslation()->text, text);
        const auto want = expected(text);
        QCOMPARE(w.translationText(), q(want.translation));
        w.selection()->setLayerHead(0, 0);
        QApplication::processEvents();
        auto* alignment = qobject_cast<AlignmentView*>(w.view("alignment"));
        const QString problem = compareMatrix(alignment->displayedMatrix(), want.crossAttentions, 0, 0);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void beamSearchFillsTheBeamView() {
        TranslationWorkspace w;
        w.show();
        loadTiny(w);
        QVERIFY(w.showView("beams"));
        w.setBeams(3);
        QSignalSpy partials(&w, &TranslationWorkspace::partialShown);
        const QString text = "The street is full of people.";
        typeAndWait(w, text);
        // While the search runs: the best beam so far, its tokens and their rows, and the tree.
        int checked = 0;
        for (const auto& args : partials) {
            const auto partial = args.at(0).value<TranslationPtr>();
            if (partial->text != text) continue;
            QCOMPARE(partial->result.crossAttentions.queries, static_cast<int>(partial->result.targetTokens.size()));
            QCOMPARE(partial->result.targetTokens.size(), partial->result.beamSteps.size());
            ++checked;
        }
        QVERIFY(checked > 0);
        const auto want = expected(text, 3);
        const auto& got = w.currentTranslation()->result;
        QCOMPARE(w.currentTranslation()->beams, 3);
        QCOMPARE(got.nbest.size(), want.nbest.size());
        QCOMPARE(got.nbest.front().ids, want.nbest.front().ids);
        auto* beams = qobject_cast<BeamView*>(w.view("beams"));
        QCOMPARE(beams->hypothesisCount(), static_cast<int>(want.nbest.size()));
        int nodes = 0;
        for (const auto& s : want.beamSteps) nodes += static_cast<int>(s.beams.size() + s.finished.size());
        QVERIFY(beams->nodeCount() >= nodes);
    }

    void attentionSwitchFeedsTheHeatmap() {
        TranslationWorkspace w;
        w.resize(1000, 700);
        w.show();
        loadTiny(w);
        QVERIFY(w.showView("heatmap"));
        w.selection()->setLayerHead(1, 0);
        const QString text = "People walk by.";
        typeAndWait(w, text);
        const auto want = expected(text);
        auto* heatmap = qobject_cast<HeatmapView*>(w.view("heatmap"));
        QString problem = compareMatrix(heatmap->displayedMatrix(), want.crossAttentions, 1, 0);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        w.setAttentionKind(AttentionKind::Encoder);
        problem = compareMatrix(heatmap->displayedMatrix(), want.encoderAttentions, 1, 0);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        w.setAttentionKind(AttentionKind::Decoder);
        problem = compareMatrix(heatmap->displayedMatrix(), want.decoderAttentions, 1, 0);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void exportsWriteFiles() {
        TranslationWorkspace w;
        w.resize(900, 600);
        w.show();
        loadTiny(w);
        QVERIFY(w.showView("alignment"));
        typeAndWait(w, "A dog runs.");
        QTemporaryDir dir;
        for (const QString format : {"png", "svg", "json", "npy"}) {
            const QString path = dir.filePath("out." + format);
            const QString error = w.exportTo(format, path);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            QVERIFY2(QFileInfo(path).size() > 100, qPrintable(format));
        }
        const auto json = readJson(dir.filePath("out.json").toStdString());
        QCOMPARE(q(json["schema"].get<std::string>()), QString("attnscope.translate/1"));
        QCOMPARE(q(json["translation"].get<std::string>()), q(expected("A dog runs.").translation));
        QFile npy(dir.filePath("out.npy"));
        QVERIFY(npy.open(QIODevice::ReadOnly));
        const auto& a = w.currentTranslation()->result.crossAttentions;
        QVERIFY(npy.readAll().contains(
            QString("'shape': (%1, %2, %3, %4)").arg(a.layers).arg(a.heads).arg(a.queries).arg(a.keys).toLatin1()));
    }

    void corruptModelShowsAnErrorAndTheOldModelStays() {
        TranslationWorkspace w;
        w.show();
        loadTiny(w);
        typeAndWait(w, "A cat sleeps.");
        QTemporaryDir dir;
        copyFolder(dataPath("tiny_marian_tok"), dir.path().toStdString());
        QFile f(dir.filePath("model.safetensors"));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("not a safetensors file");
        f.close();
        QSignalSpy error(&w, &TranslationWorkspace::errorShown);
        w.loadModel(dir.path());
        QVERIFY(error.wait(20000));
        QVERIFY(w.errorText().contains("could not be opened"));
        QVERIFY(w.errorText().contains("model.safetensors"));
        QCOMPARE(w.modelInfo().dir, kTiny);
        typeAndWait(w, "A cat sleeps on a sofa.");  // the previous model still translates
        QVERIFY(w.errorText().isEmpty());
        // Empty text: a message in place of the views, no crash.
        QSignalSpy empty(&w, &TranslationWorkspace::errorShown);
        w.setText("   ");
        QVERIFY(empty.wait(20000));
        QVERIFY(w.errorText().contains("empty"));
    }

    // With no remembered model, the workspace opens the built-in en->de model, which translates.
    void builtInModelIsTheDefault() {
        QSettings().remove("translation/model");
        TranslationWorkspace w;
        w.show();
        QSignalSpy ready(&w, &TranslationWorkspace::modelReady);
        w.ensureModel();
        QVERIFY(ready.wait(30000));
        QCOMPARE(QFileInfo(w.modelInfo().dir).canonicalFilePath(),
                 QFileInfo(TranslationWorkspace::builtInModelDir()).canonicalFilePath());
        QCOMPARE(w.modelInfo().vocabSize, 8000);
        typeAndWait(w, "A dog runs on the beach.");
        QVERIFY2(w.translationText().contains("Hund"), qPrintable(w.translationText()));
        w.ensureModel();  // a loaded model stays
        QVERIFY(!w.isLoading());
    }

    void mainWindowSwitchesToTheTranslationWorkspace() {
        MainWindow m;
        m.show();
        QVERIFY(!m.translationActive());
        QVERIFY(m.showView("alignment"));
        QVERIFY(m.translationActive());
        QVERIFY(m.viewNames().contains("beams"));
        QVERIFY(m.showWorkspace("encoder"));
        QVERIFY(!m.translationActive());
    }
};

QTEST_MAIN(TestTranslationWorkspace)
#include "tst_translation_workspace.moc"
