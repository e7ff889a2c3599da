// Tests for the compiled-in resources (resources/attnscope.qrc): the application icon renders
// at every size from the SVG and its PNG renderings load; the lesson texts moved from
// presets.cpp into resources/lessons/presets.json come back exactly as the old hard-coded
// list; the desktop entry and AppStream metadata agree with each other (and pass the
// validators when they are installed).
#include "presets.h"

#include <QtTest>

#include <QFile>
#include <QIcon>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>

#include <algorithm>

namespace {

const QString kAppId = QStringLiteral("io.github.attnscope.attnscope");

QString resourcesDir() { return QStringLiteral(ATTNSCOPE_TEST_DATA_DIR "/../../resources"); }

QString readText(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

// teachingPresets() as it was hard-coded in presets.cpp before the texts moved to JSON,
// copied verbatim: the move must not change a character.
QVector<Preset> hardCodedPresets() {
    const QString tired = QStringLiteral("The animal didn't cross the street because it was too tired.");
    const QString wide = QStringLiteral("The animal didn't cross the street because it was too wide.");
    return {
        {QStringLiteral("Winograd: \"it\" = the animal (too tired)"), tired, {}},
        {QStringLiteral("Winograd: \"it\" = the street (too wide)"), wide, {}},
        {QStringLiteral("Minimal pair: tired vs wide (which heads flip?)"), tired, wide},
        {QStringLiteral("Masked word: The [MASK] didn't cross the street..."),
         QStringLiteral("The [MASK] didn't cross the street because it was too tired."),
         {}},
        {QStringLiteral("Masked word: Paris is the [MASK] of France."),
         QStringLiteral("Paris is the [MASK] of France."),
         {}},
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

}  // namespace

class TestResources : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { Q_INIT_RESOURCE(attnscope); }

    void svgIconRenders_data() {
        QTest::addColumn<int>("size");
        for (int size : {16, 22, 24, 32, 48, 64, 128, 256}) QTest::addRow("%dpx", size) << size;
    }

    // The window icon main.cpp sets: the SVG through Qt's SVG icon engine, drawn at any size.
    void svgIconRenders() {
        QFETCH(int, size);
        const QIcon icon(QStringLiteral(":/icons/attnscope.svg"));
        QVERIFY(!icon.isNull());
        const QImage image = icon.pixmap(QSize(size, size)).toImage();
        QCOMPARE(image.size(), QSize(size, size));
        // The bright cell (row 2, column 1 of the 4x4 grid, centre at 104,152 of 256) is yellow.
        const QColor bright = image.pixelColor(104 * size / 256, 152 * size / 256);
        QVERIFY2(bright.red() > 200 && bright.green() > 180 && bright.blue() < 100,
                 qPrintable(QString("bright cell is %1").arg(bright.name())));
        // The background is the dark navy, opaque.
        const QColor frame = image.pixelColor(size / 2, 1 * size / 16);
        QVERIFY2(frame.alpha() == 255 && frame.lightness() < 60, qPrintable(frame.name(QColor::HexArgb)));
    }

    // The PNG renderings in the qrc load at their size; as one QIcon they list those sizes.
    void pngIconSizes() {
        const QList<int> sizes{16, 24, 32, 48, 64, 256};
        QIcon icon;
        for (int size : sizes) {
            const QString path = QString(":/icons/%1x%1/attnscope.png").arg(size);
            const QImage image(path);
            QVERIFY2(!image.isNull(), qPrintable(path));
            QCOMPARE(image.size(), QSize(size, size));
            icon.addFile(path, QSize(size, size));
        }
        QVERIFY(!icon.isNull());
        QList<int> available;
        for (const QSize& s : icon.availableSizes()) available.push_back(s.width());
        std::sort(available.begin(), available.end());
        QCOMPARE(available, sizes);
    }

    // The file parses, and every entry names only fields the Preset struct has (a misspelt
    // key would silently read as an empty text).
    void presetsJsonParses() {
        QFile file(QStringLiteral(":/lessons/presets.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QVERIFY(doc.isObject());
        const QJsonObject defaults = doc.object().value("defaults").toObject();
        const QStringList defaultKeys = defaults.keys();
        QCOMPARE(defaultKeys, (QStringList{"encoderText", "translationText"}));
        const QJsonArray presets = doc.object().value("presets").toArray();
        QVERIFY(!presets.isEmpty());
        const QSet<QString> fields{"name", "name_de", "text", "pairText"};
        for (const auto& entry : presets) {
            QVERIFY(entry.isObject());
            for (const QString& key : entry.toObject().keys()) QVERIFY2(fields.contains(key), qPrintable(key));
            QVERIFY(!entry.toObject().value("name").toString().isEmpty());
            QVERIFY(!entry.toObject().value("name_de").toString().isEmpty());  // the German interface's name
            QVERIFY(!entry.toObject().value("text").toString().isEmpty());
        }
        // The translation workspace's sentences: a name and an English text each.
        const QJsonArray translation = doc.object().value("translationPresets").toArray();
        QVERIFY(!translation.isEmpty());
        const QSet<QString> translationFields{"name", "name_de", "text"};
        for (const auto& entry : translation) {
            QVERIFY(entry.isObject());
            for (const QString& key : entry.toObject().keys())
                QVERIFY2(translationFields.contains(key), qPrintable(key));
            QVERIFY(!entry.toObject().value("name").toString().isEmpty());
            QVERIFY(!entry.toObject().value("text").toString().isEmpty());
        }
    }

    void teachingPresetsUnchanged() {
        const QVector<Preset> got = teachingPresets();
        const QVector<Preset> want = hardCodedPresets();
        QCOMPARE(got.size(), want.size());
        for (int i = 0; i < want.size(); ++i) {
            QCOMPARE(got[i].name, want[i].name);
            QCOMPARE(got[i].text, want[i].text);
            QCOMPARE(got[i].pairText, want[i].pairText);
        }
    }

    void defaultTexts() {
        QCOMPARE(defaultEncoderText(), QStringLiteral("The animal didn't cross the street because it was too tired."));
        QCOMPARE(defaultTranslationText(), QStringLiteral("A man in a blue shirt is standing on a ladder."));
    }

    // The .desktop entry and the metainfo are named by the app id and point at each other, the
    // binary and the icon.
    void desktopEntryMatchesMetainfo() {
        const QString desktop = readText(resourcesDir() + "/" + kAppId + ".desktop");
        const QString metainfo = readText(resourcesDir() + "/" + kAppId + ".metainfo.xml");
        QVERIFY(!desktop.isEmpty());
        QVERIFY(!metainfo.isEmpty());
        // The binary, given the file a file manager opens (a lesson), and the lesson MIME type,
        // which resources/attnscope-lesson.xml defines for *.attnscope.
        QVERIFY(desktop.contains(QRegularExpression("^Exec=attnscope %f$", QRegularExpression::MultilineOption)));
        QVERIFY(desktop.contains(
            QRegularExpression("^MimeType=application/x-attnscope-lesson;$", QRegularExpression::MultilineOption)));
        const QString mime = readText(resourcesDir() + "/attnscope-lesson.xml");
        QVERIFY(mime.contains("<mime-type type=\"application/x-attnscope-lesson\">"));
        QVERIFY(mime.contains("<glob pattern=\"*.attnscope\"/>"));
        QVERIFY(desktop.contains(QRegularExpression("^Icon=attnscope$", QRegularExpression::MultilineOption)));
        QVERIFY(metainfo.contains("<id>" + kAppId + "</id>"));
        QVERIFY(metainfo.contains("<launchable type=\"desktop-id\">" + kAppId + ".desktop</launchable>"));
        QVERIFY(metainfo.contains("<binary>attnscope</binary>"));
    }

    void validatorsAccept_data() {
        QTest::addColumn<QString>("program");
        QTest::addColumn<QStringList>("arguments");
        QTest::addRow("desktop-file-validate")
            << "desktop-file-validate" << QStringList{resourcesDir() + "/" + kAppId + ".desktop"};
        QTest::addRow("appstreamcli") << "appstreamcli"
                                      << QStringList{"validate", "--no-net",
                                                     resourcesDir() + "/" + kAppId + ".metainfo.xml"};
    }

    void validatorsAccept() {
        QFETCH(QString, program);
        QFETCH(QStringList, arguments);
        const QString path = QStandardPaths::findExecutable(program);
        if (path.isEmpty()) QSKIP(qPrintable(program + " is not installed"));
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(path, arguments);
        QVERIFY(process.waitForFinished(30000));
        const QString output = QString::fromUtf8(process.readAll());
        QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0, qPrintable(output));
    }
};

QTEST_MAIN(TestResources)
#include "tst_resources.moc"
