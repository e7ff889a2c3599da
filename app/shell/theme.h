// The window's theme (View › Theme): the system's palette, or a light or dark one chosen here
// (remembered as the setting "theme"). The views follow through their palette: dark variants of
// the colour scales, text and lines. GUI thread only.
#pragma once

#include <QString>
#include <QStringList>

namespace theme {

// "system", "light", "dark".
QStringList keys();
QString name(const QString& key);  // for menus, translated
// Applies key to the application (unknown keys: "system"); the palette the application had
// before the first call is what "system" restores.
void apply(const QString& key);
QString current();

}  // namespace theme
