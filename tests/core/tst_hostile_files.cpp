// Hostile model folders and text (#18 items 2, 3, 6, 9 and 11): a FIFO, a device or a folder in place of config.json,
// tokenizer_config.json, vocab.txt, vocab.json or the weights, and a config.json of 100 MB,
// are refused in one clear message within seconds — never a hang waiting for a writer, never
// gigabytes read from /dev/zero. Config numbers that would wrap (2^32 + 4 heads read as 4) or
// truncate (4.9 as 4) are refused with the field named.
#include "attnscope/errors.h"
#include "attnscope/model_registry.h"
#include "attnscope/wordpiece_tokenizer.h"
#include "test_support.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <functional>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace attnscope;
using namespace testsupport;
namespace fs = std::filesystem;

class TestHostileFiles : public QObject {
    Q_OBJECT

    // A copy of fixture with file replaced by what make() puts there; opening it must fail
    // within 5 s naming the file and containing every word.
    void refuse(const char* fixture, const char* file, const std::function<void(const std::string&)>& make,
                const QStringList& words) {
        QTemporaryDir dir;
        const std::string folder = dir.filePath("model").toStdString();
        copyFolder(dataPath(fixture), folder);
        const std::string path = (fs::path(folder) / file).string();
        fs::remove(path);
        make(path);
        QElapsedTimer timer;
        timer.start();
        const QString problem = expectError<ModelFileError>([&] { openModel(folder, cpuOptions()); },
                                                            QStringList(words) << QString::fromLatin1(file));
        QVERIFY2(problem.isEmpty(), qPrintable(QString("%1/%2: %3").arg(fixture, file, problem)));
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QString("%1 took %2 ms").arg(file).arg(timer.elapsed())));
    }

    // A copy of fixture in dir whose config.json edit() changed; returns the folder.
    static std::string withConfig(const QTemporaryDir& dir, const char* fixture,
                                  const std::function<void(nlohmann::json&)>& edit) {
        const std::string folder = dir.filePath("model").toStdString();
        copyFolder(dataPath(fixture), folder);
        const std::string config = (fs::path(folder) / "config.json").string();
        auto j = readJson(config);
        edit(j);
        writeText(config, j.dump());
        return folder;
    }

    static void fifo(const std::string& path) { QCOMPARE(::mkfifo(path.c_str(), 0600), 0); }
    static void zeroDevice(const std::string& path) { fs::create_symlink("/dev/zero", path); }
    static void folder(const std::string& path) { fs::create_directory(path); }

