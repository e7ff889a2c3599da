// Where the built-in models live: next to the executable's tree first (installed layouts),
// then the source tree's models/ folder.
#pragma once

#include <QCoreApplication>
#include <QDir>
#include <QString>

inline QString builtInModelsDir() {
    const QDir beside(QCoreApplication::applicationDirPath() + "/../models");
    return beside.exists() ? beside.absolutePath() : QStringLiteral(ATTNSCOPE_DEFAULT_MODELS_DIR);
}
