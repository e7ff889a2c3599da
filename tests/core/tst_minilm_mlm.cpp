// The built-in masked-language model (models/minilm-mlm, assembled by scripts/setup from
// all-MiniLM-L6-v2 and the tensors the project trained): its top-5 predictions for the
// fixture sentences equal those Hugging Face's BertForMaskedLM computes on the same folder
// (tests/data/minilm_mlm_top5.json, from make_fixtures.py). ctest label "model"; skipped
// (exit 77) when set-up has not assembled the model.
#include "attnscope/bert_encoder.h"
#include "test_support.h"

#include <QtTest>

#include <cmath>
#include <cstdio>
#include <filesystem>

using namespace attnscope;
using namespace testsupport;

namespace {
const std::string kModel = std::string(ATTNSCOPE_MODELS_DIR) + "/minilm-mlm";
}

class TestMiniLmMlm : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void topFiveMatchReference_data() {
        QTest::addColumn<int>("index");
        const auto golden = readJson(dataPath("minilm_mlm_top5.json"));
        for (std::size_t i = 0; i < golden["sentences"].size(); ++i)
            QTest::newRow(golden["sentences"][i]["text"].get<std::string>().c_str()) << int(i);
    }

    void topFiveMatchReference() {
        QFETCH(int, index);
        static auto encoder = BertEncoder::load(kModel, {});
        static const auto golden = readJson(dataPath("minilm_mlm_top5.json"));
        const auto& s = golden["sentences"][index];
        QVERIFY(encoder->hasMaskedLmHead());
        const auto r = encoder->encode(s["text"].get<std::string>(), 5);
        QCOMPARE(r.maskPredictions.size(), s["masks"].size());
        for (std::size_t m = 0; m < r.maskPredictions.size(); ++m) {
            const auto& expected = s["masks"][m];
            QCOMPARE(r.maskPredictions[m].tokenIndex, expected["token_index"].get<std::size_t>());
            for (std::size_t k = 0; k < 5; ++k) {
                const auto& c = r.maskPredictions[m].top[k];
                QCOMPARE(QString::fromStdString(c.token),
                         QString::fromStdString(expected["top5"][k].get<std::string>()));
                QVERIFY(std::fabs(c.probability - expected["probabilities"][k].get<float>()) < 1e-4f);
            }
        }
    }
};

int main(int argc, char** argv) {
    if (!std::filesystem::exists(kModel + "/model.safetensors")) {
        std::printf("SKIP: %s not assembled; run scripts/setup\n", kModel.c_str());
        return 77;
    }
    QCoreApplication app(argc, argv);
    TestMiniLmMlm test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_minilm_mlm.moc"