private Q_SLOTS:
    void fifosDevicesAndFolders() {
        for (const char* file : {"config.json", "tokenizer_config.json", "vocab.txt", "model.safetensors"}) {
            refuse("tiny_bert", file, fifo, {"not a regular file"});
            refuse("tiny_bert", file, zeroDevice, {"not a regular file"});
        }
        refuse("tiny_bert", "config.json", folder, {"not a regular file"});
        for (const char* file : {"config.json", "vocab.json", "tokenizer_config.json", "source.spm"}) {
            refuse("tiny_marian_tok", file, fifo, {});
            refuse("tiny_marian_tok", file, zeroDevice, {});
        }
    }

    // Numbers that used to wrap or truncate silently (#18 item 6, 11): refused, the field named.
    void configNumbersAreChecked() {
        struct Case {
            const char* fixture;
            const char* key;
            const char* value;
            QStringList words;
        };
        const Case cases[] = {
            {"tiny_bert", "num_attention_heads", "4294967300", {"num_attention_heads", "whole number", "4294967300"}},
            {"tiny_bert", "num_attention_heads", "4.9", {"num_attention_heads", "whole number", "4.9"}},
            {"tiny_bert", "hidden_size", "4294967328", {"hidden_size", "whole number"}},
            {"tiny_bert", "num_hidden_layers", "-3", {"num_hidden_layers"}},
            {"tiny_marian_tok", "d_model", "1e3", {"d_model", "whole number"}},
            {"tiny_marian_tok", "bad_words_ids", "[[4294967296]]", {"bad_words_ids", "4294967296", "not a token id"}},
            // #18 item 7: fields HF acts on that the encoder does not implement.
            {"tiny_bert", "is_decoder", "true", {"is_decoder", "bidirectional encoder only"}},
            {"tiny_bert", "add_cross_attention", "true", {"add_cross_attention"}},
            {"tiny_bert", "position_embedding_type", "\"relative_key\"", {"position_embedding_type", "relative_key"}},
        };
        for (const Case& c : cases) {
            QTemporaryDir dir;
            const std::string folder =
                withConfig(dir, c.fixture, [&](nlohmann::json& j) { j[c.key] = nlohmann::json::parse(c.value); });
            const QString problem = expectError<Error>([&] { openModel(folder, cpuOptions()); }, c.words);
            QVERIFY2(problem.isEmpty(), qPrintable(QString("%1 = %2: %3").arg(c.key, c.value, problem)));
        }
    }

    // #18 item 9: 80,000 letters each with two combining marks (240,000 code points), and the
    // same as separate words, tokenize in linear time (the reported case took 22 s), in the
    // lower-casing (accent-stripping) and the cased configuration, with offsets in the text.
    void combiningMarksTokenizeInLinearTime() {
        std::string text, spaced;
        for (int i = 0; i < 80000; ++i) {
            text += "a\u0301\u0323";
            spaced += "a\u0301\u0323 ";
        }
        QTemporaryDir dir;
        const std::string cased = dir.filePath("cased").toStdString();
        copyFolder(dataPath("tiny_bert"), cased);
        auto config = readJson(cased + "/tokenizer_config.json");
        config["do_lower_case"] = false;
        writeText(cased + "/tokenizer_config.json", config.dump());
        for (const std::string& folder : {dataPath("tiny_bert"), cased}) {
            const auto tokenizer = WordPieceTokenizer::fromFolder(folder);
            for (const std::string* input : {&text, &spaced}) {
                QElapsedTimer timer;
                timer.start();
                const auto tokens = tokenizer.tokenize(*input);
                QVERIFY2(timer.elapsed() < 3000, qPrintable(QString("%1 ms").arg(timer.elapsed())));
                QVERIFY(!tokens.empty());
                QVERIFY(tokens.back().byteEnd <= input->size());
            }
        }
    }

    // #18 item 2: a config that would build a model far larger than its weights (10^9 layers,
    // a vocabulary of 10^8, hidden size 2^30) is refused before anything is allocated, in
    // well under a second, naming the fields that disagree with the weights.
    void inflatedConfigsFailFast() {
        struct Case {
            const char* fixture;
            const char* key;
            long long value;
            QStringList words;
        };
        const Case cases[] = {
            {"tiny_bert", "num_hidden_layers", 1000000000LL, {"num_hidden_layers 1000000000 where the weights have 2", "before allocating"}},
            {"tiny_bert", "num_hidden_layers", 100000LL, {"num_hidden_layers 100000"}},
            {"tiny_bert", "vocab_size", 100000000LL, {"vocab_size 100000000"}},
            {"tiny_bert", "hidden_size", 1LL << 30, {"hidden_size 1073741824"}},
            {"tiny_marian_tok", "encoder_layers", 1000000000LL, {"encoder_layers 1000000000"}},
            {"tiny_marian_tok", "decoder_ffn_dim", 1LL << 30, {"decoder_ffn_dim 1073741824"}},
        };
        for (const Case& c : cases) {
            QTemporaryDir dir;
            const std::string folder = withConfig(dir, c.fixture, [&](nlohmann::json& j) {
                j[c.key] = c.value;
                if (std::string(c.key) == "hidden_size") j["num_attention_heads"] = 1;
            });
            QElapsedTimer timer;
            timer.start();
            const QString problem = expectError<ModelFileError>([&] { openModel(folder, cpuOptions()); }, c.words);
            QVERIFY2(problem.isEmpty(), qPrintable(QString("%1 = %2: %3").arg(c.key).arg(c.value).arg(problem)));
            QVERIFY2(timer.elapsed() < 1000, qPrintable(QString("%1 ms").arg(timer.elapsed())));
        }
    }

    void oversizedTextFiles() {
        auto sparse = [](std::uint64_t bytes) {
            return [bytes](const std::string& path) {
                { std::ofstream(path) << "{"; }
                fs::resize_file(path, bytes);  // sparse: no disk used
            };
        };
        refuse("tiny_bert", "config.json", sparse(std::uint64_t{100} << 20), {"100 MB", "more than the 4 MB"});
        refuse("tiny_bert", "vocab.txt", sparse(std::uint64_t{200} << 20), {"more than the 64 MB"});
        refuse("tiny_marian_tok", "vocab.json", sparse(std::uint64_t{200} << 20), {"more than the 64 MB"});
    }
};

QTEST_MAIN(TestHostileFiles)
#include "tst_hostile_files.moc"
