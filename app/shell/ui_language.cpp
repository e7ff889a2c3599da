// uilanguage: QTranslator set-up for the interface's language.
#include "ui_language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

#include <memory>
#include <vector>

namespace uilanguage {
namespace {

std::vector<std::unique_ptr<QTranslator>>& installed() {
    static std::vector<std::unique_ptr<QTranslator>> translators;
    return translators;
}

QString& currentCode() {
    static QString code = QStringLiteral("en");
    return code;
}

}  // namespace

QStringList available() { return {QStringLiteral("en"), QStringLiteral("de")}; }

QString nativeName(const QString& code) {
    if (code == QLatin1String("de")) return QStringLiteral("Deutsch");
    return QStringLiteral("English");
}

QString setting() {
    const QString code = QSettings().value(QStringLiteral("language")).toString();
    return available().contains(code) ? code : QString();
}

void setSetting(const QString& code) {
    QSettings().setValue(QStringLiteral("language"), available().contains(code) ? code : QString());
}

QString systemLanguage() {
    return QLocale().language() == QLocale::German ? QStringLiteral("de") : QStringLiteral("en");
}

QString resolve(const QString& choice) { return available().contains(choice) ? choice : systemLanguage(); }

bool install(const QString& code) {
    auto& translators = installed();
    for (auto& t : translators) QCoreApplication::removeTranslator(t.get());
    translators.clear();
    currentCode() = QStringLiteral("en");
    // Numbers as the language writes them ("0,68" in German); no thousands separators in views.
    QLocale numbers = code == QLatin1String("de")                    ? QLocale(QLocale::German, QLocale::Germany)
                      : QLocale::system().language() == QLocale::English ? QLocale::system()
                                                                          : QLocale(QLocale::English, QLocale::UnitedStates);
    numbers.setNumberOptions(QLocale::OmitGroupSeparator);
    QLocale::setDefault(numbers);
    if (code != QLatin1String("de")) return true;
    auto own = std::make_unique<QTranslator>();
    if (!own->load(QStringLiteral(":/i18n/attnscope_de.qm"))) return false;
    QCoreApplication::installTranslator(own.get());
    translators.push_back(std::move(own));
    // Qt's own strings (standard buttons, file dialogs), when the system has them.
    auto qt = std::make_unique<QTranslator>();
    if (qt->load(QLocale(QLocale::German), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt.get());
        translators.push_back(std::move(qt));
    }
    currentCode() = code;
    return true;
}

QString current() { return currentCode(); }

}  // namespace uilanguage
