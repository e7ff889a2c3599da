// The lesson texts: sentences that teach something, offered in the preset menu, and the texts
// the workspaces start with on a first run. They live in resources/lessons/presets.json
// (compiled in as :/lessons/presets.json), read once; call from the GUI thread.
#pragma once

#include <QString>
#include <QVector>

struct Preset {
    QString name;  // in the interface's language ("name_de" in the file for German)
    QString text;
    QString pairText;  // non-empty: opens the minimal-pair comparison
};

QVector<Preset> teachingPresets();
// The translation workspace's sentences (English; no pair text), from "translationPresets".
QVector<Preset> translationPresets();

// The sentence the encoder workspace shows when no text was saved.
QString defaultEncoderText();
// The English sentence the translation workspace shows when no text was saved.
QString defaultTranslationText();
