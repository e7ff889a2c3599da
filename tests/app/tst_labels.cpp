// Readable from the back of the room: at 1024 x 768 with 200 % text (presentation mode, the
// explanation panel open), in English and in German, every view that draws token labels draws
// each one whole (not cut with "…"), at least 70 % of the text size, and none over another or
// over the caption and legend, every heatmap row labelled, on
// the built-in models and the lesson's sentences. Views too small for their content scroll
// down; none is wider than its tab.
#include "about_panel.h"
#include "attention_view.h"
#include "main_window.h"
#include "model_paths.h"
#include "encoder_workspace.h"
#include "heatmap_view.h"
#include "translation_workspace.h"
#include "ui_language.h"

#include <QApplication>
#include <QScrollArea>
#include <QScrollBar>
#include <QDir>
#include <QSettings>
#include <QtTest>

namespace {

// What is wrong with the labels of the current view, or "".
QString labelProblems(const QString& where, const std::vector<AttentionView::LabelBox>& boxes, const QRect& area,
                      qreal textHeight) {
    QStringList problems;
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        const auto& a = boxes[i];
        if (a.textHeight < 0.7 * textHeight)
            problems << QString("\"%1\" is in %2 px type (text: %3 px)").arg(a.full.left(40)).arg(a.textHeight).arg(textHeight);
        if (a.shown != a.full) problems << QString("\"%1\" is cut to \"%2\"").arg(a.full, a.shown);
        if (!QRectF(area).adjusted(-0.5, -0.5, 0.5, 0.5).contains(a.rect))
            problems << QString("\"%1\" lies outside the view").arg(a.full.left(40));
        for (std::size_t j = i + 1; j < boxes.size(); ++j) {
            const QRectF overlap = a.rect.intersected(boxes[j].rect);
            if (overlap.width() > 0.5 && overlap.height() > 0.5)
                problems << QString("\"%1\" overlaps \"%2\"").arg(a.full.left(40), boxes[j].full.left(40));
        }
    }
    return problems.isEmpty() ? QString() : where + ": " + problems.join("; ");
}

}  // namespace

class TestLabels : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QApplication::setOrganizationName("attnscope-tests");
        QApplication::setApplicationName("tst_labels");
        QSettings().clear();
        QSettings().setValue("view", 0);
    }
    void cleanup() { uilanguage::install("en"); }

    void presentationAt1024x768_data() {
        QTest::addColumn<QString>("language");
        QTest::newRow("English") << "en";
        QTest::newRow("German") << "de";
    }
    void presentationAt1024x768() {
        QFETCH(QString, language);
        QVERIFY(uilanguage::install(language));
        MainWindow w;
        w.resize(1024, 768);
        w.setPresentationScale(2.0);
        w.setPresentationMode(true);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.aboutPanel()->isVisible());
        w.loadModel(QDir(builtInModelsDir()).filePath("all-MiniLM-L6-v2"));
        w.encoderWorkspace()->setText("The animal didn't cross the street because it was too tired.");
        w.translationWorkspace()->setText("A man in a blue shirt is playing the guitar on the street.");
        w.translationWorkspace()->ensureModel();
        int checked = 0;
        QStringList problems;
        for (const bool pair : {false, true}) {
            w.encoderWorkspace()->setPairText(pair ? "The animal didn't cross the street because it was too wide." : "");
            for (Workspace* space : {static_cast<Workspace*>(w.encoderWorkspace()), static_cast<Workspace*>(w.translationWorkspace())}) {
                if (pair && space == w.translationWorkspace()) continue;
                w.showWorkspace(space->workspaceName());
                for (const QString& name : space->viewNames()) {
                    if (pair && name != "links" && name != "heatmap") continue;
                    w.showView(name, space->workspaceName());
                    QVERIFY2(QTest::qWaitFor([&] { return !space->isLoading() && space->hasResult() && space->isCurrentViewReady(); },
                                             60000),
                             qPrintable(name));
                    if (name == "links") space->selection()->setSelectedToken(space->tokenOfWord("it"));
                    QTest::qWait(100);  // the scroll area settles the page's size
                    AttentionView* view = space->currentView();
                    // Never wider than its tab: a page may scroll down, not sideways.
                    for (QWidget* p = view->parentWidget(); p; p = p->parentWidget())
                        if (auto* area = qobject_cast<QScrollArea*>(p)) {
                            if (area->horizontalScrollBar()->isVisible())
                                problems << QString("%1/%2 is wider than its tab (%3 px for %4 px)")
                                                .arg(space->workspaceName(), name)
                                                .arg(view->minimumSizeHint().width())
                                                .arg(area->viewport()->width());
                            break;
                        }
                    const auto boxes = view->labelBoxes();
                    if (auto* heatmap = qobject_cast<HeatmapView*>(view); heatmap && heatmap->labelStride() != 1)
                        problems << QString("%1/%2 labels only every %3th row").arg(space->workspaceName(), name).arg(heatmap->labelStride());
                    if (boxes.empty()) continue;
                    ++checked;
                    const QString where = QString("%1/%2%3 (%4 x %5)")
                                              .arg(space->workspaceName(), name, pair ? " with a pair" : "")
                                              .arg(view->width())
                                              .arg(view->height());
                    if (const QString p = labelProblems(where, boxes, view->rect(), QFontMetricsF(view->font()).height()); !p.isEmpty()) problems << p;
                }
            }
        }
        QVERIFY2(checked >= 7, qPrintable(QString::number(checked)));  // heatmaps, links, alignment, steps
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join("\n")));
    }
};

QTEST_MAIN(TestLabels)
#include "tst_labels.moc"
