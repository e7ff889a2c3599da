// Translation-workspace benchmark (offscreen): for a 12-word sentence with the built-in
// en->de model, the latency from the keystroke that completes the sentence to (a) the first
// target token shown (streamed partial) and (b) the complete translation shown with every
// view updated; median and p95 over runs, greedy and beam 4. Also the longest stall of the GUI
// thread while translations run.
// usage: bench_translate_app [MODEL_DIR=models/attnscope-en-de] [runs=30]
#include "translation_workspace.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QPlainTextEdit>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <cstdio>

namespace {

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5))];
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName("attnscope-bench");
    const QString model = argc > 1 ? argv[1] : TranslationWorkspace::builtInModelDir();
    const int runs = argc > 2 ? std::atoi(argv[2]) : 30;
    TranslationWorkspace w;
    w.resize(1280, 800);
    w.show();
    {
        QEventLoop loop;
        QObject::connect(&w, &TranslationWorkspace::modelReady, &loop, &QEventLoop::quit);
        QObject::connect(&w, &TranslationWorkspace::errorShown, &loop, [&] {
            std::fprintf(stderr, "error: %s\n", qPrintable(w.errorText()));
            std::exit(1);
        });
        w.loadModel(model);
        loop.exec();
    }
    w.showView("alignment");
    // 12 words; the final keystroke ("." ) is what is timed.
    const QString sentence = "A woman in a red coat walks her dog in the park";
    std::printf("model %s, %s, 12-word sentence, %d runs per mode, offscreen\n", qPrintable(w.modelInfo().name),
                qPrintable(w.modelInfo().device), runs);

    // GUI-thread stall: a 1 ms timer measures the gaps between its ticks.
    QElapsedTimer stallClock;
    double longestGap = 0.0;
    qint64 lastTick = 0;
    QTimer ticker;
    ticker.setInterval(1);
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        const qint64 now = stallClock.nsecsElapsed();
        if (lastTick > 0) longestGap = std::max(longestGap, (now - lastTick) / 1e6);
        lastTick = now;
    });

    for (int beams : {1, 4}) {
        w.setBeams(beams);
        std::vector<double> first, complete;
        for (int run = -2; run < runs; ++run) {  // two warm-up runs
            // The sentence without its final full stop; wait until its translation is shown, so nothing older
            // is in flight when the timed keystroke comes.
            const QString before = sentence;
            {
                QEventLoop settle;
                auto c = QObject::connect(&w, &TranslationWorkspace::translationShown, [&](TranslationPtr t) {
                    if (t->text == before) settle.quit();
                });
                w.editor()->setPlainText(before);
                settle.exec();
                QObject::disconnect(c);
            }
            const QString target = before + ".";
            QElapsedTimer clock;
            double firstMs = -1, completeMs = -1;
            QMetaObject::Connection a =
                QObject::connect(&w, &TranslationWorkspace::partialShown, [&](TranslationPtr t) {
                    if (firstMs < 0 && t->text == target) firstMs = clock.nsecsElapsed() / 1e6;
                });
            QEventLoop loop;
            QMetaObject::Connection b =
                QObject::connect(&w, &TranslationWorkspace::translationShown, [&](TranslationPtr t) {
                    if (t->text != target) return;
                    QApplication::processEvents();  // let the current view paint
                    completeMs = clock.nsecsElapsed() / 1e6;
                    loop.quit();
                });
            w.editor()->moveCursor(QTextCursor::End);
            if (run >= 0 && beams == 1) {
                lastTick = 0;
                stallClock.start();
                ticker.start();
            }
            clock.start();
            QTest::keyClick(w.editor(), '.');
            loop.exec();
            ticker.stop();
            QObject::disconnect(a);
            QObject::disconnect(b);
            if (run < 0) continue;
            first.push_back(firstMs < 0 ? completeMs : firstMs);
            complete.push_back(completeMs);
        }
        std::printf("%-7s keystroke -> first target token  median %7.1f ms  p95 %7.1f ms\n",
                    beams == 1 ? "greedy" : "beam 4", percentile(first, 0.5), percentile(first, 0.95));
        std::printf("%-7s keystroke -> complete translation median %7.1f ms  p95 %7.1f ms   (%s)\n",
                    beams == 1 ? "greedy" : "beam 4", percentile(complete, 0.5), percentile(complete, 0.95),
                    qPrintable(w.translationText()));
    }
    std::printf("longest GUI-thread stall while translating (greedy, 1 ms timer): %.1f ms\n", longestGap);
    return 0;
}
