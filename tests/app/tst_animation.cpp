// Animated GIF and PNG-sequence export (File › Export › Animation…): a GIF written by giflib
// reads back with its frame count, delays and loop; a cancelled or failed export leaves nothing
// behind and an existing file untouched. On real (tiny) models, the translation's GIF has one
// frame per decoding step and frame t shows step t (it matches the view drawn at step t and not
// its neighbours); the heatmap sweep has one frame per layer; the screen is restored afterwards.
#include "animation_export.h"
#include "attention_view.h"
#include "main_window.h"
#include "step_through_view.h"
#include "test_support.h"
#include "encoder_workspace.h"
#include "translation_workspace.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

using namespace testsupport;

namespace {

QImage solid(QRgb colour, int w = 40, int h = 30) {
    QImage image(w, h, QImage::Format_RGB32);
    image.fill(colour);
    return image;
}

// Frame t matches the expected picture t better than any other frame does.
void checkFramesShowTheirStep(const animation::Decoded& gif, const std::vector<QImage>& expected) {
    QCOMPARE(gif.frames.size(), expected.size());
    for (std::size_t t = 0; t < expected.size(); ++t) {
        const double own = animation::meanDifference(gif.frames[t], expected[t]);
        QVERIFY2(own < 4.0, qPrintable(QString("frame %1 differs from its step by %2").arg(t).arg(own)));
        for (std::size_t u = 0; u < expected.size(); ++u)
            if (u != t && animation::meanDifference(expected[u], expected[t]) > 0.0)
                QVERIFY2(animation::meanDifference(gif.frames[t], expected[u]) > own,
                         qPrintable(QString("frame %1 looks more like step %2").arg(t).arg(u)));
    }
}

}  // namespace

