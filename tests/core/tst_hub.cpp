// The Hugging Face cache (finding models) and downloads from a fake Hub on 127.0.0.1
// (fake_hub.h): layout shared with huggingface_hub, file choice per family, resume, hash
// checks, and the messages for every failure. No real network.
#include "attnscope/errors.h"
#include "attnscope/hub_cache.h"
#include "attnscope/hub_download.h"
#include "attnscope/marian_text.h"
#include "attnscope/model_registry.h"
#include "fake_hub.h"
#include "test_support.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <filesystem>

using namespace attnscope;
using namespace testsupport;
namespace fs = std::filesystem;

namespace {

const std::string kCommit = FakeHub::kCommit;
const std::string kCommit2 = "89abcdef0123456789abcdef0123456789abcdef";

hub::DownloadOptions optionsFor(const FakeHub& hub, const QTemporaryDir& cache) { return hub.optionsFor(cache.path()); }

FakeHub::Repo repoFrom(const std::string& folder, const std::string& commit = kCommit) {
    return FakeHub::repoFrom(folder, commit);
}

std::string translateWith(const std::string& dir) {
    auto t = TextTranslator::load(dir, cpuOptions());
    TranslateOptions o;
    o.maxNewTokens = 12;
    std::string ids;
    for (const auto& tok : t->translate("Two dogs are running on the beach.", o).targetTokens)
        ids += std::to_string(tok.id) + " ";
    return ids;
}

}  // namespace

