// DownloadDialog: a Hub download on its own thread, progress and cancel in the dialog.
#include "download_dialog.h"

#include "attnscope/errors.h"
#include "attnscope/hub_cache.h"

#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QThread>
#include <QVBoxLayout>

using attnscope::ModelFamily;

QVector<DownloadDialog::Suggestion> DownloadDialog::suggestionsFor(ModelFamily family) {
    // Sizes are what the weights file weighs; every one of these opens in attnscope.
    if (family == ModelFamily::Translator)
        return {
            {QStringLiteral("Helsinki-NLP/opus-mt-en-de"), tr("English → German, general purpose · about 300 MB")},
            {QStringLiteral("Helsinki-NLP/opus-mt-de-en"), tr("German → English, general purpose · about 300 MB")},
            {QStringLiteral("Helsinki-NLP/opus-mt-en-fr"),
             tr("English → French (the language pair of Bahdanau et al.'s Fig. 3) · about 300 MB")},
            {QStringLiteral("Helsinki-NLP/opus-mt-fr-en"), tr("French → English · about 300 MB")},
        };
    if (family == ModelFamily::Generator)
        return {
            {QStringLiteral("openai-community/gpt2"), tr("GPT-2 (124M), Transformer Explainer's model · about 550 MB")},
            {QStringLiteral("distilbert/distilgpt2"), tr("DistilGPT-2, smaller and faster · about 350 MB")},
        };
    return {
        {QStringLiteral("google-bert/bert-base-uncased"), tr("BERT base, English, with its masked-word head · about 440 MB")},
        {QStringLiteral("distilbert/distilbert-base-uncased"),
         tr("DistilBERT base, English, with its masked-word head · about 270 MB")},
        {QStringLiteral("FacebookAI/roberta-base"), tr("RoBERTa base, English, with its masked-word head (<mask>) · about 500 MB")},
        {QStringLiteral("google-bert/bert-base-multilingual-cased"),
         tr("BERT base, 104 languages including German · about 710 MB")},
        {QStringLiteral("google-bert/bert-base-german-cased"), tr("BERT base, German · about 440 MB")},
    };
}

