// Models from the Hugging Face Hub in the app: the pickers list the models of their family in
// the Hugging Face cache, their download entry opens the download dialog, and a model fetched
// from a fake Hub (fake_hub.h, 127.0.0.1) opens in its workspace. Failures and cancel leave
// the dialog usable. No real network.
#include "download_dialog.h"
#include "encoder_workspace.h"
#include "fake_hub.h"
#include "main_window.h"
#include "test_support.h"
#include "translation_workspace.h"

#include <QApplication>
#include <QComboBox>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

using namespace testsupport;
namespace fs = std::filesystem;

namespace {

const std::string kCommit = FakeHub::kCommit;

FakeHub::Repo repoFrom(const std::string& folder) { return FakeHub::repoFrom(folder); }

// The workspace's model picker (the combo box whose last entry is the download action).
QComboBox* pickerOf(Workspace* w) {
    for (auto* combo : w->findChildren<QComboBox*>())
        if (combo->count() > 0 && combo->itemText(combo->count() - 1) == w->downloadActionText()) return combo;
    return nullptr;
}

attnscope::hub::DownloadOptions optionsFor(const FakeHub& hub, const QTemporaryDir& cache) {
    return hub.optionsFor(cache.path());
}

}  // namespace

class TestDownload : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QApplication::setOrganizationName("attnscope-tests");
        QApplication::setApplicationName("tst_download");
        QSettings().clear();
        QSettings().setValue("view", 0);
    }

    // Each picker lists the cached models of its family, named by repository, and ends with
    // "Open model folder…" and its download entry.
    void pickersListTheCache() {
        QTemporaryDir cache;
        writeCachedModel(cache.path().toStdString(), "Helsinki-NLP/opus-mt-tiny", kCommit, dataPath("tiny_marian_tok"));
        writeCachedModel(cache.path().toStdString(), "prajjwal1/bert-tiny", kCommit, dataPath("tiny_bert_pt"));
        qputenv("HF_HUB_CACHE", cache.path().toUtf8());
        TranslationWorkspace translation;
        EncoderWorkspace encoder;
        const QStringList t = translation.modelPickerTexts();
        const QStringList e = encoder.modelPickerTexts();
        qunsetenv("HF_HUB_CACHE");
        QVERIFY2(t.filter("Helsinki-NLP/opus-mt-tiny (Hugging Face cache, 192 kB)").size() == 1, qPrintable(t.join(" | ")));
        QVERIFY2(t.filter("bert-tiny").isEmpty(), qPrintable(t.join(" | ")));
        QCOMPARE(t.last(), QString("Get a general-purpose translator…"));
        QCOMPARE(t.at(t.size() - 2), QString("Open model folder…"));
        QVERIFY2(e.filter("prajjwal1/bert-tiny (Hugging Face cache").size() == 1, qPrintable(e.join(" | ")));
        QVERIFY2(e.filter("opus-mt").isEmpty(), qPrintable(e.join(" | ")));
        QCOMPARE(e.last(), QString("Download from Hugging Face…"));
        QVERIFY(translation.modelChoices().contains(
            QDir::cleanPath(cache.path() + "/models--Helsinki-NLP--opus-mt-tiny/snapshots/" + q(kCommit))));
    }

    // The translation picker's "Get a general-purpose translator…" opens the dialog with the
    // opus-mt translators; one downloads from the fake Hub, opens in the translation tab under
    // its repository name, translates, and is in the picker afterwards.
    void getATranslatorFromThePicker() {
        FakeHub hub;
        QVERIFY(hub.running());
        hub.addRepo("Helsinki-NLP/opus-mt-en-fr", repoFrom(dataPath("tiny_marian_tok")));
        QTemporaryDir cache;
        qputenv("HF_HUB_CACHE", cache.path().toUtf8());
        MainWindow w;
        w.setDownloadOptions(optionsFor(hub, cache));
        w.showWorkspace("translation");
        w.show();
        QComboBox* picker = pickerOf(w.translationWorkspace());
        QVERIFY(picker);
        Q_EMIT picker->activated(picker->count() - 1);
        DownloadDialog* dialog = w.downloadDialog();
        QVERIFY(dialog);
        QStringList offered;
        for (int i = 0; i < dialog->suggestionList()->count(); ++i)
            offered << dialog->suggestionList()->item(i)->data(Qt::UserRole).toString();
        QVERIFY2(offered.contains("Helsinki-NLP/opus-mt-en-de") && offered.contains("Helsinki-NLP/opus-mt-de-en") &&
                     offered.contains("Helsinki-NLP/opus-mt-en-fr"),
                 qPrintable(offered.join(", ")));
        QVERIFY(!dialog->downloadButton()->isEnabled());  // nothing chosen yet
        dialog->suggestionList()->setCurrentRow(static_cast<int>(offered.indexOf("Helsinki-NLP/opus-mt-en-fr")));
        QCOMPARE(dialog->repoId(), QString("Helsinki-NLP/opus-mt-en-fr"));
        QVERIFY(dialog->downloadButton()->isEnabled());
        QSignalSpy done(dialog, &DownloadDialog::modelDownloaded);
        dialog->downloadButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 30000);
        const QString snapshot = done.first().first().toString();
        QVERIFY(snapshot.endsWith("models--Helsinki-NLP--opus-mt-en-fr/snapshots/" + q(kCommit)));
        QTRY_VERIFY(!w.downloadDialog());  // closed itself
        QCOMPARE(w.currentWorkspace(), static_cast<Workspace*>(w.translationWorkspace()));
        QTRY_COMPARE_WITH_TIMEOUT(w.translationWorkspace()->modelInfo().name, QString("Helsinki-NLP/opus-mt-en-fr"),
                                  30000);
        QVERIFY(w.translationWorkspace()->modelChoices().contains(QDir::cleanPath(snapshot)));
        w.translationWorkspace()->setText("Two dogs.");
        QTRY_VERIFY_WITH_TIMEOUT(w.translationWorkspace()->currentTranslation() &&
                                     w.translationWorkspace()->currentTranslation()->complete &&
                                     w.translationWorkspace()->currentTranslation()->text == "Two dogs.",
                                 30000);
        qunsetenv("HF_HUB_CACHE");
    }

    // A BERT model from File › Download model… lands in the encoder tab even when the
    // translation tab asked (the folder's family decides).
    void anEncoderOpensInTheEncoderTab() {
        FakeHub hub;
        hub.addRepo("org/bert-tiny", repoFrom(dataPath("tiny_bert_pt")));
        QTemporaryDir cache;
        MainWindow w;
        w.setDownloadOptions(optionsFor(hub, cache));
        w.showWorkspace("translation");
        DownloadDialog* dialog = w.openDownloadDialog(w.translationWorkspace());
        QCOMPARE(w.openDownloadDialog(w.encoderWorkspace()), dialog);  // one at a time
        dialog->setRepoId("org/bert-tiny");
        QSignalSpy done(dialog, &DownloadDialog::modelDownloaded);
        dialog->startDownload();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 30000);
        QCOMPARE(w.currentWorkspace(), static_cast<Workspace*>(w.encoderWorkspace()));
        QTRY_COMPARE_WITH_TIMEOUT(w.encoderWorkspace()->modelInfo().name, QString("org/bert-tiny"), 30000);
    }

    // Errors are shown in the dialog, which stays open and usable; cancel stops a transfer.
    void failuresAndCancel() {
        FakeHub hub;
        const auto repo = repoFrom(dataPath("tiny_marian_tok"));
        hub.addRepo("org/slow", repo);
        hub.stall("model.safetensors");
        QTemporaryDir cache;
        DownloadDialog dialog(attnscope::ModelFamily::Translator);
        dialog.setOptions(optionsFor(hub, cache));
        dialog.show();
        dialog.setRepoId("org/missing");
        QSignalSpy failed(&dialog, &DownloadDialog::downloadFailed);
        dialog.startDownload();
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 20000);
        QVERIFY2(dialog.messageText().contains("no model 'org/missing'"), qPrintable(dialog.messageText()));
        QVERIFY(dialog.isVisible());
        QVERIFY(dialog.downloadButton()->isEnabled());

        dialog.setRepoId("not a model id");
        QVERIFY(!dialog.downloadButton()->isEnabled());
        dialog.startDownload();
        QVERIFY(dialog.messageText().contains("not a model id"));
        QVERIFY(!dialog.isDownloading());

        dialog.setRepoId("org/slow");
        dialog.startDownload();
        QVERIFY(dialog.isDownloading());
        QTRY_VERIFY_WITH_TIMEOUT(hub.countRequests("/cdn/org/slow/" + kCommit + "/model.safetensors") == 1, 20000);
        dialog.reject();  // Close while downloading: cancels first, then closes
        QVERIFY(dialog.isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isDownloading(), 10000);
        QVERIFY2(dialog.messageText().contains("cancelled"), qPrintable(dialog.messageText()));
        QTRY_VERIFY(!dialog.isVisible());
        // What arrived before the cancel is kept for resuming.
        QVERIFY(fs::exists(fs::path(cache.path().toStdString()) / "models--org--slow" / "blobs" /
                           (FakeHub::sha256(repo.files.at("model.safetensors")) + ".incomplete")));
    }

    // Destroying the dialog mid-download neither hangs nor crashes.
    void closingTheWindowStopsTheDownload() {
        FakeHub hub;
        hub.addRepo("org/slow", repoFrom(dataPath("tiny_marian_tok")));
        hub.stall("model.safetensors");
        QTemporaryDir cache;
        QElapsedTimer timer;
        timer.start();
        {
            DownloadDialog dialog(attnscope::ModelFamily::Translator);
            dialog.setOptions(optionsFor(hub, cache));
            dialog.setRepoId("org/slow");
            dialog.startDownload();
            QTRY_VERIFY_WITH_TIMEOUT(hub.countRequests("/cdn/org/slow/" + kCommit + "/model.safetensors") == 1, 20000);
        }
        QVERIFY2(timer.elapsed() < 15000, "the destructor waits only for the transfer to notice the cancel");
    }
};

QTEST_MAIN(TestDownload)
#include "tst_download.moc"