class TestHub : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cacheFolderFollowsTheEnvironment() {
        const QByteArray saved[4] = {qgetenv("HF_HUB_CACHE"), qgetenv("HF_HOME"), qgetenv("XDG_CACHE_HOME"),
                                     qgetenv("HOME")};
        qunsetenv("HF_HUB_CACHE");
        qunsetenv("HF_HOME");
        qunsetenv("XDG_CACHE_HOME");
        qputenv("HOME", "/home/teacher");
        QCOMPARE(hub::defaultCacheDir(), std::string("/home/teacher/.cache/huggingface/hub"));
        qputenv("XDG_CACHE_HOME", "/xdg");
        QCOMPARE(hub::defaultCacheDir(), std::string("/xdg/huggingface/hub"));
        qputenv("HF_HOME", "/hf");
        QCOMPARE(hub::defaultCacheDir(), std::string("/hf/hub"));
        qputenv("HF_HUB_CACHE", "/cache");
        QCOMPARE(hub::defaultCacheDir(), std::string("/cache"));
        const char* names[4] = {"HF_HUB_CACHE", "HF_HOME", "XDG_CACHE_HOME", "HOME"};
        for (int i = 0; i < 4; ++i) {
            if (saved[i].isNull())
                qunsetenv(names[i]);
            else
                qputenv(names[i], saved[i]);
        }
    }

    void repoIds() {
        for (const char* good : {"Helsinki-NLP/opus-mt-en-de", "bert-base-uncased", "a/b", "org_1/name.v2"})
            QVERIFY2(hub::isRepoId(good), good);
        for (const char* bad : {"", "/", "a/", "/b", "a/b/c", "../etc", "a/..", "a b/c", "org/na..me", ".hidden/x",
                                "org/name\n", "ü/x"})
            QVERIFY2(!hub::isRepoId(bad), bad);
        QCOMPARE(hub::repoFolderName("Helsinki-NLP/opus-mt-en-de"), std::string("models--Helsinki-NLP--opus-mt-en-de"));
        QCOMPARE(hub::repoIdOfSnapshot("/c/hub/models--Helsinki-NLP--opus-mt-en-de/snapshots/" + kCommit),
                 std::string("Helsinki-NLP/opus-mt-en-de"));
        QCOMPARE(hub::repoIdOfSnapshot("/c/hub/models--bert-base-uncased/snapshots/" + kCommit + "/"),
                 std::string("bert-base-uncased"));
        QCOMPARE(hub::repoIdOfSnapshot("/work/models/attnscope-en-de"), std::string());
        QCOMPARE(hub::repoIdOfSnapshot("/c/hub/datasets--x--y/snapshots/" + kCommit), std::string());
    }

    // Models in the cache are listed with what they are and whether attnscope can open them.
    void listsTheCache() {
        QTemporaryDir cache;
        const fs::path c = cache.path().toStdString();
        writeCachedModel(c, "Helsinki-NLP/opus-mt-tiny", kCommit, dataPath("tiny_marian_tok"));
        writeCachedModel(c, "Helsinki-NLP/opus-mt-tiny", kCommit2, dataPath("tiny_bert"), false);  // an older snapshot
        writeCachedModel(c, "prajjwal1/bert-tiny", kCommit, dataPath("tiny_bert_pt"));
        writeCachedModel(c, "someone/half-done", kCommit, dataPath("tiny_bert"), true, {"config.json"});
        writeCachedModel(c, "someone/no-tokenizer", kCommit, dataPath("tiny_marian_tok"), true,
                   {"config.json", "model.safetensors"});
        fs::create_directories(c / "models--google-t5--t5-small" / "snapshots" / kCommit);
        writeText((c / "models--google-t5--t5-small" / "snapshots" / kCommit / "config.json").string(),
                  R"({"model_type": "t5"})");
        fs::create_directories(c / "datasets--wmt--wmt14" / "snapshots" / kCommit);
        fs::create_directories(c / ".locks");

        const auto models = hub::listCachedModels(c.string());
        QStringList ids;
        for (const auto& m : models) ids << q(m.repoId);
        QCOMPARE(ids, QStringList({"Helsinki-NLP/opus-mt-tiny", "google-t5/t5-small", "prajjwal1/bert-tiny",
                                   "someone/half-done", "someone/no-tokenizer"}));
        const auto& marian = models[0];
        QVERIFY2(marian.usable(), marian.problem.c_str());
        QCOMPARE(marian.family, ModelFamily::Translator);
        QCOMPARE(marian.modelType, std::string("marian"));
        QCOMPARE(marian.revision, kCommit);  // refs/main wins over the other snapshot
        QCOMPARE(marian.weightsFile, std::string("model.safetensors"));
        QCOMPARE(marian.weightsBytes, static_cast<std::uint64_t>(fs::file_size(dataPath("tiny_marian_tok/model.safetensors"))));
        QVERIFY(q(models[1].problem).contains("t5"));
        QVERIFY(!models[1].usable());
        QVERIFY(models[2].usable());
        QCOMPARE(models[2].family, ModelFamily::Encoder);
        QCOMPARE(models[2].weightsFile, std::string("pytorch_model.bin"));
        QVERIFY(q(models[3].problem).contains("neither model.safetensors nor pytorch_model.bin"));
        QVERIFY2(q(models[4].problem).contains("source.spm"), models[4].problem.c_str());
        // GPT-2, RoBERTa and DistilBERT snapshots: usable, in the family whose tab opens them.
        QTemporaryDir more;
        const fs::path m = more.path().toStdString();
        writeCachedModel(m, "openai-community/gpt2", kCommit, dataPath("tiny_gpt2"));
        writeCachedModel(m, "FacebookAI/roberta-base", kCommit, dataPath("tiny_roberta"));
        writeCachedModel(m, "distilbert/distilbert-base-uncased", kCommit, dataPath("tiny_distilbert"));
        writeCachedModel(m, "someone/roberta-no-merges", kCommit, dataPath("tiny_roberta"), true,
                         {"config.json", "model.safetensors", "vocab.json"});
        for (const auto& model : hub::listCachedModels(m.string())) {
            if (model.repoId == "someone/roberta-no-merges") {
                QVERIFY2(q(model.problem).contains("merges.txt"), model.problem.c_str());
                continue;
            }
            QVERIFY2(model.usable(), model.problem.c_str());
            QCOMPARE(model.family, model.repoId == "openai-community/gpt2" ? ModelFamily::Generator : ModelFamily::Encoder);
        }

        // The listed snapshot opens.
        QVERIFY(!translateWith(marian.snapshotDir).empty());
        auto opened = openModel(models[2].snapshotDir, cpuOptions());
        QVERIFY(opened.encoder);

        QVERIFY(hub::listCachedModels((c / "no-such-folder").string()).empty());
    }

    void resolvesModelArguments() {
        QTemporaryDir cache;
        const fs::path c = cache.path().toStdString();
        writeCachedModel(c, "org/tiny", kCommit, dataPath("tiny_bert"));
        QCOMPARE(hub::resolveModelPath(dataPath("tiny_bert"), c.string()), dataPath("tiny_bert"));
        QCOMPARE(hub::resolveModelPath("org/tiny", c.string()), (c / "models--org--tiny" / "snapshots" / kCommit).string());
        // Without refs/main: the only snapshot.
        fs::remove(c / "models--org--tiny" / "refs" / "main");
        QCOMPARE(hub::resolveModelPath("org/tiny", c.string()), (c / "models--org--tiny" / "snapshots" / kCommit).string());
        auto problem = expectError<ModelFileError>([&] { hub::resolveModelPath("org/other", c.string()); },
                                                   {"org/other", "Hugging Face cache", "attnscope-cli download org/other"});
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        problem = expectError<ModelFileError>([&] { hub::resolveModelPath("/no/such/dir", c.string()); }, {"/no/such/dir"});
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    // A Marian repository: the needed files land in huggingface_hub's layout, the snapshot opens
    // and translates exactly as the original folder does; a second download fetches nothing.
    void downloadsIntoTheCacheLayout() {
        FakeHub hub;
        QVERIFY(hub.running());
        auto repo = repoFrom(dataPath("tiny_marian_tok"));
        repo.files["README.md"] = "# not needed\n";
        repo.files["tf_model.h5"] = QByteArray(3000, 'x');
        hub.addRepo("Helsinki-NLP/opus-mt-tiny", repo);
        QTemporaryDir cache;
        const auto options = optionsFor(hub, cache);

        std::vector<std::uint64_t> done;
        std::uint64_t lastTotal = 0;
        const auto plan = hub::planDownload("Helsinki-NLP/opus-mt-tiny", options);
        QCOMPARE(plan.commit, kCommit);
        QCOMPARE(plan.modelType, std::string("marian"));
        QCOMPARE(plan.family, ModelFamily::Translator);
        QStringList names;
        for (const auto& f : plan.files) names << q(f.name);
        QCOMPARE(names, QStringList({"config.json", "model.safetensors", "source.spm", "target.spm", "vocab.json",
                                     "tokenizer_config.json"}));
        const std::string snapshot = hub::downloadPlanned(plan, options, [&](std::uint64_t d, std::uint64_t t, const std::string&) {
            done.push_back(d);
            lastTotal = t;
            return true;
        });
        QCOMPARE(lastTotal, plan.totalBytes());
        QVERIFY(!done.empty());
        QCOMPARE(done.back(), plan.totalBytes());
        QVERIFY(std::is_sorted(done.begin(), done.end()));

        const fs::path repoDir = fs::path(cache.path().toStdString()) / "models--Helsinki-NLP--opus-mt-tiny";
        QCOMPARE(snapshot, (repoDir / "snapshots" / kCommit).string());
        std::ifstream ref(repoDir / "refs" / "main");
        std::string refText;
        std::getline(ref, refText);
        QCOMPARE(refText, kCommit);
        const QByteArray weights = repo.files["model.safetensors"];
        const fs::path link = repoDir / "snapshots" / kCommit / "model.safetensors";
        QVERIFY(fs::is_symlink(link));
        QCOMPARE(fs::read_symlink(link), fs::path("../../blobs") / FakeHub::sha256(weights));
        QVERIFY(fs::is_symlink(repoDir / "snapshots" / kCommit / "config.json"));
        QCOMPARE(fs::read_symlink(repoDir / "snapshots" / kCommit / "config.json"),
                 fs::path("../../blobs") / FakeHub::gitBlobId(repo.files["config.json"]));
        QVERIFY(!fs::exists(repoDir / "snapshots" / kCommit / "README.md"));
        QVERIFY(!fs::exists(repoDir / "snapshots" / kCommit / "tf_model.h5"));

        QCOMPARE(translateWith(snapshot), translateWith(dataPath("tiny_marian_tok")));
        // Found by the cache functions too.
        QCOMPARE(hub::resolveModelPath("Helsinki-NLP/opus-mt-tiny", options.cacheDir), snapshot);

        hub.clearLog();
        QCOMPARE(hub::downloadModel("Helsinki-NLP/opus-mt-tiny", options), snapshot);
        QCOMPARE(hub.countRequests("/cdn/"), 0);  // everything was there already
        QCOMPARE(hub.countRequests("/api/models/"), 1);
    }

    // Most opus-mt repositories have only pytorch_model.bin; when both exist safetensors wins.
    void picksTheWeightsFile() {
        FakeHub hub;
        hub.addRepo("org/bert-pt", repoFrom(dataPath("tiny_bert_pt")));
        auto both = repoFrom(dataPath("tiny_bert"));
        both.files["pytorch_model.bin"] = FakeHub::filesOf(q(dataPath("tiny_bert_pt")))["pytorch_model.bin"];
        hub.addRepo("org/bert-both", both);
        QTemporaryDir cache;
        const auto options = optionsFor(hub, cache);
        const std::string pt = hub::downloadModel("org/bert-pt", options);
        QVERIFY(fs::exists(fs::path(pt) / "pytorch_model.bin"));
        QVERIFY(fs::exists(fs::path(pt) / "vocab.txt"));
        auto opened = openModel(pt, cpuOptions());
        QVERIFY(opened.encoder);
        hub.clearLog();
        const std::string st = hub::downloadModel("org/bert-both", options);
        QVERIFY(fs::exists(fs::path(st) / "model.safetensors"));
        QVERIFY(!fs::exists(fs::path(st) / "pytorch_model.bin"));
        QCOMPARE(hub.countRequests("pytorch_model.bin"), 0);
    }

    // A cut connection keeps what arrived; the next run asks for the rest only.
    void resumesACutDownload() {
        FakeHub hub;
        const auto repo = repoFrom(dataPath("tiny_marian_tok"));
        hub.addRepo("org/tiny", repo);
        const auto size = static_cast<std::size_t>(repo.files.at("model.safetensors").size());
        hub.cut("model.safetensors", size / 3);
        QTemporaryDir cache;
        const auto options = optionsFor(hub, cache);
        auto problem = expectError<NetworkError>([&] { hub::downloadModel("org/tiny", options); },
                                                 {"model.safetensors", "run the download again to resume"});
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const fs::path partial = fs::path(cache.path().toStdString()) / "models--org--tiny" / "blobs" /
                                 (FakeHub::sha256(repo.files.at("model.safetensors")) + ".incomplete");
        QVERIFY(fs::exists(partial));
        QCOMPARE(static_cast<std::size_t>(fs::file_size(partial)), size / 3);
        // Not in the snapshot until whole and checked.
        QVERIFY(!fs::exists(fs::path(cache.path().toStdString()) / "models--org--tiny" / "snapshots" / kCommit /
                            "model.safetensors"));

        hub.clearLog();
        const std::string snapshot = hub::downloadModel("org/tiny", options);
        QCOMPARE(hub.countRequests("/cdn/org/tiny/" + kCommit + "/model.safetensors range=" + std::to_string(size / 3) + "-"), 1);
        QCOMPARE(hub.countRequests("/cdn/org/tiny/" + kCommit + "/model.safetensors"), 1);
        QVERIFY(!fs::exists(partial));
        QCOMPARE(translateWith(snapshot), translateWith(dataPath("tiny_marian_tok")));
    }

    // A server that ignores Range sends the whole file again: written from the start, not appended.
    void resumeAgainstAServerWithoutRanges() {
        FakeHub hub;
        const auto repo = repoFrom(dataPath("tiny_marian_tok"));
        hub.addRepo("org/tiny", repo);
        hub.cut("model.safetensors", 1000);
        QTemporaryDir cache;
        const auto options = optionsFor(hub, cache);
        QVERIFY_THROWS_EXCEPTION(NetworkError, hub::downloadModel("org/tiny", options));
        hub.ignoreRange(true);
        const std::string snapshot = hub::downloadModel("org/tiny", options);
        QCOMPARE(translateWith(snapshot), translateWith(dataPath("tiny_marian_tok")));
    }

    void refusesADamagedFile() {
        FakeHub hub;
        const auto repo = repoFrom(dataPath("tiny_marian_tok"));
        hub.addRepo("org/tiny", repo);
        hub.corrupt("model.safetensors");
        QTemporaryDir cache;
        const auto options = optionsFor(hub, cache);
        const auto problem = expectError<NetworkError>([&] { hub::downloadModel("org/tiny", options); },
                                                       {"model.safetensors", "damaged", "SHA-256",
                                                        q(FakeHub::sha256(repo.files.at("model.safetensors")))});
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const fs::path blobs = fs::path(cache.path().toStdString()) / "models--org--tiny" / "blobs";
        QVERIFY(!fs::exists(blobs / FakeHub::sha256(repo.files.at("model.safetensors"))));
        QVERIFY(!fs::exists(blobs / (FakeHub::sha256(repo.files.at("model.safetensors")) + ".incomplete")));
        // A small (non-LFS) file is checked by its git blob id.
        QVERIFY(!FakeHub::isLfs(repo.files.at("tokenizer_config.json")));
        hub.corrupt("tokenizer_config.json");
        const auto small = expectError<NetworkError>([&] { hub::downloadModel("org/tiny", options); },
                                                     {"tokenizer_config.json", "damaged", "git blob id"});
        QVERIFY2(small.isEmpty(), qPrintable(small));
    }

    void clearMessages() {
        FakeHub hub;
        auto gated = repoFrom(dataPath("tiny_bert"));
        gated.gated = true;
        hub.addRepo("org/gated", gated);
        FakeHub::Repo t5;
        t5.commit = kCommit;
        t5.files["config.json"] = R"({"model_type": "t5"})";
        t5.files["model.safetensors"] = QByteArray(2000, 'w');
        hub.addRepo("google-t5/t5-small", t5);
        FakeHub::Repo sharded = repoFrom(dataPath("tiny_bert"));
        sharded.files.erase("model.safetensors");
        sharded.files["model.safetensors.index.json"] = "{}";
        sharded.files["model-00001-of-00002.safetensors"] = QByteArray(2000, 's');
        hub.addRepo("org/sharded", sharded);
        FakeHub::Repo noVocab = repoFrom(dataPath("tiny_bert"));
        noVocab.files.erase("vocab.txt");
        hub.addRepo("org/fast-only", noVocab);
        QTemporaryDir cache;
        auto options = optionsFor(hub, cache);

        auto check = [&](const char* repo, auto typeTag, const QStringList& words) {
            using E = decltype(typeTag);
            const auto problem = expectError<E>([&] { hub::downloadModel(repo, options); }, words);
            QVERIFY2(problem.isEmpty(), qPrintable(QString(repo) + ": " + problem));
        };
        check("org/missing", NetworkError(""), {"no model 'org/missing'", "404", "ORG/NAME"});
        check("org/gated", NetworkError(""), {"gated", "HF_TOKEN", "401"});
        check("google-t5/t5-small", UnsupportedModelError(""), {"t5", "\"bert\"", "\"gpt2\"", "\"marian\""});
        check("org/sharded", UnsupportedModelError(""), {"shards"});
        check("org/fast-only", UnsupportedModelError(""), {"vocab.txt"});
        check("not a repo", InputError(""), {"not a Hugging Face model id"});
        // With the token the gated model downloads.
        options.token = "secret";
        QVERIFY(fs::exists(fs::path(hub::downloadModel("org/gated", options)) / "model.safetensors"));
        // No server at all.
        hub::DownloadOptions offline;
        offline.endpoint = "http://127.0.0.1:1";
        offline.cacheDir = cache.path().toStdString();
        offline.connectTimeoutSeconds = 5;
        const auto problem = expectError<NetworkError>([&] { hub::downloadModel("org/tiny", offline); },
                                                       {"Could not reach http://127.0.0.1:1", "HF_ENDPOINT"});
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        // Something that is not a Hub.
        FakeHub notAHub;
        offline.endpoint = notAHub.endpoint() + "/cdn";
        QVERIFY_THROWS_EXCEPTION(NetworkError, hub::downloadModel("org/tiny", offline));
    }

    void cancelsAndStalls() {
        FakeHub hub;
        const auto repo = repoFrom(dataPath("tiny_marian_tok"));
        hub.addRepo("org/tiny", repo);
        QTemporaryDir cache;
        auto options = optionsFor(hub, cache);
        int calls = 0;
        auto cancelling = [&](std::uint64_t, std::uint64_t, const std::string& file) {
            ++calls;
            return file != "model.safetensors";
        };
        const auto problem = expectError<CancelledError>([&] { hub::downloadModel("org/tiny", options, cancelling); },
                                                         {"org/tiny/model.safetensors", "cancelled"});
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QVERIFY(calls > 0);
        // A server that stops sending is given up on after stallSeconds.
        hub.stall("model.safetensors");
        options.stallSeconds = 1;
        QElapsedTimer timer;
        timer.start();
        QVERIFY_THROWS_EXCEPTION(NetworkError, hub::downloadModel("org/tiny", options));
        QVERIFY2(timer.elapsed() < 20000, "a stalled transfer must end on its own");
    }

    // The CLI: download, then --model ORG/NAME through the cache; models lists the cache.
    void commandLine() {
        FakeHub hub;
        hub.addRepo("org/tiny-marian", repoFrom(dataPath("tiny_marian_tok")));
        QTemporaryDir cache;
        const QByteArray saved = qgetenv("HF_HUB_CACHE");
        qputenv("HF_HUB_CACHE", cache.path().toUtf8());
        auto r = runCli({"download", "org/tiny-marian", "--endpoint", q(hub.endpoint())});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("models--org--tiny-marian/snapshots/" + q(kCommit)), qPrintable(r.out));
        r = runCli({"translate", "--model", "org/tiny-marian", "--text", "Two dogs.", "--max-new-tokens", "5"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = runCli({"models"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("org/tiny-marian") && r.out.contains("marian") && r.out.contains("translator"),
                 qPrintable(r.out));
        r = runCli({"download", "org/none", "--endpoint", q(hub.endpoint())});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("no model 'org/none'"), qPrintable(r.err));
        r = runCli({"encode", "--model", "org/not-here", "--text", "x"});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("attnscope-cli download org/not-here"), qPrintable(r.err));
        if (saved.isNull())
            qunsetenv("HF_HUB_CACHE");
        else
            qputenv("HF_HUB_CACHE", saved);
    }

    void sizes() {
        QCOMPARE(hub::formatBytes(999), std::string("999 B"));
        QCOMPARE(hub::formatBytes(4200), std::string("4.2 kB"));
        QCOMPARE(hub::formatBytes(298000000), std::string("298 MB"));
        QCOMPARE(hub::formatBytes(1500000000), std::string("1.50 GB"));
    }
};

QTEST_GUILESS_MAIN(TestHub)
#include "tst_hub.moc"
