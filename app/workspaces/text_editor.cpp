#include "text_editor.h"

#include <QInputMethodEvent>
#include <QKeyEvent>
#include <QMimeData>
#include <QTextBlock>
#include <QTextCursor>

#include <algorithm>

TextEditor::TextEditor(QWidget* parent) : QPlainTextEdit(parent) {}

int TextEditor::room() const {
    const QTextCursor cursor = textCursor();
    // characterCount() counts the document's final paragraph separator too.
    const int length = document()->characterCount() - 1;
    return std::max(0, maxCharacters_ - (length - (cursor.selectionEnd() - cursor.selectionStart())));
}

QString TextEditor::fitted(const QString& text) {
    const int space = room();
    if (text.size() <= space) return text;
    int keep = space;
    if (keep > 0 && text.at(keep - 1).isHighSurrogate()) --keep;  // never half a character
    Q_EMIT textCut(static_cast<int>(text.size()), keep);
    return text.left(keep);
}

void TextEditor::setBoundedText(const QString& text) {
    if (text.size() <= maxCharacters_) {
        setPlainText(text);
        return;
    }
    int keep = maxCharacters_;
    if (text.at(keep - 1).isHighSurrogate()) --keep;
    setPlainText(text.left(keep));
    Q_EMIT textCut(static_cast<int>(text.size()), keep);
}

void TextEditor::insertFromMimeData(const QMimeData* source) {
    if (!source || !source->hasText()) return QPlainTextEdit::insertFromMimeData(source);
    const QString text = source->text();
    const QString kept = fitted(text);
    if (kept.size() == text.size()) return QPlainTextEdit::insertFromMimeData(source);
    if (!kept.isEmpty()) textCursor().insertText(kept);  // one undo step, as a paste
    ensureCursorVisible();
}

void TextEditor::keyPressEvent(QKeyEvent* event) {
    const QString text = event->text();
    const bool newline = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    const bool inserts = !text.isEmpty() && (text.at(0).isPrint() || newline) && !(event->modifiers() & Qt::ControlModifier);
    if (inserts && room() < (newline ? 1 : text.size())) {
        Q_EMIT textCut(static_cast<int>(text.size()), 0);
        event->accept();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

void TextEditor::inputMethodEvent(QInputMethodEvent* event) {
    if (!event->commitString().isEmpty() && room() < event->commitString().size()) {
        Q_EMIT textCut(static_cast<int>(event->commitString().size()), 0);
        event->accept();
        return;
    }
    QPlainTextEdit::inputMethodEvent(event);
}
