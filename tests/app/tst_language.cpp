// The interface in German (View › Language, or the system locale): the German texts are
// embedded and load; with every view of both workspaces shown on real models, no visible
// widget text (labels, buttons, menus, lists, tabs, tool tips, chart titles) is left in English;
// numbers are written with a decimal comma; the language choice is remembered and the
// explanations follow it.
#include "about_panel.h"
#include "attention_view.h"
#include "main_window.h"
#include "model_paths.h"
#include "test_support.h"
#include "encoder_workspace.h"
#include "translation_workspace.h"
#include "ui_language.h"

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QChartView>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSettings>
#include <QSpinBox>
#include <QTabBar>
#include <QTextBrowser>
#include <QTextDocumentFragment>
#include <QtTest>

namespace {

QString plain(const QString& text) {
    QString t = Qt::mightBeRichText(text) ? QTextDocumentFragment::fromHtml(text).toPlainText() : text;
    t.remove(QRegularExpression("&(?=\\w)"));  // accelerators
    return t.simplified();
}

void addMenu(QMenu* menu, QStringList* out) {
    out->append(plain(menu->title()));
    for (QAction* a : menu->actions()) {
        if (a->menu()) addMenu(a->menu(), out);
        else if (!a->isSeparator()) out->append(plain(a->text()));
    }
}

// Every text a person can see (or hover) in the window now.
QStringList visibleTexts(QMainWindow* window) {
    QStringList out;
    for (QAction* a : window->menuBar()->actions())
        if (a->menu()) addMenu(a->menu(), &out);
    const QList<QWidget*> widgets = window->findChildren<QWidget*>();
    for (QWidget* w : widgets) {
        if (!w->isVisibleTo(window) || qobject_cast<QMenu*>(w)) continue;
        out << plain(w->toolTip());
        if (auto* label = qobject_cast<QLabel*>(w)) out << plain(label->text());
        if (auto* button = qobject_cast<QAbstractButton*>(w)) out << plain(button->text());
        if (auto* box = qobject_cast<QComboBox*>(w))
            for (int i = 0; i < box->count(); ++i) out << plain(box->itemText(i));
        if (auto* bar = qobject_cast<QTabBar*>(w))
            for (int i = 0; i < bar->count(); ++i) out << plain(bar->tabText(i)) << plain(bar->tabToolTip(i));
        if (auto* edit = qobject_cast<QLineEdit*>(w)) out << plain(edit->placeholderText());
        if (auto* edit = qobject_cast<QPlainTextEdit*>(w)) out << plain(edit->placeholderText());
        if (auto* group = qobject_cast<QGroupBox*>(w)) out << plain(group->title());
        if (auto* dock = qobject_cast<QDockWidget*>(w)) out << plain(dock->windowTitle());
        if (auto* spin = qobject_cast<QSpinBox*>(w)) out << plain(spin->prefix()) << plain(spin->suffix()) << plain(spin->specialValueText());
        if (auto* chart = qobject_cast<QChartView*>(w)) {
            out << plain(chart->chart()->title());
            for (QAbstractAxis* axis : chart->chart()->axes()) out << plain(axis->titleText());
        }
    }
    out.removeAll(QString());
    return out;
}

// Shows every view of both workspaces on the built-in models and collects what is visible.
QStringList everything(MainWindow& w) {
    QStringList texts;
    w.loadModel(QDir(builtInModelsDir()).filePath("all-MiniLM-L6-v2"));
    for (Workspace* space : {static_cast<Workspace*>(w.encoderWorkspace()), static_cast<Workspace*>(w.translationWorkspace())}) {
        w.showWorkspace(space->workspaceName());
        space->ensureModel();
        for (const QString& view : space->viewNames()) {
            w.showView(view, space->workspaceName());
            if (!QTest::qWaitFor([&] { return !space->isLoading() && space->hasResult() && space->isCurrentViewReady(); },
                                 30000))
                qWarning("%s/%s did not finish", qPrintable(space->workspaceName()), qPrintable(view));
            QTest::qWait(50);
            texts << visibleTexts(&w);
        }
    }
    texts.removeDuplicates();
    return texts;
}

}  // namespace

