// AboutPanel: the help texts from resources/help, shown beside the views.
#include "about_panel.h"

#include <QFile>
#include <QTextBrowser>

namespace {

QString readResource(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QString::fromUtf8(f.readAll());
}

}  // namespace

AboutPanel::AboutPanel(QWidget* parent) : QDockWidget(parent) {
    Q_INIT_RESOURCE(attnscope);
    setObjectName(QStringLiteral("aboutPanel"));  // saveState() remembers where and whether it is shown
    setWindowTitle(tr("About this view"));
    setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    browser_ = new QTextBrowser(this);
    browser_->setOpenExternalLinks(true);
    // Headings a step above the text (the default h2 is twice its size: too large in a side panel
    // at presentation scale).
    browser_->document()->setDefaultStyleSheet(
        QStringLiteral("p.caveat { color: palette(placeholder-text); } h2 { font-size: large; }"));
    setWidget(browser_);
    setMinimumWidth(220);
}

QString AboutPanel::pageHtml(const QString& language, const QString& workspace, const QString& view) {
    const QString lang = language == QLatin1String("de") ? language : QStringLiteral("en");
    const QString page = readResource(QStringLiteral(":/help/%1/%2-%3.html").arg(lang, workspace, view));
    if (page.isEmpty()) return {};
    return page + readResource(QStringLiteral(":/help/%1/caveat.html").arg(lang));
}

void AboutPanel::setLanguage(const QString& language) {
    language_ = language == QLatin1String("de") ? language : QStringLiteral("en");
    refresh();
}

void AboutPanel::showPage(const QString& workspace, const QString& view) {
    workspace_ = workspace;
    view_ = view;
    refresh();
}

QString AboutPanel::html() const { return browser_->toHtml(); }

void AboutPanel::refresh() {
    key_ = workspace_ + QLatin1Char('-') + view_;
    const QString page = pageHtml(language_, workspace_, view_);
    browser_->setHtml(page.isEmpty() ? tr("<p>No explanation for this view yet.</p>") : page);
}
