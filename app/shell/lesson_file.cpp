// Lesson files: JSON reading and writing, portable model references.
#include "lesson_file.h"

#include "model_paths.h"

#include "attnscope/hub_cache.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonValue>
#include <QSaveFile>

namespace lesson {

namespace {
QString tr(const char* text) { return QCoreApplication::translate("lesson", text); }
}  // namespace

QString modelReference(const QString& dir) {
    if (dir.isEmpty()) return {};
    const QString clean = QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    const QString builtIn = QDir::cleanPath(QFileInfo(builtInModelsDir()).absoluteFilePath());
    if (QFileInfo(clean).absolutePath() == builtIn) return QStringLiteral("builtin:") + QFileInfo(clean).fileName();
    const std::string repo = attnscope::hub::repoIdOfSnapshot(clean.toStdString());
    if (!repo.empty()) return QStringLiteral("hf:") + QString::fromStdString(repo);
    return clean;
}

QString resolveModelReference(const QString& reference, QString* error) {
    QString dir;
    if (reference.startsWith(QLatin1String("builtin:"))) {
        const QString name = reference.mid(8);
        if (name.isEmpty() || name.contains('/') || name.contains('\\') || name.startsWith('.')) {
            *error = tr("the built-in model name \"%1\" is not valid").arg(name);
            return {};
        }
        dir = QDir(builtInModelsDir()).filePath(name);
    } else if (reference.startsWith(QLatin1String("hf:"))) {
        const std::string repo = reference.mid(3).toStdString();
        dir = QString::fromStdString(attnscope::hub::findSnapshot(repo));
        if (!attnscope::hub::isRepoId(repo) || dir.isEmpty()) {
            *error = tr("it uses the model %1, which is not in this computer's Hugging Face cache (get it with "
                        "File › Download model…)")
                         .arg(reference.mid(3));
            return {};
        }
    } else {
        dir = reference;
    }
    if (!QFileInfo(dir).isDir()) {
        *error = tr("it uses the model folder %1, which is not on this computer").arg(dir);
        return {};
    }
    return dir;
}

QJsonObject readFile(const QString& path, QString* error) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = tr("Cannot open %1: %2").arg(path, f.errorString());
        return {};
    }
    if (f.size() > kMaxBytes) {
        *error = tr("%1 is not a lesson file (%2 bytes; lesson files are a few kB)").arg(path).arg(f.size());
        return {};
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = tr("%1 is not a lesson file: it is not a JSON object (%2)")
                     .arg(path, parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                                             : tr("another JSON value"));
        return {};
    }
    const QJsonObject o = doc.object();
    if (o.value("format").toString() != QLatin1String(kFormat)) {
        *error = tr("%1 is not an attnscope lesson file (\"format\" is \"%2\", expected \"%3\")")
                     .arg(path, o.value("format").toVariant().toString(), QLatin1String(kFormat));
        return {};
    }
    return o;
}

QString writeFile(const QString& path, const QJsonObject& lesson) {
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return tr("Cannot write %1: %2").arg(path, f.errorString());
    f.write(QJsonDocument(lesson).toJson(QJsonDocument::Indented));
    if (!f.commit()) return tr("Cannot write %1: %2").arg(path, f.errorString());
    return {};
}

QString expectString(const QJsonObject& o, const char* key) {
    const auto v = o.value(QLatin1String(key));
    return v.isUndefined() || v.isString() ? QString() : tr("\"%1\" must be text").arg(QLatin1String(key));
}

QString expectInt(const QJsonObject& o, const char* key, int min, int max) {
    const auto v = o.value(QLatin1String(key));
    if (v.isUndefined()) return {};
    const double d = v.toDouble(-1e300);
    if (!v.isDouble() || d != static_cast<double>(static_cast<long long>(d)) || d < min || d > max)
        return tr("\"%1\" must be a whole number from %2 to %3").arg(QLatin1String(key)).arg(min).arg(max);
    return {};
}

QString expectBool(const QJsonObject& o, const char* key) {
    const auto v = o.value(QLatin1String(key));
    return v.isUndefined() || v.isBool() ? QString() : tr("\"%1\" must be true or false").arg(QLatin1String(key));
}

}  // namespace lesson
