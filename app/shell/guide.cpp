// Guided lessons: the file format and the panel that steps through it.
#include "guide.h"

#include <QAction>
#include <QCoreApplication>
#include <QFile>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>

namespace guide {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("guide", text); }

// {"en": "...", "de": "..."} (or a plain string): the text in language, else English.
bool pickText(const QJsonValue& v, const QString& language, QString* out) {
    if (v.isString()) {
        *out = v.toString();
        return true;
    }
    if (!v.isObject()) return false;
    const QJsonObject o = v.toObject();
    for (auto it = o.begin(); it != o.end(); ++it)
        if (!it.value().isString()) return false;
    *out = o.value(language).toString(o.value(QStringLiteral("en")).toString());
    return !out->isEmpty();
}

}  // namespace

QString builtInPath() { return QStringLiteral(":/lessons/attention-transformers.json"); }

Guide parse(const QByteArray& json, const QString& language, QString* error) {
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (doc.isNull()) {
        *error = tr("it is not JSON (%1 at byte %2)").arg(parseError.errorString()).arg(parseError.offset);
        return {};
    }
    const QJsonObject o = doc.object();
    if (o.value(QStringLiteral("format")).toString() != QLatin1String(kFormat)) {
        *error = tr("it is not a guided lesson (\"format\" must be \"%1\")").arg(QLatin1String(kFormat));
        return {};
    }
    Guide g;
    if (!pickText(o.value(QStringLiteral("title")), language, &g.title)) {
        *error = tr("\"title\" must be a text or {\"en\": …, \"de\": …}");
        return {};
    }
    const QJsonArray steps = o.value(QStringLiteral("steps")).toArray();
    if (steps.isEmpty()) {
        *error = tr("it has no steps (\"steps\" must be a list of steps)");
        return {};
    }
    for (int i = 0; i < steps.size(); ++i) {
        const QJsonObject s = steps.at(i).toObject();
        Step step;
        if (!pickText(s.value(QStringLiteral("title")), language, &step.title) ||
            !pickText(s.value(QStringLiteral("text")), language, &step.html) ||
            !s.value(QStringLiteral("state")).isObject()) {
            *error = tr("step %1 needs a \"title\", a \"text\" and a \"state\" object").arg(i + 1);
            return {};
        }
        step.state = s.value(QStringLiteral("state")).toObject();
        g.steps.push_back(std::move(step));
    }
    return g;
}

Guide read(const QString& path, const QString& language, QString* error) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = tr("%1 cannot be read: %2").arg(path, f.errorString());
        return {};
    }
    if (f.size() > kMaxBytes) {
        *error = tr("%1 is not a guided lesson: it is larger than 1 MB").arg(path);
        return {};
    }
    QString why;
    Guide g = parse(f.readAll(), language, &why);
    if (g.steps.empty()) *error = tr("%1 is not a guided lesson: %2").arg(path, why);
    return g;
}

}  // namespace guide

GuidePanel::GuidePanel(Apply apply, QWidget* parent) : QDockWidget(parent), apply_(std::move(apply)) {
    setObjectName(QStringLiteral("guidePanel"));
    setWindowTitle(tr("Guided lesson"));
    setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    auto* page = new QWidget(this);
    auto* column = new QVBoxLayout(page);
    heading_ = new QLabel(page);
    heading_->setWordWrap(true);
    heading_->setTextFormat(Qt::PlainText);
    QFont bold = heading_->font();
    bold.setBold(true);
    heading_->setFont(bold);
    text_ = new QTextBrowser(page);
    text_->setOpenExternalLinks(true);
    back_ = new QPushButton(tr("Back"), page);
    next_ = new QPushButton(tr("Next"), page);
    back_->setToolTip(tr("The previous step (Page Up)"));
    next_->setToolTip(tr("The next step (Page Down)"));
    counter_ = new QLabel(page);
    counter_->setAlignment(Qt::AlignCenter);
    auto* row = new QHBoxLayout;
    row->addWidget(back_);
    row->addWidget(counter_, 1);
    row->addWidget(next_);
    column->addWidget(heading_);
    column->addWidget(text_, 1);
    column->addLayout(row);
    setWidget(page);
    setMinimumWidth(220);
    connect(back_, &QPushButton::clicked, this, &GuidePanel::back);
    connect(next_, &QPushButton::clicked, this, &GuidePanel::next);
    // A presenter's remote sends Page Up / Page Down.
    auto* nextKey = new QAction(this);
    nextKey->setShortcut(QKeySequence(Qt::Key_PageDown));
    nextKey->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(nextKey, &QAction::triggered, this, &GuidePanel::next);
    auto* backKey = new QAction(this);
    backKey->setShortcut(QKeySequence(Qt::Key_PageUp));
    backKey->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(backKey, &QAction::triggered, this, &GuidePanel::back);
    addAction(nextKey);
    addAction(backKey);
    refresh();
}

bool GuidePanel::open(const QString& path, const QString& language, QString* error) {
    guide::Guide g = guide::read(path, language, error);
    if (g.steps.empty()) return false;
    setGuide(g, path);
    return true;
}

void GuidePanel::setGuide(const guide::Guide& guide, const QString& source) {
    guide_ = guide;
    source_ = source;
    step_ = -1;
    goTo(0);
}

void GuidePanel::goTo(int step) {
    if (guide_.steps.empty()) return;
    step = std::clamp(step, 0, stepCount() - 1);
    if (step == step_) return;
    step_ = step;
    const guide::Step& s = guide_.steps[static_cast<std::size_t>(step)];
    stepError_ = apply_ ? apply_(s.state, tr("Step %1 of \"%2\"").arg(step + 1).arg(guide_.title)) : QString();
    refresh();
    Q_EMIT stepShown(step_);
}

void GuidePanel::refresh() {
    const bool any = !guide_.steps.empty() && step_ >= 0;
    setWindowTitle(any ? guide_.title : tr("Guided lesson"));
    back_->setEnabled(any && step_ > 0);
    next_->setEnabled(any && step_ + 1 < stepCount());
    counter_->setText(any ? tr("Step %1 of %2").arg(step_ + 1).arg(stepCount()) : QString());
    if (!any) {
        heading_->clear();
        text_->setHtml(tr("<p>Choose Help › Lesson: Attention and Transformers.</p>"));
        return;
    }
    const guide::Step& s = guide_.steps[static_cast<std::size_t>(step_)];
    heading_->setText(s.title);
    QString html = s.html;
    if (!stepError_.isEmpty())
        html += QStringLiteral("<p style=\"color:#b00020\"><b>%1</b> %2</p>")
                    .arg(tr("This step could not be set up:"), stepError_.toHtmlEscaped());
    text_->setHtml(html);
}
