// The workspaces' text box: a QPlainTextEdit that holds at most maxCharacters() characters.
// A paste or drop that would pass the limit keeps what fits (never half a surrogate pair) and
// reports the cut through textCut(); typing at the limit is refused the same way. The limit
// keeps the window responsive (Qt lays out a whole paragraph again on every key: ~0.5 s a key
// inside a 1 MB paragraph, #18) and is far above what a model reads (512 tokens, about
// 2,500 characters of English).
#pragma once

#include <QPlainTextEdit>

class TextEditor : public QPlainTextEdit {
    Q_OBJECT
public:
    static constexpr int kMaxCharacters = 50000;

    explicit TextEditor(QWidget* parent = nullptr);
    int maxCharacters() const { return maxCharacters_; }
    // Replaces the text, cut to the limit (reported through textCut()).
    void setBoundedText(const QString& text);

Q_SIGNALS:
    // offered characters were to be added but only kept fitted.
    void textCut(int offered, int kept);

protected:
    void insertFromMimeData(const QMimeData* source) override;
    void keyPressEvent(QKeyEvent* event) override;
    void inputMethodEvent(QInputMethodEvent* event) override;

private:
    int room() const;  // characters that can still be added, replacing the selection
    QString fitted(const QString& text);  // text cut to room(), the cut reported

    int maxCharacters_ = kMaxCharacters;
};
