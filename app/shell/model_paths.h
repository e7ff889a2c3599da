// Where the built-in models live (next to the executable's tree first, for installed layouts,
// then the source tree's models/ folder), and what a model folder is called on screen.
#pragma once

#include "attnscope/hub_cache.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QString>

// What to call a model folder in the picker, the status line and the title: ORG/NAME for a
// snapshot in the Hugging Face cache (not its commit hash), else the folder's name.
inline QString modelDisplayName(const QString& dir) {
    const std::string repo = attnscope::hub::repoIdOfSnapshot(QDir::cleanPath(dir).toStdString());
    return repo.empty() ? QFileInfo(QDir::cleanPath(dir)).fileName() : QString::fromStdString(repo);
}

inline QString builtInModelsDir() {
    const QDir beside(QCoreApplication::applicationDirPath() + "/../models");
    return beside.exists() ? beside.absolutePath() : QStringLiteral(ATTNSCOPE_DEFAULT_MODELS_DIR);
}
