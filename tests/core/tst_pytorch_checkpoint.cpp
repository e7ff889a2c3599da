// Tests for pytorch_model.bin (PyTorch's zip format) through the weights-only unpickler: the
// twins re-saved by save_pretrained(safe_serialization=False) give bit-identical tensors and
// identical attentions; strided, offset, shared and float16 views read back right; every
// hostile archive is refused with a message naming the file and the problem; safetensors wins
// when both files are present. Fixtures: tests/data/make_pytorch_fixtures.py.
#include <QTemporaryDir>
#include <QtTest>
#include <cstring>
#include <filesystem>
#include <set>

#include "attnscope/bert_encoder.h"
#include "attnscope/errors.h"
#include "attnscope/marian_text.h"
#include "pytorch_checkpoint.h"  // internal, torch-free (core/src)
#include "test_support.h"

using namespace attnscope;
using namespace testsupport;

namespace {

// A Marian folder from tiny_marian_pt's config and weights plus tiny_marian_tok's tokenizer.
void assembleMarian(const std::string& folder) {
    copyFolder(dataPath("tiny_marian_tok"), folder);
    std::filesystem::remove(folder + "/model.safetensors");
    copyFolder(dataPath("tiny_marian_pt"), folder);
}

void compareStacks(const AttentionStack& a, const AttentionStack& b, const char* what) {
    QVERIFY2(a.layers == b.layers && a.heads == b.heads && a.queries == b.queries && a.keys == b.keys, what);
    QVERIFY2(a.values == b.values, what);  // exact: the same weights give the same numbers
}

std::vector<float> floatsOf(const CheckpointWeights& w, const std::string& name) {
    const TensorInfo* info = w.find(name);
    if (!info || info->dtype != DType::F32) return {};
    std::vector<float> v(static_cast<std::size_t>(info->numel()));
    std::memcpy(v.data(), w.data(*info), v.size() * sizeof(float));
    return v;
}

}  // namespace

