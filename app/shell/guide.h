// Guided lessons: a JSON file (resources/lessons/attention-transformers.json is the built-in
// one, Help › Lesson: Attention and Transformers) that walks through a lesson step by step.
// Each step has a title and a short explanation in English and German and a lesson state (the
// same object a .attnscope file holds, lesson_file.h) that sets the workspace, model, text,
// view, layer/head and selection:
//
//   {"format": "attnscope.guide/1",
//    "title": {"en": "Attention and Transformers", "de": "Attention und Transformer"},
//    "steps": [{"title": {"en": "...", "de": "..."}, "text": {"en": "<p>…</p>", "de": "<p>…</p>"},
//               "state": {"workspace": "encoder",
//                         "workspaces": {"encoder": {"text": "…", "view": "links",
//                                                    "layer": 3, "head": 1, "selectedWord": "it"}}}}]}
//
// A teacher writes their own the same way and opens it with Help › Open a guided lesson….
// GuidePanel shows the current step beside the views with Back/Next (also Page Up/Down, what a
// presenter's remote sends). GUI thread only.
#pragma once

#include <QDockWidget>
#include <QJsonObject>
#include <QString>

#include <functional>
#include <vector>

class QLabel;
class QPushButton;
class QTextBrowser;

namespace guide {

inline constexpr const char* kFormat = "attnscope.guide/1";
inline constexpr qint64 kMaxBytes = 1 << 20;

struct Step {
    QString title;
    QString html;       // the explanation (a small HTML subset, as in the help texts)
    QJsonObject state;  // a lesson state: MainWindow::applyLesson()
};

struct Guide {
    QString title;
    std::vector<Step> steps;
};

// Parses a guide, picking the texts in language ("en", "de"; English where a step has no
// text in it). An empty guide and *error on a damaged file.
Guide parse(const QByteArray& json, const QString& language, QString* error);
Guide read(const QString& path, const QString& language, QString* error);
// The built-in lesson's resource path.
QString builtInPath();

}  // namespace guide

class GuidePanel : public QDockWidget {
    Q_OBJECT
public:
    // apply sets a step's state on the window and returns an error message or "".
    using Apply = std::function<QString(const QJsonObject& state, const QString& source)>;
    explicit GuidePanel(Apply apply, QWidget* parent = nullptr);

    // Reads path in language and shows its first step; false (and the panel unchanged) with
    // *error for a damaged file.
    bool open(const QString& path, const QString& language, QString* error);
    void setGuide(const guide::Guide& guide, const QString& source);
    const guide::Guide& currentGuide() const { return guide_; }

    void goTo(int step);  // applies step (clamped) and shows its text
    void next() { goTo(step_ + 1); }
    void back() { goTo(step_ - 1); }
    int step() const { return step_; }
    int stepCount() const { return static_cast<int>(guide_.steps.size()); }
    QString stepError() const { return stepError_; }  // why the shown step could not be set, or ""
    QTextBrowser* browser() const { return text_; }

Q_SIGNALS:
    void stepShown(int step);

private:
    void refresh();

    Apply apply_;
    guide::Guide guide_;
    QString source_;
    int step_ = -1;
    QString stepError_;
    QLabel* heading_ = nullptr;
    QTextBrowser* text_ = nullptr;
    QPushButton* back_ = nullptr;
    QPushButton* next_ = nullptr;
    QLabel* counter_ = nullptr;
};