class TestAnimation : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QApplication::setOrganizationName("attnscope-tests");
        QApplication::setApplicationName("tst_animation");
        QSettings().clear();
        QSettings().setValue("view", 0);
    }

    void gifRoundTrip() {
        QTemporaryDir dir;
        const QString path = dir.filePath("colours.gif");
        const std::vector<QRgb> colours = {qRgb(255, 0, 0), qRgb(0, 128, 255), qRgb(20, 200, 40)};
        QCOMPARE(animation::writeGif(path, 3, [&](int i) { return solid(colours[std::size_t(i)]); }, 750), QString());
        const animation::Decoded gif = animation::readGif(path);
        QCOMPARE(gif.error, QString());
        QCOMPARE(gif.frames.size(), std::size_t(3));
        QVERIFY(gif.loops);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(gif.frames[std::size_t(i)].size(), QSize(40, 30));
            QCOMPARE(gif.frames[std::size_t(i)].pixel(5, 5), colours[std::size_t(i)]);
            QCOMPARE(gif.delaysMs[std::size_t(i)], 750);
        }
        QVERIFY(!QFile::exists(path + ".part"));
        QCOMPARE(QFile(path).permissions() & QFileDevice::ReadOther, QFileDevice::ReadOther);  // not private
        // A 16,384-colour gradient in 256 colours (no dithering: flat cells stay flat) comes back close.
        QImage ramp(256, 64, QImage::Format_RGB32);
        for (int x = 0; x < 256; ++x)
            for (int y = 0; y < 64; ++y) ramp.setPixel(x, y, qRgb(x, 255 - x, y * 4));
        QCOMPARE(animation::writeGif(path, 1, [&](int) { return ramp; }, 100), QString());
        const double rampError = animation::meanDifference(animation::readGif(path).frames.at(0), ramp);
        QVERIFY2(rampError < 8.0, qPrintable(QString::number(rampError)));
    }

    void cancelAndFailuresLeaveNothing() {
        QTemporaryDir dir;
        const QString path = dir.filePath("keep.gif");
        QCOMPARE(animation::writeGif(path, 1, [](int) { return solid(qRgb(1, 2, 3)); }, 100), QString());
        const QByteArray before = [&] { QFile f(path); f.open(QIODevice::ReadOnly); return f.readAll(); }();
        const QString cancelled = animation::writeGif(
            path, 5, [](int) { return solid(qRgb(9, 9, 9)); }, 100, [](int done, int) { return done < 2; });
        QCOMPARE(cancelled, QString("cancelled"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), before);  // the old file stays as it was
        QVERIFY(!QFile::exists(path + ".part"));
        QVERIFY(animation::writeGif(dir.filePath("no/such/dir/x.gif"), 1, [](int) { return solid(0); }, 100)
                    .contains("Cannot write"));
        QVERIFY(animation::writeGif(path, 0, [](int) { return solid(0); }, 100).contains("nothing to animate"));
        QVERIFY(!animation::readGif(dir.filePath("missing.gif")).error.isEmpty());
        QFile bad(dir.filePath("bad.gif"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("GIF89a not really");
        bad.close();
        QVERIFY(!animation::readGif(bad.fileName()).error.isEmpty());

        // PNG frames: numbered beside the name; a cancel removes those written.
        QStringList files;
        QCOMPARE(animation::writePngSequence(dir.filePath("sweep.png"), 3, [](int i) { return solid(qRgb(i * 80, 0, 0)); },
                                             {}, &files),
                 QString());
        QCOMPARE(files, QStringList({dir.filePath("sweep-001.png"), dir.filePath("sweep-002.png"),
                                     dir.filePath("sweep-003.png")}));
        QCOMPARE(QImage(files[1]).pixel(1, 1), qRgb(80, 0, 0));
        QCOMPARE(animation::writePngSequence(dir.filePath("gone.png"), 4, [](int) { return solid(0); },
                                             [](int done, int) { return done < 2; }),
                 QString("cancelled"));
        QVERIFY(!QFile::exists(dir.filePath("gone-001.png")));
    }

    // The translation, step by step: one frame per target token, frame t = step t.
    void translationSteps() {
        QTemporaryDir dir;
        MainWindow w;
        w.resize(1024, 768);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto* tr = w.translationWorkspace();
        tr->loadModel(q(dataPath("tiny_marian_tok")));
        QTRY_COMPARE_WITH_TIMEOUT(tr->modelInfo().dir, q(dataPath("tiny_marian_tok")), 30000);
        w.showWorkspace("translation");
        tr->setText("Two dogs are running on the beach.");
        QVERIFY(tr->showView("alignment"));
        QTRY_VERIFY_WITH_TIMEOUT(tr->hasResult() && tr->isCurrentViewReady(), 30000);
        const int steps = w.animationFrameCount(MainWindow::AnimationKind::TranslationSteps);
        QVERIFY2(steps >= 3, qPrintable(QString::number(steps)));
        const QSize size(480, 320);
        const QString path = dir.filePath("steps.gif");
        int calls = 0;
        QCOMPARE(w.exportAnimation(MainWindow::AnimationKind::TranslationSteps, path, size, 500,
                                   [&](int done, int count) {
                                       ++calls;
                                       return done <= count;
                                   }),
                 QString());
        QCOMPARE(calls, steps);
        // The screen is as it was.
        QCOMPARE(w.currentWorkspace(), static_cast<Workspace*>(tr));
        QCOMPARE(tr->currentView()->viewName(), QString("alignment"));
        const animation::Decoded gif = animation::readGif(path);
        QCOMPARE(gif.error, QString());
        QCOMPARE(gif.frames.front().size(), size);
        QCOMPARE(gif.delaysMs.front(), 500);
        std::vector<QImage> expected;
        for (int t = 0; t < steps; ++t) expected.push_back(w.animationFrame(MainWindow::AnimationKind::TranslationSteps, t, size));
        auto* view = qobject_cast<StepThroughView*>(tr->view("steps"));
        QVERIFY(view);
        QCOMPARE(view->step(), steps - 1);  // animationFrame() leaves the view at the step drawn
        checkFramesShowTheirStep(gif, expected);
    }

    // The heatmap, layer by layer, in the encoder workspace.
    void layerSweep() {
        QTemporaryDir dir;
        MainWindow w;
        w.resize(1024, 768);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto* enc = w.encoderWorkspace();
        enc->loadModel(q(dataPath("tiny_bert")));
        QTRY_COMPARE_WITH_TIMEOUT(enc->modelInfo().dir, q(dataPath("tiny_bert")), 30000);
        w.showWorkspace("encoder");
        enc->setText("the cat sat on the mat because it was tired.");
        QVERIFY(enc->showView("links"));
        enc->selection()->setLayerHead(1, 0);
        QTRY_VERIFY_WITH_TIMEOUT(enc->hasResult() && enc->isCurrentViewReady(), 30000);
        const int layers = w.animationFrameCount(MainWindow::AnimationKind::LayerSweep);
        QCOMPARE(layers, enc->modelInfo().layers);
        QVERIFY(layers >= 2);
        const QSize size(400, 400);
        const QString path = dir.filePath("layers.gif");
        QCOMPARE(w.exportAnimation(MainWindow::AnimationKind::LayerSweep, path, size, 1000), QString());
        QCOMPARE(enc->currentView()->viewName(), QString("links"));
        QCOMPARE(enc->selection()->layer(), 1);
        std::vector<QImage> expected;
        for (int l = 0; l < layers; ++l) expected.push_back(w.animationFrame(MainWindow::AnimationKind::LayerSweep, l, size));
        checkFramesShowTheirStep(animation::readGif(path), expected);
        // PNG frames of the same sweep.
        QCOMPARE(w.exportAnimation(MainWindow::AnimationKind::LayerSweep, dir.filePath("sweep.png"), size, 1000), QString());
        QVERIFY(QFile::exists(dir.filePath(QString("sweep-%1.png").arg(layers, 3, 10, QLatin1Char('0')))));
        // Bad sizes and nothing to show are refused.
        QVERIFY(w.exportAnimation(MainWindow::AnimationKind::LayerSweep, path, QSize(4, 4), 100).contains("size"));
        MainWindow empty;
        QVERIFY(empty.exportAnimation(MainWindow::AnimationKind::TranslationSteps, path, size, 100).contains("first"));
    }
};

QTEST_MAIN(TestAnimation)
#include "tst_animation.moc"
