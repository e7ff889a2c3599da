// The "About this view" panel: a dock at the window's side that explains the current view —
// what it shows, how to read it, one thing to try — and the caveat that attention weights show
// where a head looks, not why the model decided. The texts are HTML files in
// resources/help/LANG/WORKSPACE-VIEW.html (+ caveat.html), English and German, so a teacher can
// edit them without touching C++. F1 or the tab bar's ⓘ button toggles it. GUI thread only.
#pragma once

#include <QDockWidget>

class QTextBrowser;

class AboutPanel : public QDockWidget {
    Q_OBJECT
public:
    explicit AboutPanel(QWidget* parent = nullptr);

    // "en" or "de": the texts' language (others fall back to English).
    void setLanguage(const QString& language);
    QString language() const { return language_; }
    // Shows the text of this workspace's view ("encoder", "heatmap").
    void showPage(const QString& workspace, const QString& view);
    QString pageKey() const { return key_; }  // "encoder-heatmap"
    QString html() const;
    QTextBrowser* browser() const { return browser_; }

    // The page's HTML from the resources (with the caveat), or empty when there is none.
    static QString pageHtml(const QString& language, const QString& workspace, const QString& view);

private:
    void refresh();

    QTextBrowser* browser_ = nullptr;
    QString language_ = QStringLiteral("en");
    QString workspace_, view_, key_;
};
