// Tests for the out-of-domain signs (attnscope/translation_quality.h): the three signs on
// hand-made inputs, and the built-in caption model (models/attnscope-en-de) on a caption-like
// sentence (no warning) and on Bahdanau et al.'s European Economic Area sentence (warning).
#include "attnscope/translation_quality.h"
#include "test_support.h"

#include <QtTest>

using namespace testsupport;

class TestTranslationQuality : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void characterRuns_data() {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("translation");
        QTest::addColumn<QString>("run");
        QTest::newRow("letters") << "The agreement"
                                 << "Der Headaammaaaaa der Tomaten"
                                 << "aaaaa";
        QTest::newRow("digits not in the source") << "in August 1992."
                                                  << "im 199999"
                                                  << "99999";
        QTest::newRow("digits of the source") << "It costs 10000 euros."
                                              << "Es kostet 10000 Euro."
                                              << "";
        QTest::newRow("three in a row is German") << "Shipping"
                                                  << "Schifffahrt"
                                                  << "";
        QTest::newRow("case-insensitive") << "x"
                                          << "AAaa"
                                          << "aaaa";
        QTest::newRow("punctuation is not a word") << "Wait"
                                                   << "Warte ....."
                                                   << "";
        QTest::newRow("umlauts") << "x"
                                 << "ääää"
                                 << "ääää";
        QTest::newRow("empty") << ""
                               << ""
                               << "";
    }
    void characterRuns() {
        QFETCH(QString, source);
        QFETCH(QString, translation);
        QFETCH(QString, run);
        const auto q = attnscope::assessTranslation(source.toStdString(), translation.toStdString(), -1.0, 4);
        QCOMPARE(QString::fromStdString(q.characterRun), run);
    }

    void repeatedPhrases_data() {
        QTest::addColumn<QString>("translation");
        QTest::addColumn<QString>("phrase");
        QTest::newRow("a word three times") << "der der der Mann"
                                            << "der";
        QTest::newRow("a phrase three times") << "Ein Mann, ein Mann, ein Mann steht."
                                              << "ein mann";
        QTest::newRow("twice is language") << "Er sagt, die die Frau sieht."
                                           << "";
        QTest::newRow("apart is language") << "Der Mann in der Stadt in der Sonne."
                                           << "";
        QTest::newRow("four words") << "a b c d a b c d a b c d"
                                    << "a b c d";
        QTest::newRow("short") << "Hallo"
                               << "";
    }
    void repeatedPhrases() {
        QFETCH(QString, translation);
        QFETCH(QString, phrase);
        const auto q = attnscope::assessTranslation("x", translation.toStdString(), -1.0, 4);
        QCOMPARE(QString::fromStdString(q.repeatedPhrase), phrase);
    }

    void meanLogProbability() {
        attnscope::QualityThresholds t;
        t.minMeanLogProbability = -1.0;
        auto q = attnscope::assessTranslation("A dog.", "Ein Hund.", -2.0, 4, t);
        QCOMPARE(q.meanLogProbability, -0.5);
        QVERIFY(!q.lowConfidence);
        QVERIFY(!q.suspicious());
        QVERIFY(q.describe().empty());
        q = attnscope::assessTranslation("A dog.", "Ein Hund.", -6.0, 4, t);
        QCOMPARE(q.meanLogProbability, -1.5);
        QVERIFY(q.lowConfidence);
        QVERIFY(q.suspicious());
        QCOMPARE(QString::fromStdString(q.describe()), QString("mean log-probability -1.50 per token"));
        q = attnscope::assessTranslation("A dog.", "", 0.0, 0, t);  // nothing generated: no verdict
        QVERIFY(!q.lowConfidence);
        // The measured default is in the range the measurement gave (see translation_quality.cpp).
        const double threshold = attnscope::builtInModelThresholds().minMeanLogProbability;
        QVERIFY(threshold < -0.3 && threshold > -3.0);
    }

    // The committed built-in model: fine on a caption, flagged on the European sentence that
    // it turns into "Der Headaammaaaaa der Tomaten der 199999 ...".
    void builtInModel() {
        attnscope::TranslatorOptions o;
        o.device = attnscope::DeviceChoice::Cpu;
        const auto translator = attnscope::TextTranslator::load(dataPath("../../models/attnscope-en-de"), o);
        const auto options = attnscope::TranslateOptions::interactive(1);
        for (const char* caption : {"Two dogs are running on the beach.", "A little girl is climbing a tree."}) {
            const auto r = translator->translate(caption, options);
            const auto q = attnscope::assessTranslation(r);
            QVERIFY2(!q.suspicious(), qPrintable(QString::fromStdString(r.translation + " | " + q.describe())));
            QVERIFY(q.generatedTokens > 3);
        }
        const auto r =
            translator->translate("The agreement on the European Economic Area was signed in August 1992.", options);
        const auto q = attnscope::assessTranslation(r);
        QVERIFY2(q.suspicious(), qPrintable(QString::fromStdString(r.translation)));
        // Beam search scores the same way.
        const auto beam =
            translator->translate("The agreement on the European Economic Area was signed in August 1992.",
                                  attnscope::TranslateOptions::interactive(4));
        QVERIFY2(attnscope::assessTranslation(beam).suspicious(), qPrintable(QString::fromStdString(beam.translation)));
    }
};

QTEST_GUILESS_MAIN(TestTranslationQuality)
#include "tst_translation_quality.moc"