class TestPytorchCheckpoint : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void twinsAreBitIdentical_data() {
        QTest::addColumn<QString>("safetensors");
        QTest::addColumn<QString>("bin");
        QTest::newRow("bert") << q(dataPath("tiny_bert/model.safetensors"))
                              << q(dataPath("tiny_bert_pt/pytorch_model.bin"));
        QTest::newRow("marian") << q(dataPath("tiny_marian_tok/model.safetensors"))
                                << q(dataPath("tiny_marian_pt/pytorch_model.bin"));
    }
    void twinsAreBitIdentical() {
        QFETCH(QString, safetensors);
        QFETCH(QString, bin);
        const CheckpointWeights a{SafetensorsFile(safetensors.toStdString())};
        const CheckpointWeights b = readPytorchCheckpoint(bin.toStdString());
        auto bytesOf = [](const CheckpointWeights& w, const TensorInfo& t) {
            const auto* p = reinterpret_cast<const char*>(w.data(t));
            return std::string(p, static_cast<std::size_t>(t.numel()) * dtypeSize(t.dtype));
        };
        std::set<std::string> safetensorsBytes;
        for (const auto& t : a.tensors()) {
            const TensorInfo* other = b.find(t.name);
            QVERIFY2(other, qPrintable("missing in the .bin: " + q(t.name)));
            QVERIFY2(other->dtype == t.dtype && other->shape == t.shape, qPrintable(q(t.name)));
            QVERIFY2(bytesOf(a, t) == bytesOf(b, *other), qPrintable("bytes differ: " + q(t.name)));
            safetensorsBytes.insert(bytesOf(a, t));
        }
        // The .bin also holds the tied aliases safetensors drops: each equals a stored tensor.
        for (const auto& t : b.tensors())
            if (!a.find(t.name))
                QVERIFY2(safetensorsBytes.count(bytesOf(b, t)), qPrintable("unexplained extra tensor " + q(t.name)));
        QVERIFY(b.tensors().size() >= a.tensors().size());
    }

    void bertTwinsGiveIdenticalAttentions() {
        const auto fromSafetensors = BertEncoder::load(dataPath("tiny_bert"), cpuOptions());
        const auto fromBin = BertEncoder::load(dataPath("tiny_bert_pt"), cpuOptions());
        QVERIFY(fromBin->hasMaskedLmHead());
        for (const char* text : {"the cat sat on the mat.", "the [MASK] sat on the mat."}) {
            const auto a = fromSafetensors->encode(text);
            const auto b = fromBin->encode(text);
            compareStacks(a.attentions, b.attentions, text);
            QCOMPARE(a.maskPredictions.size(), b.maskPredictions.size());
            for (std::size_t i = 0; i < a.maskPredictions.size(); ++i)
                for (std::size_t k = 0; k < a.maskPredictions[i].top.size(); ++k)
                    QCOMPARE(a.maskPredictions[i].top[k].probability, b.maskPredictions[i].top[k].probability);
        }
    }

    void marianTwinsGiveIdenticalTranslations() {
        QTemporaryDir dir;
        const std::string folder = dir.path().toStdString();
        assembleMarian(folder);
        const auto fromSafetensors = TextTranslator::load(dataPath("tiny_marian_tok"), cpuOptions());
        const auto fromBin = TextTranslator::load(folder, cpuOptions());
        for (int beams : {1, 3}) {
            const auto options = TranslateOptions::interactive(beams);
            const auto a = fromSafetensors->translate("the cat sat on the mat", options);
            const auto b = fromBin->translate("the cat sat on the mat", options);
            QCOMPARE(b.translation, a.translation);
            compareStacks(a.encoderAttentions, b.encoderAttentions, "encoder");
            compareStacks(a.decoderAttentions, b.decoderAttentions, "decoder");
            compareStacks(a.crossAttentions, b.crossAttentions, "cross");
        }
    }

    // torch.save keeps views as they are: strides, offsets into a shared storage, float16.
    void viewsReadBackAsTheirValues() {
        const auto w = readPytorchCheckpoint(dataPath("hostile_pickles/views.bin"));
        QCOMPARE(floatsOf(w, "transposed"), (std::vector<float>{0, 3, 1, 4, 2, 5}));
        QCOMPARE(w.find("transposed")->shape, (std::vector<std::int64_t>{3, 2}));
        QCOMPARE(floatsOf(w, "base"), (std::vector<float>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
        QCOMPARE(floatsOf(w, "tail"), (std::vector<float>{8, 9, 10, 11}));
        QCOMPARE(floatsOf(w, "every_other"), (std::vector<float>{0, 2, 4, 6, 8, 10}));
        const TensorInfo* half = w.find("half");
        QVERIFY(half && half->dtype == DType::F16);
        std::vector<std::uint16_t> bits(5);
        std::memcpy(bits.data(), w.data(*half), 10);
        QCOMPARE(bits, (std::vector<std::uint16_t>{0x0000, 0x3C00, 0x4000, 0x4200, 0x4400}));  // 0..4 in binary16
    }

    void hostileArchivesAreRefused_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("words");
        QTest::newRow("os.system global")
            << "global_os_system.bin" << QStringList{"global 'os.system'", "not allow", "nothing was executed"};
        QTest::newRow("builtins.eval global") << "global_builtins_eval.bin" << QStringList{"global 'builtins.eval'"};
        QTest::newRow("__reduce__ payload") << "reduce_payload.bin" << QStringList{"global 'posix.system'"};
        QTest::newRow("call of a storage type")
            << "reduce_storage_call.bin" << QStringList{"calls torch.FloatStorage", "nothing was executed"};
        QTest::newRow("storage larger than its data")
            << "storage_too_large.bin" << QStringList{"tensor 'w'", "storage '0'", "holds 16 bytes but 4000"};
        QTest::newRow("huge shape") << "huge_shape.bin" << QStringList{"tensor 'w'", "absurdly large"};
        QTest::newRow("huge storage") << "huge_storage.bin" << QStringList{"storage '0'", "impossible size"};
        QTest::newRow("negative stride") << "negative_stride.bin" << QStringList{"tensor 'w'", "negative stride"};
        QTest::newRow("offset past the end")
            << "offset_past_end.bin" << QStringList{"tensor 'w'", "offset 100", "storage '0' holds 4"};
        QTest::newRow("truncated zip") << "truncated.bin" << QStringList{"truncated"};
        QTest::newRow("zip bomb") << "zip_bomb.bin" << QStringList{"tensor 'w'", "zip bomb"};
        QTest::newRow("legacy format") << "legacy.bin" << QStringList{"legacy", "non-zip"};
    }
    void hostileArchivesAreRefused() {
        QFETCH(QString, file);
        QFETCH(QStringList, words);
        words << file;  // every message names the file
        const auto path = dataPath("hostile_pickles/" + file.toStdString());
        const auto problem = expectError<ModelFileError>([&] { readPytorchCheckpoint(path); }, words);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    // Through a loader: the folder preamble picks pytorch_model.bin and its errors pass unchanged.
    void loadersRefuseAHostileBin() {
        QTemporaryDir dir;
        const std::string folder = dir.path().toStdString();
        copyFolder(dataPath("tiny_bert_pt"), folder);
        std::filesystem::copy_file(dataPath("hostile_pickles/reduce_payload.bin"), folder + "/pytorch_model.bin",
                                   std::filesystem::copy_options::overwrite_existing);
        const auto problem = expectError<ModelFileError>([&] { BertEncoder::load(folder, cpuOptions()); },
                                                         {"pytorch_model.bin", "posix.system"});
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void safetensorsWinsWhenBothArePresent() {
        QTemporaryDir dir;
        const std::string folder = dir.path().toStdString();
        copyFolder(dataPath("tiny_bert"), folder);
        // A .bin that could not be read: the folder still loads, from model.safetensors.
        writeText(folder + "/pytorch_model.bin", "not a checkpoint at all");
        const auto encoder = BertEncoder::load(folder, cpuOptions());
        const auto reference = BertEncoder::load(dataPath("tiny_bert"), cpuOptions());
        compareStacks(encoder->encode("hello, world!").attentions, reference->encode("hello, world!").attentions,
                      "safetensors");
        // And a broken model.safetensors is reported even though a valid .bin sits next to it.
        std::filesystem::copy_file(dataPath("tiny_bert_pt/pytorch_model.bin"), folder + "/pytorch_model.bin",
                                   std::filesystem::copy_options::overwrite_existing);
        writeText(folder + "/model.safetensors", "broken");
        const auto problem =
            expectError<ModelFileError>([&] { BertEncoder::load(folder, cpuOptions()); }, {"model.safetensors"});
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void cliEncodesABinFolder() {
        QTemporaryDir dir;
        const QString a = dir.filePath("a.json"), b = dir.filePath("b.json");
        const auto ra = runCli({"encode", "-m", q(dataPath("tiny_bert")), "-t", "the cat sat.", "--json", a});
        const auto rb = runCli({"encode", "-m", q(dataPath("tiny_bert_pt")), "-t", "the cat sat.", "--json", b});
        QVERIFY2(ra.exitCode == 0, qPrintable(ra.err));
        QVERIFY2(rb.exitCode == 0, qPrintable(rb.err));
        QCOMPARE(readJson(b.toStdString())["attention"], readJson(a.toStdString())["attention"]);
    }
};

QTEST_GUILESS_MAIN(TestPytorchCheckpoint)
#include "tst_pytorch_checkpoint.moc"
