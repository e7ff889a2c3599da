// The lesson texts, read from :/lessons/presets.json (see presets.h), so that a teacher edits
// data, not code. A missing or malformed file is a build defect: it is reported once and the
// texts come back empty.
#include "presets.h"

#include "ui_language.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QtGlobal>

// At global scope: Q_INIT_RESOURCE declares the resource's init function where it is used, and
// attnscope_app is a static library, so its resources are only linked in when named.
static void initAttnscopeResources() { Q_INIT_RESOURCE(attnscope); }

namespace {

constexpr const char* kLessonsFile = ":/lessons/presets.json";

const QJsonObject& lessons() {
    static const QJsonObject root = [] {
        initAttnscopeResources();
        QFile file(QString::fromLatin1(kLessonsFile));
        if (!file.open(QIODevice::ReadOnly)) {
            qWarning("attnscope: cannot read the lesson texts %s: %s", kLessonsFile, qPrintable(file.errorString()));
            return QJsonObject();
        }
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
        if (!doc.isObject()) {
            qWarning("attnscope: %s is not a JSON object: %s", kLessonsFile, qPrintable(error.errorString()));
            return QJsonObject();
        }
        return doc.object();
    }();
    return root;
}

// The entry's name in the interface's language ("name_de" for German, else "name").
QString nameOf(const QJsonObject& p) {
    const QString german = p.value("name_de").toString();
    return uilanguage::current() == QLatin1String("de") && !german.isEmpty() ? german : p.value("name").toString();
}

QString defaultText(const char* key) { return lessons().value("defaults").toObject().value(key).toString(); }

}  // namespace

QVector<Preset> teachingPresets() {
    QVector<Preset> presets;
    for (const auto& entry : lessons().value("presets").toArray()) {
        const QJsonObject p = entry.toObject();
        presets.push_back({nameOf(p), p.value("text").toString(), p.value("pairText").toString()});
    }
    return presets;
}

QVector<Preset> translationPresets() {
    QVector<Preset> presets;
    for (const auto& entry : lessons().value("translationPresets").toArray()) {
        const QJsonObject p = entry.toObject();
        presets.push_back({nameOf(p), p.value("text").toString(), QString()});
    }
    return presets;
}

QString defaultEncoderText() { return defaultText("encoderText"); }

QString defaultTranslationText() { return defaultText("translationText"); }
