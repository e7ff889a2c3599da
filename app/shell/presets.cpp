// The preset sentences.
#include "presets.h"

QVector<Preset> teachingPresets() {
    const QString tired = QStringLiteral("The animal didn't cross the street because it was too tired.");
    const QString wide = QStringLiteral("The animal didn't cross the street because it was too wide.");
    return {
        {QStringLiteral("Winograd: \"it\" = the animal (too tired)"), tired, {}},
        {QStringLiteral("Winograd: \"it\" = the street (too wide)"), wide, {}},
        {QStringLiteral("Minimal pair: tired vs wide (which heads flip?)"), tired, wide},
        {QStringLiteral("Masked word: The [MASK] didn't cross the street..."),
         QStringLiteral("The [MASK] didn't cross the street because it was too tired."), {}},
        {QStringLiteral("Masked word: Paris is the [MASK] of France."), QStringLiteral("Paris is the [MASK] of France."), {}},
        {QStringLiteral("Long paragraph"),
         QStringLiteral("Attention lets every word in a sentence look at every other word and decide how much each one "
                        "matters. In the first layers many heads look at the next or the previous word, or at the "
                        "full stop; deeper layers often connect words that belong together, such as a verb and its "
                        "object, or a pronoun and the noun it refers to. Teachers use these pictures to show that a "
                        "transformer does not read from left to right like a person: it compares all the words at "
                        "once, many times over, and builds its understanding layer by layer."),
         {}},
    };
}
