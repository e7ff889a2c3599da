// Teaching aids of the main window: the "About this view" panel has an English and a German
// text for every view of every workspace, each with the caveat; F1 toggles it; it follows the
// current workspace and view and the chosen language. Presentation mode scales every font.
// Lesson files round-trip one screen exactly; bad ones are refused and change nothing.
#include "about_panel.h"
#include "color_scale.h"
#include "attention_view.h"
#include "main_window.h"
#include "test_support.h"
#include "encoder_workspace.h"
#include "translation_workspace.h"

#include <QAction>
#include <QApplication>
#include <QImage>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QSettings>
#include <QPlainTextEdit>
#include <QTextBrowser>
#include <QTextEdit>
#include <QtTest>

using namespace testsupport;

class TestClassroom : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QApplication::setOrganizationName("attnscope-tests");
        QApplication::setApplicationName("tst_classroom");
        QSettings().clear();
        QSettings().setValue("view", 0);
    }

    // Every view has its text in both languages: what it shows, how to read it, one thing to
    // try, and the caveat with its two references.
    void everyViewIsExplainedInBothLanguages() {
        MainWindow w;
        for (const QString workspace : {"encoder", "translation"}) {
            QVERIFY(w.showWorkspace(workspace));
            const QStringList views = w.currentWorkspace()->viewNames();
            QVERIFY(views.size() >= 7);
            for (const QString& view : views) {
                const QString en = AboutPanel::pageHtml("en", workspace, view);
                const QString de = AboutPanel::pageHtml("de", workspace, view);
                const QString where = workspace + "/" + view;
                QVERIFY2(en.contains("What it shows") && en.contains("How to read it") && en.contains("Try this"),
                         qPrintable(where));
                QVERIFY2(de.contains("Was es zeigt") && de.contains("So liest man es") && de.contains("Probiere"),
                         qPrintable(where));
                for (const QString& text : {en, de}) {
                    QVERIFY2(text.contains("Jain &amp; Wallace 2019") && text.contains("Wiegreffe &amp; Pinter 2019"),
                             qPrintable(where));
                    QVERIFY2(text.startsWith("<h2>"), qPrintable(where));
                }
                QVERIFY2(en != de, qPrintable(where));
            }
        }
        QVERIFY(AboutPanel::pageHtml("en", "encoder", "no-such-view").isEmpty());
        // An unknown language falls back to English.
        QCOMPARE(AboutPanel::pageHtml("fr", "encoder", "heatmap"), AboutPanel::pageHtml("en", "encoder", "heatmap"));
    }

    // Off by default; F1 (the action's shortcut) and the tab bar button toggle it; it follows
    // the current workspace and view; German when chosen.
    void panelFollowsTheView() {
        QSettings().remove("language");
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        AboutPanel* about = w.aboutPanel();
        QVERIFY(about);
        QVERIFY(!about->isVisible());
        QAction* toggle = about->toggleViewAction();
        QCOMPARE(toggle->shortcut(), QKeySequence(QKeySequence::HelpContents));
        toggle->trigger();
        QVERIFY(about->isVisible());

        QVERIFY(w.showView("heatmap", "encoder"));
        QCOMPARE(about->pageKey(), QString("encoder-heatmap"));
        QVERIFY(about->browser()->toPlainText().contains("one head's attention matrix"));
        QVERIFY(w.showView("links", "encoder"));
        QCOMPARE(about->pageKey(), QString("encoder-links"));
        QVERIFY(about->browser()->toPlainText().contains("coreference"));
        QVERIFY(w.showView("alignment", "translation"));
        QCOMPARE(about->pageKey(), QString("translation-alignment"));
        QVERIFY(about->browser()->toPlainText().contains("Bahdanau"));

        about->setLanguage("de");
        QVERIFY(about->browser()->toPlainText().contains("Cross-Attention"));
        QVERIFY(about->browser()->toPlainText().contains("Bedenke"));
        toggle->trigger();
        QVERIFY(!about->isVisible());
    }

    // Presentation mode scales every font (200 %: body text of at least 18 px), shows the
    // explanations, is remembered, and Ctrl+= / Ctrl+- stay within 100–250 %.
    void presentationMode() {
        QSettings().remove("presentation");
        const QFont before = QApplication::font();
        const int basePixels = QFontInfo(before).pixelSize();
        {
            MainWindow w;
            w.resize(1024, 768);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            QVERIFY(!w.presentationMode());
            QCOMPARE(w.textScale(), 1.0);
            w.setPresentationScale(2.0);
            QCOMPARE(w.textScale(), 1.0);  // not presenting yet
            w.setPresentationMode(true);
            QCOMPARE(w.textScale(), 2.0);
            QVERIFY(w.aboutPanel()->isVisible());
            const int pixels = QFontInfo(QApplication::font()).pixelSize();
            QVERIFY2(pixels >= 18 && pixels >= 2 * basePixels - 1,
                     qPrintable(QString("body text %1 px at 200 % (from %2 px)").arg(pixels).arg(basePixels)));
            // Every widget follows, the views included.
            QTRY_COMPARE(QFontInfo(w.currentWorkspace()->editor()->font()).pixelSize(), pixels);
            QTRY_COMPARE(QFontInfo(w.currentView()->font()).pixelSize(), pixels);
            // Widgets with a larger font of their own (the translation line) grow with it.
            QTRY_VERIFY(QFontInfo(w.translationWorkspace()->outputLine()->font()).pixelSize() > pixels);
            // 1024 x 768 at 200 % with the explanation panel open: the control rows wrap, the
            // window does not grow past 1024 px (in either workspace).
            for (const QString workspace : {"encoder", "translation"}) {
                QVERIFY(w.showWorkspace(workspace));
                w.resize(1024, 768);
                QTest::qWait(50);
                QVERIFY2(w.minimumSizeHint().width() <= 1024 && w.width() <= 1024,
                         qPrintable(QString("%1: window %2 px, needs %3 px")
                                        .arg(workspace)
                                        .arg(w.width())
                                        .arg(w.minimumSizeHint().width())));
            }
            for (int i = 0; i < 10; ++i) w.setPresentationScale(w.presentationScale() + 0.25);
            QCOMPARE(w.presentationScale(), 2.5);
            for (int i = 0; i < 10; ++i) w.setPresentationScale(w.presentationScale() - 0.25);
            QCOMPARE(w.presentationScale(), 1.0);
            w.setPresentationScale(2.0);
            w.close();  // saves the settings
        }
        QCOMPARE(QApplication::font(), before);  // the window gave the font back
        MainWindow again;
        QVERIFY(again.presentationMode());
        QCOMPARE(again.presentationScale(), 2.0);
        again.setPresentationMode(false);
        QCOMPARE(again.textScale(), 1.0);
        QCOMPARE(QFontInfo(QApplication::font()).pixelSize(), basePixels);
        QTRY_COMPARE(QFontInfo(again.currentWorkspace()->editor()->font()).pixelSize(), basePixels);
        QVERIFY(!again.aboutPanel()->isVisible());
        again.close();
    }

    // Save lesson state -> Open lesson restores the same screen in a new window: workspace,
    // models, texts, minimal pair, views, layer/head, aggregate, toggles, selected token, beams,
    // attention kind, presentation.
    void lessonRoundTrip() {
        QTemporaryDir dir;
        const QString path = dir.filePath("cat.attnscope");
        QJsonObject saved;
        {
            MainWindow w;
            w.show();
            auto* enc = w.encoderWorkspace();
            auto* tr = w.translationWorkspace();
            enc->loadModel(q(dataPath("tiny_bert")));
            tr->loadModel(q(dataPath("tiny_marian_tok")));
            QTRY_COMPARE_WITH_TIMEOUT(enc->modelInfo().dir, q(dataPath("tiny_bert")), 30000);
            QTRY_COMPARE_WITH_TIMEOUT(tr->modelInfo().dir, q(dataPath("tiny_marian_tok")), 30000);
            enc->setText("the cat sat on the mat because it was tired.");
            enc->setPairText("the cat sat on the mat because it was wide.");
            QVERIFY(enc->showView("heatmap"));
            enc->selection()->setLayerHead(1, 1);
            enc->selection()->setHideSpecialTokens(true);
            QTRY_VERIFY_WITH_TIMEOUT(enc->hasResult(), 30000);
            enc->selection()->setSelectedToken(3);
            tr->setText("Two dogs.");
            tr->setBeams(3);
            tr->setAttentionKind(AttentionKind::Decoder);
            QVERIFY(tr->showView("heatmap"));
            tr->selection()->setAggregate(Aggregate::MeanHeads);
            w.showWorkspace("translation");
            w.setPresentationScale(1.5);
            w.setPresentationMode(true);
            saved = w.lessonState();
            QCOMPARE(w.saveLesson(path), QString());
        }
        const QJsonObject file = QJsonDocument::fromJson([&] {
            QFile f(path);
            f.open(QIODevice::ReadOnly);
            return f.readAll();
        }()).object();
        QCOMPARE(file, saved);
        QCOMPARE(file.value("format").toString(), QString("attnscope.lesson/1"));
        QCOMPARE(file["workspaces"].toObject()["encoder"].toObject()["model"].toString(), q(dataPath("tiny_bert")));
        QCOMPARE(file["workspaces"].toObject()["encoder"].toObject()["selectedToken"].toInt(), 3);
        QCOMPARE(file["workspaces"].toObject()["translation"].toObject()["attention"].toString(), QString("decoder"));

        QSettings().clear();  // a fresh start: nothing remembered
        QSettings().setValue("view", 0);
        MainWindow again;
        again.show();
        QCOMPARE(again.openLesson(path), QString());
        QTRY_COMPARE_WITH_TIMEOUT(again.lessonState(), saved, 30000);
        QCOMPARE(again.currentWorkspace(), static_cast<Workspace*>(again.translationWorkspace()));
        QVERIFY(again.presentationMode());
        QCOMPARE(again.encoderWorkspace()->selection()->selectedToken(), 3);
        again.setPresentationMode(false);
    }

    // View › Colours: every scheme starts at the background's end (weight 0 fades), the views
    // repaint in it at once, lesson files carry it. View › Theme: a dark palette reaches the
    // views (dark variants) and the window gives the system's palette back when it closes.
    void colourSchemesAndTheme() {
        using colors::Scheme;
        const auto lightness = [](QRgb c) { return QColor(c).lightness(); };
        for (Scheme scheme : colors::schemes()) {
            colors::setScheme(scheme);
            QVERIFY2(lightness(colors::sequential(0.f, false)) > lightness(colors::sequential(1.f, false)),
                     qPrintable(colors::schemeKey(scheme)));
            QVERIFY2(lightness(colors::sequential(0.f, true)) < lightness(colors::sequential(1.f, true)),
                     qPrintable(colors::schemeKey(scheme)));
            QCOMPARE(colors::sequential(std::nanf(""), false), colors::sequential(0.f, false));
            bool ok = false;
            QCOMPARE(colors::schemeFromKey(colors::schemeKey(scheme), &ok), scheme);
            QVERIFY(ok);
        }
        colors::setScheme(Scheme::Greys);
        QCOMPARE(colors::sequential(0.f, false), qRgb(255, 255, 255));
        QCOMPARE(colors::sequential(1.f, false), qRgb(0, 0, 0));
        colors::setScheme(Scheme::Viridis);
        QCOMPARE(colors::sequential(1.f, true), qRgb(0xfd, 0xe7, 0x25));  // viridis' last colour
        colors::setScheme(Scheme::Standard);

        const QPalette systemPalette = QApplication::palette();
        {
            MainWindow w;
            w.resize(1024, 768);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            auto* enc = w.encoderWorkspace();
            enc->loadModel(q(dataPath("tiny_bert")));
            QTRY_COMPARE_WITH_TIMEOUT(enc->modelInfo().dir, q(dataPath("tiny_bert")), 30000);
            enc->setText("the cat sat on the mat.");
            QVERIFY(w.showView("heatmap", "encoder"));
            QTRY_VERIFY_WITH_TIMEOUT(enc->hasResult() && enc->isCurrentViewReady(), 30000);
            const QImage before = w.currentView()->grab().toImage();
            w.setColourScheme(Scheme::Cividis);
            QCOMPARE(w.lessonState()["colours"].toString(), QString("cividis"));
            const QImage cividis = w.currentView()->grab().toImage();
            QVERIFY(cividis != before);
            w.setTheme("dark");
            QTRY_VERIFY(colors::isDark(w.currentView()->palette()));
            QVERIFY(colors::isDark(QApplication::palette()));
            QVERIFY(w.currentView()->grab().toImage() != cividis);
            // A lesson file sets the colours; an unknown scheme is refused.
            QJsonObject lessonFile = w.lessonState();
            lessonFile["colours"] = "rainbow";
            QVERIFY(w.applyLesson(lessonFile, "x").contains("\"colours\" must be standard, viridis, cividis or greys"));
            QCOMPARE(colors::scheme(), Scheme::Cividis);
            lessonFile["colours"] = "greys";
            QCOMPARE(w.applyLesson(lessonFile, "x"), QString());
            QCOMPARE(colors::scheme(), Scheme::Greys);
            w.setTheme("system");
            w.setColourScheme(Scheme::Standard);
            w.setTheme("dark");
            w.close();
        }
        QCOMPARE(QApplication::palette(), systemPalette);
        QSettings().remove("theme");
    }

    // Damaged, foreign or impossible lesson files give a message and change nothing.
    void badLessonsChangeNothing() {
        QTemporaryDir dir;
        auto write = [&](const QString& name, const QByteArray& bytes) {
            QFile f(dir.filePath(name));
            f.open(QIODevice::WriteOnly);
            f.write(bytes);
            return dir.filePath(name);
        };
        const QByteArray good = R"({"format": "attnscope.lesson/1", "workspace": "encoder", "workspaces": {"encoder": )"
                                R"({"text": "hello", "view": "heatmap"}}})";
        struct Case {
            QString path;
            QString expected;
        };
        const QVector<Case> cases = {
            {dir.filePath("missing.attnscope"), "Cannot open"},
            {write("text.attnscope", "this is not json"), "not a JSON object"},
            {write("array.attnscope", "[1, 2]"), "not a JSON object"},
            {write("other.attnscope", R"({"format": "something/2"})"), "not an attnscope lesson file"},
            {write("huge.attnscope", QByteArray(2 << 20, ' ')), "lesson files are a few kB"},
            {write("layer.attnscope", QByteArray(good).replace(R"("text": "hello")", R"("layer": "two")")),
             "\"layer\" must be a whole number"},
            {write("view.attnscope", QByteArray(good).replace("heatmap", "alignment")), "has no view \"alignment\""},
            {write("model.attnscope", QByteArray(good).replace(R"("text": "hello")", R"("model": "/no/such/model")")),
             "/no/such/model, which is not on this computer"},
            {write("cache.attnscope", QByteArray(good).replace(R"("text": "hello")", R"("model": "hf:org/absent")")),
             "org/absent, which is not in this computer's Hugging Face cache"},
            {write("family.attnscope",
                   QByteArray(good).replace(R"("text": "hello")",
                                            QByteArray(R"("model": ")") + dataPath("tiny_marian_tok").c_str() + "\"")),
             "Open it in the Translation tab"},
            {write("space.attnscope", QByteArray(good).replace(R"("workspace": "encoder")", R"("workspace": "gpt")")),
             "no workspace \"gpt\""},
            {write("device.attnscope", QByteArray(good).replace(R"("workspace": "encoder")", R"("device": "tpu")")),
             "\"device\" must be auto, cpu or cuda"},
            {write("scale.attnscope",
                   QByteArray(good).replace(R"("workspace": "encoder")", R"("presentation": {"scale": 9})")),
             "\"scale\" must be a number from 1 to 2.5"},
        };
        MainWindow w;
        w.encoderWorkspace()->setText("unchanged text");
        const QJsonObject before = w.lessonState();
        for (const auto& c : cases) {
            const QString error = w.openLesson(c.path);
            QVERIFY2(error.contains(c.expected), qPrintable(c.path + ": " + error));
            QCOMPARE(w.lessonState(), before);
        }
        // The good one opens.
        QCOMPARE(w.openLesson(write("good.attnscope", good)), QString());
        QCOMPARE(w.encoderWorkspace()->editor()->toPlainText(), QString("hello"));
    }
};

QTEST_MAIN(TestClassroom)
#include "tst_classroom.moc"
