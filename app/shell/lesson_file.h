// Lesson files (.attnscope): a small JSON file that holds one screen of a lesson — the current
// workspace, each workspace's model, text (and minimal pair), view, layer/head, aggregation,
// selection and translation settings, the device and the presentation scale — so a teacher can
// prepare it once and open exactly that screen in class (File › Save lesson state / Open
// lesson, or `attnscope lesson.attnscope`).
//
//   {"format": "attnscope.lesson/1", "workspace": "translation", "device": "auto",
//    "presentation": {"on": true, "scale": 2.0},
//    "workspaces": {"encoder": {...}, "translation": {...}}}
//
// Models are stored portably where possible: "builtin:NAME" for the built-in models,
// "hf:ORG/NAME" for a snapshot in the Hugging Face cache, else the folder's absolute path.
// Reading checks everything before anything changes; a damaged or unknown file gives one clear
// message. GUI-free except for the Qt JSON types.
#pragma once

#include <QJsonObject>
#include <QString>

namespace lesson {

inline constexpr const char* kFormat = "attnscope.lesson/1";
inline constexpr const char* kSuffix = "attnscope";
// Larger files are refused unread (a lesson is a few kB).
inline constexpr qint64 kMaxBytes = 1 << 20;

// The reference stored for a model folder, and the folder a reference names ("" and *error set
// when it is not on this computer).
QString modelReference(const QString& dir);
QString resolveModelReference(const QString& reference, QString* error);

// Reads and parses a lesson file: the object, or an empty object and *error.
QJsonObject readFile(const QString& path, QString* error);
// Writes it (UTF-8, indented); an error message or "".
QString writeFile(const QString& path, const QJsonObject& lesson);

// Field readers for checkLessonState(): "" when the key is absent or of the right type, else
// what is wrong ("'layer' must be a number").
QString expectString(const QJsonObject& o, const char* key);
QString expectInt(const QJsonObject& o, const char* key, int min, int max);
QString expectBool(const QJsonObject& o, const char* key);

}  // namespace lesson
