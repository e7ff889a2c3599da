// The guided lesson (Help › Lesson: Attention and Transformers): the built-in file exists in
// English and German, and walking it from the first step to the last on the built-in models
// shows at every step what the step says (workspace, model, text, view, layer/head, the
// selected word); Back/Next and Page Up/Down move through it. Damaged guide files are refused
// with a message; a step that cannot be set up says why in the panel.
#include "attention_view.h"
#include "guide.h"
#include "main_window.h"
#include "model_paths.h"
#include "test_support.h"
#include "encoder_workspace.h"
#include "translation_workspace.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtTest>

class TestGuide : public QObject {
    Q_OBJECT

    static QByteArray builtIn() {
        QFile f(guide::builtInPath());
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

private Q_SLOTS:
    void initTestCase() {
        QApplication::setOrganizationName("attnscope-tests");
        QApplication::setApplicationName("tst_guide");
        QSettings().clear();
        QSettings().setValue("view", 0);
    }

    // The lesson's sections in order, in both languages.
    void builtInLessonInBothLanguages() {
        const QByteArray json = builtIn();
        QVERIFY(!json.isEmpty());
        QString error;
        const guide::Guide en = guide::parse(json, "en", &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const guide::Guide de = guide::parse(json, "de", &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(en.steps.size(), std::size_t(7));
        QCOMPARE(de.steps.size(), en.steps.size());
        const QStringList sections = {"alignment", "Positional", "it", "tired", "Multi-head", "Encoder–decoder", "BERT"};
        for (std::size_t i = 0; i < en.steps.size(); ++i) {
            QVERIFY2(en.steps[i].title.contains(sections[int(i)]), qPrintable(en.steps[i].title));
            QVERIFY(de.steps[i].title != en.steps[i].title);
            QVERIFY(de.steps[i].html != en.steps[i].html);
            QVERIFY(en.steps[i].html.contains("<b>Try:</b>"));
            QVERIFY(de.steps[i].html.contains("<b>Probiere:</b>"));
        }
        QVERIFY(de.title.startsWith("Lektion"));
        // A language without texts falls back to English.
        QCOMPARE(guide::parse(json, "fr", &error).steps[2].html, en.steps[2].html);
    }

    // Every step sets up what it describes, on the built-in models.
    void walkTheWholeLesson() {
        MainWindow w;
        w.resize(1280, 860);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(w.startGuide(), QString());
        GuidePanel* panel = w.guidePanel();
        QVERIFY(panel->isVisible());
        QString error;
        const guide::Guide g = guide::parse(builtIn(), "en", &error);
        auto* next = panel->findChildren<QPushButton*>().at(1);
        auto* back = panel->findChildren<QPushButton*>().at(0);
        QCOMPARE(next->text(), QString("Next"));
        QVERIFY(!back->isEnabled());
        for (int i = 0; i < panel->stepCount(); ++i) {
            QCOMPARE(panel->step(), i);
            QVERIFY2(panel->stepError().isEmpty(), qPrintable(panel->stepError()));
            const QJsonObject state = g.steps[std::size_t(i)].state;
            const QString spaceName = state["workspace"].toString();
            const QJsonObject expect = state["workspaces"].toObject()[spaceName].toObject();
            Workspace* space = w.currentWorkspace();
            const QString where = QString("step %1").arg(i + 1);
            QCOMPARE(space->workspaceName(), spaceName);
            QCOMPARE(space->currentView()->viewName(), expect["view"].toString());
            QCOMPARE(space->editor()->toPlainText(), expect["text"].toString());
            QTRY_VERIFY2_WITH_TIMEOUT(!space->isLoading() && space->hasResult() && space->isCurrentViewReady(),
                                      qPrintable(where), 60000);
            QCOMPARE(QDir(space->modelInfo().dir).dirName(), expect["model"].toString().mid(8));
            if (expect.contains("layer")) {
                QTRY_COMPARE(space->selection()->layer(), expect["layer"].toInt());
                QCOMPARE(space->selection()->head(), expect["head"].toInt());
            }
            if (expect.contains("selectedWord")) {
                auto* enc = w.encoderWorkspace();
                QTRY_VERIFY(enc->selection()->selectedToken() >= 0);
                const auto& tokens = enc->currentAnalysis()->result.tokens;
                QCOMPARE(QString::fromStdString(tokens[std::size_t(enc->selection()->selectedToken())].piece),
                         expect["selectedWord"].toString());
            }
            if (expect.contains("pairMode"))
                QCOMPARE(w.encoderWorkspace()->lessonState()["pairMode"].toBool(), expect["pairMode"].toBool());
            QVERIFY(panel->browser()->toPlainText().contains("Try:"));
            QVERIFY(panel->findChildren<QLabel*>().at(0)->text() == g.steps[std::size_t(i)].title);
            QCOMPARE(next->isEnabled(), i + 1 < panel->stepCount());
            if (i + 1 < panel->stepCount()) next->click();
        }
        // Back, and the presenter's remote (Page Up / Page Down) while the panel has focus.
        back->click();
        QCOMPARE(panel->step(), panel->stepCount() - 2);
        panel->activateWindow();
        next->setFocus();
        QTest::keyClick(next, Qt::Key_PageUp);
        QCOMPARE(panel->step(), panel->stepCount() - 3);
        QTest::keyClick(next, Qt::Key_PageDown);
        QCOMPARE(panel->step(), panel->stepCount() - 2);
        w.close();
    }

    // Damaged files are refused; a step that cannot be set up says why and the lesson goes on.
    void badGuides() {
        QTemporaryDir dir;
        auto write = [&](const QString& name, const QByteArray& bytes) {
            QFile f(dir.filePath(name));
            f.open(QIODevice::WriteOnly);
            f.write(bytes);
            return dir.filePath(name);
        };
        MainWindow w;
        w.show();
        w.guidePanel()->hide();  // the last test's window left it open (restored with the window state)
        struct Case {
            QString path, expected;
        };
        const QVector<Case> cases = {
            {dir.filePath("missing.json"), "cannot be read"},
            {write("text.json", "not json"), "it is not JSON"},
            {write("lesson.json", R"({"format": "attnscope.lesson/1"})"), "it is not a guided lesson"},
            {write("empty.json", R"({"format": "attnscope.guide/1", "title": "x", "steps": []})"), "it has no steps"},
            {write("nostate.json", R"({"format": "attnscope.guide/1", "title": "x", "steps": [{"title": "a", "text": "b"}]})"),
             "step 1 needs"},
            {write("huge.json", QByteArray(2 << 20, ' ')), "larger than 1 MB"},
        };
        for (const auto& c : cases) {
            const QString error = w.startGuide(c.path);
            QVERIFY2(error.contains(c.expected), qPrintable(c.path + ": " + error));
            QVERIFY(!w.guidePanel()->isVisible());
        }
        // A teacher's own guide: the second step names a view that does not exist.
        const QString own = write("own.json", R"({"format": "attnscope.guide/1", "title": {"en": "Mine"}, "steps": [
            {"title": "One", "text": "<p>first</p>", "state": {"workspace": "encoder", "workspaces": {"encoder": {"text": "hello there", "view": "heatmap"}}}},
            {"title": "Two", "text": "<p>second</p>", "state": {"workspace": "encoder", "workspaces": {"encoder": {"view": "nonsense"}}}}]})");
        QCOMPARE(w.startGuide(own), QString());
        QVERIFY(w.guidePanel()->isVisible());
        QCOMPARE(w.guidePanel()->windowTitle(), QString("Mine"));
        QCOMPARE(w.encoderWorkspace()->editor()->toPlainText(), QString("hello there"));
        w.guidePanel()->next();
        QVERIFY(w.guidePanel()->stepError().contains("no view \"nonsense\""));
        QVERIFY(w.guidePanel()->browser()->toPlainText().contains("This step could not be set up"));
        QCOMPARE(w.encoderWorkspace()->editor()->toPlainText(), QString("hello there"));  // nothing changed
    }
};

QTEST_MAIN(TestGuide)
#include "tst_guide.moc"
