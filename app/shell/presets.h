// Sentences that teach something, offered in the preset menu.
#pragma once

#include <QString>
#include <QVector>

struct Preset {
    QString name;
    QString text;
    QString pairText;  // non-empty: opens the minimal-pair comparison
};

QVector<Preset> teachingPresets();
