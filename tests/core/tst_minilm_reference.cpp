// Faithfulness on a real pretrained checkpoint: all-MiniLM-L6-v2 (fetched into models/ by
// scripts/setup). Token ids must equal Hugging Face's and every attention weight must be
// within 1e-5 of the reference for each golden sentence. ctest label "model"; reported as
// skipped (exit 77) when the model has not been fetched.
#include "attnscope/bert_encoder.h"
#include "test_support.h"

#include <QtTest>

#include <cmath>
#include <cstdio>
#include <filesystem>

using namespace attnscope;
using namespace testsupport;

namespace {
const std::string kModel = std::string(ATTNSCOPE_MODELS_DIR) + "/all-MiniLM-L6-v2";
}

class TestMiniLmReference : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void matchesReference_data() {
        QTest::addColumn<int>("index");
        const auto golden = readJson(dataPath("minilm_golden.json"));
        QVERIFY(golden["sentences"].size() >= 20);
        for (std::size_t i = 0; i < golden["sentences"].size(); ++i)
            QTest::newRow(golden["sentences"][i]["text"].get<std::string>().c_str()) << int(i);
    }

    void matchesReference() {
        QFETCH(int, index);
        static auto encoder = [] {
            EncoderOptions o;
            o.device = DeviceChoice::Cpu;
            return BertEncoder::load(kModel, o);
        }();
        static const auto golden = readJson(dataPath("minilm_golden.json"));
        static const SafetensorsFile tensors(dataPath("minilm_golden.safetensors"));
        const auto& sentence = golden["sentences"][index];
        const auto r = encoder->encode(sentence["text"].get<std::string>());

        std::vector<int> ids;
        for (const auto& t : r.tokens) ids.push_back(t.id);
        QCOMPARE(ids, sentence["ids"].get<std::vector<int>>());

        const auto expected = goldenFloats(tensors, "s" + std::to_string(index) + ".attentions");
        QCOMPARE(r.attentions.values.size(), expected.size());
        float diff = 0.f;
        for (std::size_t i = 0; i < expected.size(); ++i)
            diff = std::max(diff, std::fabs(r.attentions.values[i] - expected[i]));
        QVERIFY2(diff <= 1e-5f, qPrintable(QString("max |attention - reference| = %1").arg(diff)));

        // Last hidden state: a looser check that the whole stack, not just attention, is right.
        const auto hidden = goldenFloats(tensors, "s" + std::to_string(index) + ".last_hidden");
        const std::size_t offset =
            static_cast<std::size_t>(r.hiddenStates.layers - 1) * r.hiddenStates.tokens * r.hiddenStates.dims;
        float hdiff = 0.f;
        for (std::size_t i = 0; i < hidden.size(); ++i)
            hdiff = std::max(hdiff, std::fabs(r.hiddenStates.values[offset + i] - hidden[i]));
        QVERIFY2(hdiff <= 1e-4f, qPrintable(QString("max |hidden - reference| = %1").arg(hdiff)));
    }
};

int main(int argc, char** argv) {
    if (!std::filesystem::exists(kModel + "/model.safetensors")) {
        std::printf("SKIP: %s not found; run scripts/setup to fetch all-MiniLM-L6-v2\n", kModel.c_str());
        return 77;
    }
    QCoreApplication app(argc, argv);
    TestMiniLmReference test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_minilm_reference.moc"
