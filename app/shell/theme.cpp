// theme: application palettes for View › Theme.
#include "theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>

#include <memory>

namespace theme {
namespace {

QString& currentKey() {
    static QString key = QStringLiteral("system");
    return key;
}

const QPalette& systemPalette() {
    static const QPalette palette = QApplication::palette();  // before the first change
    return palette;
}

QPalette darkPalette() {
    QPalette p;
    const QColor window(0x2b, 0x2b, 0x2b), base(0x1e, 0x1e, 0x1e), text(0xe8, 0xe8, 0xe8), button(0x35, 0x35, 0x35);
    const QColor disabled(0x80, 0x80, 0x80);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x2f, 0x2f, 0x2f));
    p.setColor(QPalette::ToolTipBase, QColor(0x3a, 0x3a, 0x3a));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0xa0, 0xa0, 0xa0));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, button);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Light, QColor(0x4a, 0x4a, 0x4a));
    p.setColor(QPalette::Midlight, QColor(0x40, 0x40, 0x40));
    p.setColor(QPalette::Mid, QColor(0x30, 0x30, 0x30));
    p.setColor(QPalette::Dark, QColor(0x20, 0x20, 0x20));
    p.setColor(QPalette::Shadow, QColor(0x10, 0x10, 0x10));
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x7f, 0xd0));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xb4, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xb0, 0x8c, 0xff));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    p.setColor(QPalette::Disabled, QPalette::Base, window);
    return p;
}

QPalette lightPalette() {
    QPalette p = QApplication::style()->standardPalette();
    // The standard palette of some styles is grey on grey; keep the text black on white.
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::Text, Qt::black);
    p.setColor(QPalette::WindowText, Qt::black);
    return p;
}

}  // namespace

QStringList keys() { return {QStringLiteral("system"), QStringLiteral("light"), QStringLiteral("dark")}; }

QString name(const QString& key) {
    if (key == QLatin1String("light")) return QApplication::translate("theme", "Light");
    if (key == QLatin1String("dark")) return QApplication::translate("theme", "Dark");
    return QApplication::translate("theme", "System");
}

void apply(const QString& key) {
    systemPalette();  // remember the system's palette before the first change
    const QString k = keys().contains(key) ? key : QStringLiteral("system");
    currentKey() = k;
    QApplication::setPalette(k == QLatin1String("dark")    ? darkPalette()
                             : k == QLatin1String("light") ? lightPalette()
                                                           : systemPalette());
}

QString current() { return currentKey(); }

}  // namespace theme