DownloadDialog::DownloadDialog(ModelFamily family, QWidget* parent)
    : QDialog(parent), family_(family), cancelFlag_(std::make_shared<std::atomic<bool>>(false)) {
    setWindowTitle(family == ModelFamily::Translator ? tr("Get a general-purpose translator")
                                                     : tr("Download a model from Hugging Face"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(
        family == ModelFamily::Translator
            ? tr("The built-in translator knows image captions only. These Marian (opus-mt) models from the "
                 "Hugging Face Hub translate general text. Pick one or type any model id (ORG/NAME).")
            : family == ModelFamily::Generator
                  ? tr("Pick a model or type any GPT-2 model id from the Hugging Face Hub (ORG/NAME).")
                  : tr("Pick a model or type any BERT, DistilBERT or RoBERTa model id from the Hugging Face Hub (ORG/NAME)."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    suggestions_ = new QListWidget(this);
    for (const auto& s : suggestionsFor(family)) {
        auto* item = new QListWidgetItem(s.repoId + "\n    " + s.description, suggestions_);
        item->setData(Qt::UserRole, s.repoId);
    }
    layout->addWidget(suggestions_, 1);

    auto* idRow = new QHBoxLayout;
    idRow->addWidget(new QLabel(tr("Model id:"), this));
    repoEdit_ = new QLineEdit(this);
    repoEdit_->setPlaceholderText(tr("e.g. Helsinki-NLP/opus-mt-en-de"));
    repoEdit_->setClearButtonEnabled(true);
    idRow->addWidget(repoEdit_, 1);
    layout->addLayout(idRow);

    cacheLabel_ = new QLabel(this);
    cacheLabel_->setWordWrap(true);
    cacheLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(cacheLabel_);

    progress_ = new QProgressBar(this);
    progress_->setRange(0, 1000);
    progress_->setValue(0);
    progress_->setTextVisible(true);
    progress_->setFormat(QString());
    layout->addWidget(progress_);
    message_ = new QLabel(this);
    message_->setWordWrap(true);
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(message_);

    buttons_ = new QDialogButtonBox(this);
    download_ = buttons_->addButton(tr("&Download and open"), QDialogButtonBox::AcceptRole);
    cancel_ = buttons_->addButton(tr("Cancel download"), QDialogButtonBox::ActionRole);
    buttons_->addButton(QDialogButtonBox::Close);
    layout->addWidget(buttons_);

    connect(suggestions_, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* item) {
        if (item && !isDownloading()) repoEdit_->setText(item->data(Qt::UserRole).toString());
    });
    connect(suggestions_, &QListWidget::itemDoubleClicked, this, [this] { startDownload(); });
    connect(repoEdit_, &QLineEdit::textChanged, this, [this] { setBusy(isDownloading()); });
    connect(repoEdit_, &QLineEdit::returnPressed, this, &DownloadDialog::startDownload);
    connect(download_, &QPushButton::clicked, this, &DownloadDialog::startDownload);
    connect(cancel_, &QPushButton::clicked, this, &DownloadDialog::cancelDownload);
    connect(buttons_, &QDialogButtonBox::rejected, this, &DownloadDialog::reject);
    setBusy(false);
    resize(640, 460);
}

DownloadDialog::~DownloadDialog() {
    if (thread_) {
        *cancelFlag_ = true;  // the transfer notices within about a second
        thread_->wait();
    }
}

void DownloadDialog::setOptions(const attnscope::hub::DownloadOptions& options) {
    options_ = options;
    setBusy(isDownloading());  // the cache folder shown
}

void DownloadDialog::setRepoId(const QString& repoId) { repoEdit_->setText(repoId); }
QString DownloadDialog::repoId() const { return repoEdit_->text().trimmed(); }
QString DownloadDialog::messageText() const { return message_->text(); }

void DownloadDialog::setBusy(bool busy) {
    const QString cache = QString::fromStdString(options_.cacheDir.empty() ? attnscope::hub::defaultCacheDir()
                                                                           : options_.cacheDir);
    cacheLabel_->setText(tr("Into the Hugging Face cache (%1), where Python's transformers finds it too. Only the "
                            "files attnscope reads are fetched; an interrupted download resumes.")
                             .arg(cache));
    download_->setEnabled(!busy && attnscope::hub::isRepoId(repoId().toStdString()));
    cancel_->setEnabled(busy);
    cancel_->setVisible(busy);
    repoEdit_->setEnabled(!busy);
    suggestions_->setEnabled(!busy);
}

void DownloadDialog::startDownload() {
    if (isDownloading()) return;
    const QString id = repoId();
    if (!attnscope::hub::isRepoId(id.toStdString())) {
        message_->setText(tr("'%1' is not a model id: type ORG/NAME, e.g. Helsinki-NLP/opus-mt-en-de.").arg(id));
        return;
    }
    downloadingRepo_ = id;
    *cancelFlag_ = false;
    closeAfterCancel_ = false;
    progress_->setValue(0);
    progress_->setFormat(tr("Asking the Hub about %1…").arg(id));
    message_->clear();
    const auto options = options_;
    const auto cancel = cancelFlag_;
    const std::string repo = id.toStdString();
    thread_ = QThread::create([this, options, cancel, repo] {
        QString dir, error;
        bool cancelled = false;
        QElapsedTimer sinceLast;
        sinceLast.start();
        std::string lastFile;
        try {
            const auto snapshot = attnscope::hub::downloadModel(
                repo, options, [&](std::uint64_t done, std::uint64_t total, const std::string& file) {
                    if (*cancel) return false;
                    // At most ten updates a second, and one per new file.
                    if (file != lastFile || sinceLast.elapsed() >= 100 || done == total) {
                        lastFile = file;
                        sinceLast.restart();
                        const QString f = QString::fromStdString(file);
                        QMetaObject::invokeMethod(
                            this, [this, done, total, f] { showProgress(done, total, f); }, Qt::QueuedConnection);
                    }
                    return true;
                });
            dir = QString::fromStdString(snapshot);
        } catch (const attnscope::CancelledError&) {
            cancelled = true;
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
        }
        QMetaObject::invokeMethod(
            this, [this, dir, error, cancelled] { finished(dir, error, cancelled); }, Qt::QueuedConnection);
    });
    connect(thread_, &QThread::finished, thread_, &QObject::deleteLater);
    setBusy(true);
    thread_->start();
}

void DownloadDialog::cancelDownload() {
    if (!isDownloading()) return;
    *cancelFlag_ = true;
    progress_->setFormat(tr("Cancelling…"));
}

void DownloadDialog::reject() {
    if (isDownloading()) {
        closeAfterCancel_ = true;
        cancelDownload();
        return;  // closes when the transfer has stopped (finished())
    }
    QDialog::reject();
}

void DownloadDialog::showProgress(quint64 done, quint64 total, const QString& file) {
    if (!isDownloading()) return;
    progress_->setValue(total ? static_cast<int>(1000.0 * done / total) : 0);
    const QString size = tr("%1 of %2").arg(QString::fromStdString(attnscope::hub::formatBytes(done)),
                                            QString::fromStdString(attnscope::hub::formatBytes(total)));
    progress_->setFormat(file.isEmpty() ? size : tr("%1 · %2").arg(size, file));
}

void DownloadDialog::finished(const QString& dir, const QString& error, bool cancelled) {
    if (thread_) thread_->wait();
    thread_ = nullptr;  // deletes itself (finished -> deleteLater)
    const QString repo = downloadingRepo_;
    setBusy(false);
    if (cancelled) {
        progress_->setFormat(tr("Cancelled"));
        message_->setText(tr("The download of %1 was cancelled. What arrived is kept; downloading again resumes it.")
                              .arg(repo));
        if (closeAfterCancel_) QDialog::reject();
        return;
    }
    if (!error.isEmpty()) {
        progress_->setFormat(tr("Failed"));
        message_->setText(error);
        Q_EMIT downloadFailed(error);
        return;
    }
    progress_->setValue(progress_->maximum());
    progress_->setFormat(tr("Done"));
    message_->setText(tr("%1 is in %2").arg(repo, dir));
    Q_EMIT modelDownloaded(dir, repo);
    accept();
}