class TestLanguage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QApplication::setOrganizationName("attnscope-tests");
        QApplication::setApplicationName("tst_language");
        QSettings().clear();
        QSettings().setValue("view", 0);
    }
    void cleanup() { uilanguage::install("en"); }

    void germanTextsLoad() {
        QCOMPARE(uilanguage::current(), QString("en"));
        QVERIFY(uilanguage::install("de"));
        QCOMPARE(uilanguage::current(), QString("de"));
        QCOMPARE(QCoreApplication::translate("MainWindow", "&File"), QString("&Datei"));
        QCOMPARE(QCoreApplication::translate("GuidePanel", "Next"), QString("Weiter"));
        QVERIFY(uilanguage::install("en"));
        QCOMPARE(QCoreApplication::translate("MainWindow", "&File"), QString("&File"));
        QCOMPARE(uilanguage::resolve("de"), QString("de"));
        QCOMPARE(uilanguage::resolve("xx"), uilanguage::systemLanguage());
    }

    // View › Language: remembered, and the window asks to be rebuilt in the chosen language.
    void languageMenu() {
        MainWindow w;
        QAction* german = nullptr;
        for (QAction* menu : w.menuBar()->actions())
            for (QAction* a : menu->menu()->actions())
                if (a->menu())
                    for (QAction* b : a->menu()->actions())
                        if (b->text() == "Deutsch") german = b;
        QVERIFY(german);
        QSignalSpy chosen(&w, &MainWindow::languageChosen);
        german->trigger();
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen.at(0).at(0).toString(), QString("de"));
        QCOMPARE(uilanguage::setting(), QString("de"));
        uilanguage::setSetting({});
        QCOMPARE(uilanguage::setting(), QString());
    }

    // Every visible text of every view differs between English and German, except names and
    // words German uses as they are.
    void nothingLeftInEnglish() {
        QStringList english, german;
        {
            MainWindow w;
            w.resize(1280, 860);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            english = everything(w);
        }
        QVERIFY(uilanguage::install("de"));
        {
            MainWindow w;
            w.resize(1280, 860);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            QCOMPARE(w.aboutPanel()->language(), QString("de"));
            german = everything(w);
        }
        QVERIFY2(english.size() > 100, qPrintable(QString::number(english.size()) + ": " + english.join(" | ")));
        // Identical in both languages and still fine: names, numbers, the user's sentences and
        // their tokens, and the terms the German lesson uses as they are.
        const QRegularExpression same(
            "^(?:[\\d\\W_]*|.*(?:MiniLM|attnscope-en-de|minilm-mlm|Marian|BERT|opus-mt|Hugging Face).*|"
            "Heatmap|Alignment|Beams|Head|Layer|Tokens?|Rollout|Deutsch|English|System(?: \\(English\\))?|Auto|CPU|CUDA|"
            "\\[CLS\\].*|\\[MASK\\].*|Cross-Attention.*)$");
        QStringList left;
        for (const QString& text : german) {
            if (!english.contains(text) || same.match(text).hasMatch()) continue;
            if (!text.contains(QRegularExpression("[A-Za-z]{3,}"))) continue;
            if (QStringLiteral("The animal didn't cross the street because it was too tired. "
                               "A man in a blue shirt is standing on a ladder.")
                    .contains(text, Qt::CaseInsensitive))
                continue;  // the sentences and their tokens
            left << text;
        }
        QVERIFY2(left.isEmpty(), qPrintable("left in English: \"" + left.join("\", \"") + "\""));
        // Numbers as German writes them: "73,6 ms", never "73.6 ms".
        const QRegularExpression pointNumber("\\d\\.\\d"), commaNumber("\\d,\\d");
        QStringList point;
        bool comma = false;
        for (const QString& text : german) {
            if (text.contains(pointNumber)) point << text;
            comma = comma || text.contains(commaNumber);
        }
        QVERIFY2(point.isEmpty(), qPrintable("English number format: \"" + point.join("\", \"") + "\""));
        QVERIFY(comma);
    }
};

QTEST_MAIN(TestLanguage)
#include "tst_language.moc"
