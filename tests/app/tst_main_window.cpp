// GUI tests of the main window on the tiny test model: typing re-runs the model and the
// heatmap ends up holding exactly the core's attention for the final text (also after 300
// keystrokes without pauses); "mask this word"; exports; a corrupt model folder shows a
// message in place of the view and the app keeps working.
#include "attnscope/bert_encoder.h"
#include "encoder_workspace.h"
#include "heatmap_view.h"
#include "main_window.h"
#include "presets.h"
#include "test_support.h"
#include "translation_workspace.h"
#include "view_export.h"

#include <QApplication>
#include <QFile>
#include <QImage>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <set>

using namespace testsupport;

namespace {

const QString kTiny = q(dataPath("tiny_bert"));

// The heatmap's matrix must equal the core's attention (layer 0, head 0) for text.
QString compareHeatmapWithCore(MainWindow& w, const QString& text) {
    static auto encoder = attnscope::BertEncoder::load(dataPath("tiny_bert"), {});
    const auto expected = encoder->encode(text.toStdString());
    auto* heatmap = qobject_cast<HeatmapView*>(w.view("heatmap"));
    const auto& m = heatmap->displayedMatrix();
    const int T = expected.attentions.queries;
    if (m.rows != T || m.cols != T) return QString("heatmap is %1x%2, core says %3x%3").arg(m.rows).arg(m.cols).arg(T);
    const float* e = expected.attentions.matrix(0, 0);
    for (int i = 0; i < T * T; ++i)
        if (std::fabs(m.values[static_cast<std::size_t>(i)] - e[i]) > 1e-6f) return QString("cell %1 differs").arg(i);
    return {};
}

}  // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QApplication::setOrganizationName("attnscope-tests");
        QApplication::setApplicationName("tst_main_window");
        QSettings().clear();
    }

    void typingUpdatesTheHeatmap() {
        MainWindow w;
        w.show();
        QSignalSpy ready(&w, &MainWindow::modelReady);
        w.loadModel(kTiny);
        QVERIFY(ready.wait(20000));
        QVERIFY(w.showView("heatmap"));
        w.editor()->clear();
        w.editor()->setFocus();
        const QString text = "the cat sat on the mat.";
        QTest::keyClicks(w.editor(), text);
        QTRY_VERIFY_WITH_TIMEOUT(w.currentAnalysis() && w.currentAnalysis()->text == text, 20000);
        QApplication::processEvents();
        const QString problem = compareHeatmapWithCore(w, text);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QVERIFY(w.errorText().isEmpty());
    }

    void fastTypingEndsOnTheFinalText() {
        MainWindow w;
        w.show();
        QSignalSpy ready(&w, &MainWindow::modelReady);
        w.loadModel(kTiny);
        QVERIFY(ready.wait(20000));
        w.showView("heatmap");
        w.editor()->clear();
        QString text;
        const QStringList words = {"the", "cat", "sat", "on", "mat", "dog", "road", "and", "a", "park"};
        for (int i = 0; text.size() < 300; ++i) text += words[(i * 7) % words.size()] + ' ';
        text.truncate(300);
        QTest::keyClicks(w.editor(), text);  // 300 keystrokes, no pauses
        QTRY_VERIFY_WITH_TIMEOUT(w.currentAnalysis() && w.currentAnalysis()->text == text, 30000);
        QApplication::processEvents();
        const QString problem = compareHeatmapWithCore(w, text);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void maskThisWordEditsTheText() {
        MainWindow w;
        QSignalSpy ready(&w, &MainWindow::modelReady);
        w.loadModel(kTiny);
        QVERIFY(ready.wait(20000));
        w.setText("the cat sat on the mat.");
        QTRY_VERIFY_WITH_TIMEOUT(w.currentAnalysis() && w.currentAnalysis()->text == "the cat sat on the mat.", 20000);
        Q_EMIT w.view("heatmap")->maskTokenRequested(2);  // "cat"
        QCOMPARE(w.editor()->toPlainText(), QString("the [MASK] sat on the mat."));
        QTRY_VERIFY_WITH_TIMEOUT(w.currentAnalysis() && w.currentAnalysis()->text.contains("[MASK]"), 20000);
        QCOMPARE(w.currentView()->viewName(), QString("masked"));
        QCOMPARE(w.currentAnalysis()->result.maskPredictions.size(), std::size_t(1));
    }

    void exportsPngAndSvg() {
        MainWindow w;
        w.resize(1000, 700);
        w.show();
        QSignalSpy ready(&w, &MainWindow::modelReady);
        w.loadModel(kTiny);
        QVERIFY(ready.wait(20000));
        w.showView("heatmap");
        w.setText("the cat sat on the mat.");
        QTRY_VERIFY_WITH_TIMEOUT(w.currentAnalysis() && w.currentAnalysis()->text == "the cat sat on the mat.", 20000);
        QApplication::processEvents();
        QTemporaryDir dir;
        auto* view = w.view("heatmap");
        const QString png = dir.filePath("v.png"), svg = dir.filePath("v.svg"), npy = dir.filePath("a.npy");
        QVERIFY(view_export::toPng(view, png, 2.0));
        QImage image(png);
        QCOMPARE(image.size(), view->size() * 2);
        std::set<QRgb> colours;
        for (int y = 0; y < image.height(); y += 7)
            for (int x = 0; x < image.width(); x += 7) colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() > 20, "PNG looks blank");
        QVERIFY(view_export::toSvg(view, svg, "heatmap"));
        QFile f(svg);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray content = f.readAll();
        QVERIFY(content.size() > 2000);
        QVERIFY(content.contains("<svg"));
        QVERIFY(content.contains("mat"));  // token labels are drawn as text
        QVERIFY(view_export::attentionToNpy(w.currentAnalysis()->result.attentions, npy));
        QFile n(npy);
        QVERIFY(n.open(QIODevice::ReadOnly));
        const QByteArray bytes = n.readAll();
        QVERIFY(bytes.startsWith("\x93NUMPY"));
        QVERIFY(bytes.contains("'shape': (2, 4, 9, 9)"));
        const int headerLength = 10 + (uchar(bytes[8]) | (uchar(bytes[9]) << 8));
        QCOMPARE(headerLength % 64, 0);
        QCOMPARE(bytes.size() - headerLength, 2 * 4 * 9 * 9 * 4);
    }

    void corruptModelShowsMessageAndAppKeepsWorking() {
        MainWindow w;
        w.show();
        QSignalSpy ready(&w, &MainWindow::modelReady);
        w.loadModel(kTiny);
        QVERIFY(ready.wait(20000));
        w.setText("the cat sat.");
        QTRY_VERIFY_WITH_TIMEOUT(w.currentAnalysis() && w.currentAnalysis()->text == "the cat sat.", 20000);

        QTemporaryDir dir;
        copyFolder(dataPath("tiny_bert"), dir.path().toStdString());
        writeText(dir.filePath("model.safetensors").toStdString(), "not a safetensors file at all");
        QSignalSpy errors(&w, &MainWindow::errorShown);
        w.loadModel(dir.path());
        QVERIFY(errors.wait(20000));
        QVERIFY2(w.errorText().contains("model.safetensors"), qPrintable(w.errorText()));
        QVERIFY(w.errorText().contains("Still using tiny_bert"));

        w.setText("the dog sat.");  // the previous model still answers
        QTRY_VERIFY_WITH_TIMEOUT(w.currentAnalysis() && w.currentAnalysis()->text == "the dog sat.", 20000);
        QVERIFY(w.errorText().isEmpty());
    }

    void shortcutsStepLayerAndHead() {
        MainWindow w;
        w.show();
        QSignalSpy ready(&w, &MainWindow::modelReady);
        w.loadModel(kTiny);
        QVERIFY(ready.wait(20000));
        QVERIFY(QTest::qWaitForWindowActive(&w));
        w.selection()->setLayerHead(0, 0);
        QTest::keyClick(&w, Qt::Key_Down, Qt::AltModifier);
        QTest::keyClick(&w, Qt::Key_Right, Qt::AltModifier);
        QTest::keyClick(&w, Qt::Key_Right, Qt::AltModifier);
        QCOMPARE(w.selection()->layer(), 1);
        QCOMPARE(w.selection()->head(), 2);
        QTest::keyClick(&w, Qt::Key_Down, Qt::AltModifier);  // the tiny model has 2 layers: stays at 1
        QCOMPARE(w.selection()->layer(), 1);
    }

    // A view's minimum size (the head view of a long paragraph needs thousands of pixels) must
    // scroll inside its tab, never grow the window past the screen.
    void longTextNeverGrowsTheWindow() {
        MainWindow w;
        w.resize(1024, 768);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy ready(&w, &MainWindow::modelReady);
        // The real MiniLM (512 positions; the tiny model cuts the paragraph at 64 tokens).
        w.loadModel(QStringLiteral(ATTNSCOPE_MODELS_DIR "/all-MiniLM-L6-v2"));
        QVERIFY(ready.wait(60000));
        QString paragraph;
        for (const auto& p : teachingPresets())
            if (p.name.startsWith("Long")) paragraph = p.text;
        QVERIFY(paragraph.size() > 400);
        w.setText(paragraph);
        QTRY_VERIFY_WITH_TIMEOUT(w.currentAnalysis() && w.currentAnalysis()->text == paragraph, 20000);
        for (const QString& name : w.encoderWorkspace()->viewNames()) {
            QVERIFY(w.encoderWorkspace()->showView(name));
            QApplication::processEvents();
            QVERIFY2(w.minimumSizeHint().height() <= 768,
                     qPrintable(QString("%1 asks for %2 px").arg(name).arg(w.minimumSizeHint().height())));
            QVERIFY2(w.minimumSizeHint().width() <= 1024, qPrintable(name));
            QCOMPARE(w.size(), QSize(1024, 768));
        }
        w.showView("head");
        QTRY_VERIFY2(w.currentView()->height() > w.currentView()->parentWidget()->height() + 100,
                     qPrintable(QString("the head view (%1 px, asks for %2) scrolls inside its tab (%3 px)")
                                    .arg(w.currentView()->height())
                                    .arg(w.currentView()->minimumSizeHint().height())
                                    .arg(w.currentView()->parentWidget()->height())));
    }

    // The encoder's picker lists only encoders; a translation model chosen for the encoder is
    // refused with a message naming the right tab, and the loading state ends.
    void encoderOffersAndOpensOnlyEncoders() {
        const QString marian = q(dataPath("tiny_marian"));
        QSettings().setValue("recent", QStringList{marian, kTiny});
        MainWindow w;
        for (const QString& dir : w.encoderWorkspace()->modelChoices())
            QVERIFY2(w.encoderWorkspace()->whyCannotOpen(dir).isEmpty(), qPrintable(dir));
        QVERIFY(!w.encoderWorkspace()->modelChoices().contains(marian));
        QVERIFY(w.encoderWorkspace()->modelChoices().contains(kTiny));
        QVERIFY(w.translationWorkspace()->whyCannotOpen(marian).isEmpty());
        QSettings().remove("recent");

        QSignalSpy ready(&w, &MainWindow::modelReady);
        w.loadModel(kTiny);
        QVERIFY(ready.wait(20000));
        QSignalSpy errors(w.encoderWorkspace(), &Workspace::errorShown);
        w.encoderWorkspace()->loadModel(marian);
        QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty(), 20000);
        QVERIFY2(w.errorText().contains("Translation"), qPrintable(w.errorText()));
        QVERIFY(!w.isLoading());
        QVERIFY2(!w.encoderWorkspace()->statusText().contains("Loading"),
                 qPrintable(w.encoderWorkspace()->statusText()));
        QCOMPARE(w.modelInfo().name, QString("tiny_bert"));

        // Through the window (drop, --model) the folder goes to the workspace that opens it.
        QCOMPARE(w.loadModel(marian), static_cast<Workspace*>(w.translationWorkspace()));
    }

    // A folder that fails in the worker (here: a corrupt checkpoint) also ends "Loading…".
    void failedLoadEndsTheLoadingState() {
        QTemporaryDir dir;
        copyFolder(dataPath("tiny_bert"), dir.path().toStdString());
        writeText(dir.filePath("model.safetensors").toStdString(), "broken");
        MainWindow w;
        QSignalSpy errors(w.encoderWorkspace(), &Workspace::errorShown);
        w.encoderWorkspace()->loadModel(dir.path());
        QVERIFY(errors.wait(20000));
        QVERIFY(!w.isLoading());
        QVERIFY2(!w.encoderWorkspace()->statusText().contains("Loading"),
                 qPrintable(w.encoderWorkspace()->statusText()));
    }

    void settingsPersist() {
        {
            MainWindow w;
            QSignalSpy ready(&w, &MainWindow::modelReady);
            w.loadModel(kTiny);
            QVERIFY(ready.wait(20000));
            w.setText("the dog and the cat.");
            w.showView("stats");
            w.close();  // saves settings
        }
        MainWindow again;
        QCOMPARE(again.editor()->toPlainText(), QString("the dog and the cat."));
        QCOMPARE(again.currentView()->viewName(), QString("stats"));
        QCOMPARE(QSettings().value("model").toString(), kTiny);
    }

    void emptyTextShowsAMessage() {
        MainWindow w;
        QSignalSpy ready(&w, &MainWindow::modelReady);
        w.loadModel(kTiny);
        QVERIFY(ready.wait(20000));
        QSignalSpy errors(&w, &MainWindow::errorShown);
        w.setText("the cat.");
        QTRY_VERIFY_WITH_TIMEOUT(w.currentAnalysis() && w.currentAnalysis()->text == "the cat.", 20000);
        w.setText("");
        QVERIFY(errors.wait(20000));
        QVERIFY2(w.errorText().contains("empty"), qPrintable(w.errorText()));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
