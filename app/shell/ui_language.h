// The user interface's language: English (the source texts) or German (Qt Linguist's
// resources/translations/attnscope_de.ts, compiled to .qm at build time and embedded under
// :/i18n/, plus Qt's own German texts for standard buttons and dialogs when Debian's
// qt6-translations-l10n is installed). The system locale chooses unless View › Language was set
// (remembered as the setting "language": "", "en" or "de"). GUI thread only.
#pragma once

#include <QString>
#include <QStringList>

namespace uilanguage {

// The languages the interface exists in ("en", "de"), and each one's own name ("Deutsch").
QStringList available();
QString nativeName(const QString& code);

// The remembered choice: "" (follow the system), "en" or "de".
QString setting();
void setSetting(const QString& code);
// What the system locale asks for among available() ("de" for any German locale, else "en").
QString systemLanguage();
// The language in use for a choice: the choice when available, else the system's.
QString resolve(const QString& choice);

// Installs the translators for code on the application (replacing those installed before);
// "en" removes them. False when the German texts could not be loaded (the interface stays
// English).
bool install(const QString& code);
// The language install() put in place ("en" before any call).
QString current();

}  // namespace uilanguage
