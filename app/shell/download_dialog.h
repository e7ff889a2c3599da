// File › Download model…: fetches a model from the Hugging Face Hub into the Hugging Face
// cache (attnscope::hub::downloadModel on a thread of its own) with a progress bar and
// cancel, then hands the snapshot folder to whoever opens it (modelDownloaded). Offers a few
// well-known models of the asking workspace's family (the opus-mt translators for the
// translation tab) and takes any ORG/NAME. Closing the dialog cancels a running download; what
// arrived is kept and resumed next time. GUI thread only.
#pragma once

#include "attnscope/hub_download.h"
#include "attnscope/model_registry.h"

#include <QDialog>

#include <atomic>
#include <memory>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QThread;

class DownloadDialog : public QDialog {
    Q_OBJECT
public:
    struct Suggestion {
        QString repoId;
        QString description;  // "English → German · about 300 MB"
    };
    // Well-known models attnscope opens, for a family.
    static QVector<Suggestion> suggestionsFor(attnscope::ModelFamily family);

    explicit DownloadDialog(attnscope::ModelFamily family, QWidget* parent = nullptr);
    ~DownloadDialog() override;

    // Endpoint, cache folder, token (tests point it at a fake Hub).
    void setOptions(const attnscope::hub::DownloadOptions& options);
    void setRepoId(const QString& repoId);
    QString repoId() const;
    bool isDownloading() const { return thread_ != nullptr; }
    QString messageText() const;  // the status/error line
    QListWidget* suggestionList() const { return suggestions_; }
    QPushButton* downloadButton() const { return download_; }

public Q_SLOTS:
    void startDownload();
    void cancelDownload();
    void reject() override;  // Close / Esc: cancels a running download first, then closes

Q_SIGNALS:
    // The snapshot folder of repoId, ready to open.
    void modelDownloaded(const QString& dir, const QString& repoId);
    void downloadFailed(const QString& message);

private:
    void setBusy(bool busy);
    void showProgress(quint64 done, quint64 total, const QString& file);
    void finished(const QString& dir, const QString& error, bool cancelled);

    attnscope::ModelFamily family_;
    attnscope::hub::DownloadOptions options_;
    QListWidget* suggestions_ = nullptr;
    QLineEdit* repoEdit_ = nullptr;
    QLabel* cacheLabel_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* message_ = nullptr;
    QPushButton* download_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QDialogButtonBox* buttons_ = nullptr;
    QThread* thread_ = nullptr;
    std::shared_ptr<std::atomic<bool>> cancelFlag_;
    QString downloadingRepo_;
    bool closeAfterCancel_ = false;
};
