// The attnscope executable's command line, run as a user would (offscreen): bad sizes, a
// missing model folder, unknown languages, colours and guide steps get one clear line on
// stderr and exit code 2 (or a window that says what is wrong) — never a crash. A good
// screenshot run writes its PNG.
#include "test_support.h"

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

struct Run {
    int exitCode = -1;
    QProcess::ExitStatus status = QProcess::CrashExit;
    QString out, err;
};

Run runApp(const QStringList& args, int timeoutMs = 120000) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("QT_QPA_PLATFORM", "offscreen");
    env.insert("XDG_CONFIG_HOME", QDir::temp().filePath("attnscope-tst-app-cli-config"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(ATTNSCOPE_APP_BINARY), args);
    Run r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitCode();
    r.status = p.exitStatus();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

}  // namespace

class TestAppCommandLine : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void refusedWithOneLine_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("huge size") << QStringList{"--size", "100000x100000", "--screenshot", "x.png"} << "--size takes";
        QTest::newRow("zero size") << QStringList{"--size", "0x0", "--screenshot", "x.png"} << "--size takes";
        QTest::newRow("no size") << QStringList{"--size", "big", "--screenshot", "x.png"} << "--size takes";
        QTest::newRow("language") << QStringList{"--language", "fr"} << "--language takes";
        QTest::newRow("colours") << QStringList{"--colours", "rainbow"} << "--colours takes";
        QTest::newRow("theme") << QStringList{"--theme", "neon"} << "--theme takes";
        QTest::newRow("guide step") << QStringList{"--guide", "99"} << "--guide takes a step from 1 to 7";
        QTest::newRow("presentation") << QStringList{"--presentation", "900"} << "--presentation takes";
        QTest::newRow("view") << QStringList{"--view", "nonsense"} << "nonsense";
        QTest::newRow("ablate") << QStringList{"--ablate", "1:x"} << "--ablate:";
    }
    void refusedWithOneLine() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        QTemporaryDir dir;
        for (QString& a : args)
            if (a == "x.png") a = dir.filePath("x.png");
        const Run r = runApp(args);
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(dir.filePath("x.png")));
    }

    // A model folder that is not there: said on stderr, and the window's picture shows it too.
    void missingModelIsSaid() {
        QTemporaryDir dir;
        const QString shot = dir.filePath("missing.png");
        const Run r = runApp({"--model", dir.filePath("no-such-model"), "--view", "heatmap", "--size", "800x600",
                              "--screenshot", shot});
        QCOMPARE(r.status, QProcess::NormalExit);
        QVERIFY2(r.err.contains("no-such-model: no such folder"), qPrintable(r.err));
        QCOMPARE(r.exitCode, 1);  // the error the window showed is what was shot
        QCOMPARE(QImage(shot).size(), QSize(800, 600));
    }

    // --ablate: the first result with every head on, then the heads off; the screenshot is taken
    // of the second (the status line lists the heads), and the run ends.
    void ablateThenShoot() {
        QTemporaryDir dir;
        const QString shot = dir.filePath("ablated.png");
        const Run r = runApp({"--model", testsupport::q(testsupport::dataPath("tiny_bert")), "--view", "masked", "--text",
                              "the [MASK] sat on the mat.", "--ablate", "0:1,1:2", "--size", "900x700",
                              "--screenshot", shot});
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("wrote"), qPrintable(r.out + r.err));
        QCOMPARE(QImage(shot).size(), QSize(900, 700));
    }
};

QTEST_MAIN(TestAppCommandLine)
#include "tst_app_command_line.moc"
