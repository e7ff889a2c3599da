// Tests for the core's strict loader (core/src/weight_loading.h, internal: this suite sees
// torch) on a two-tensor module: a per-tensor transform lets a checkpoint whose layout differs
// from the module's (a weight stored transposed, as GPT-2's Conv1D) load; without it the load
// fails naming the tensor and both shapes.
#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>

#include "attnscope/errors.h"
#include "test_support.h"
#include "weight_loading.h"

using namespace attnscope;
using namespace testsupport;

namespace {

// Parameters "proj.weight" [2, 3] and "proj.bias" [2], zero until loaded.
struct TinyProjection : torch::nn::Module {
    TinyProjection() {
        proj = register_module("proj", torch::nn::Linear(3, 2));
        torch::NoGradGuard noGrad;
        for (auto& p : parameters()) p.zero_();
    }
    torch::nn::Linear proj{nullptr};
};

// proj.weight stored transposed ([3, 2], values 0..5 row-major) and proj.bias.
std::string writeTransposedCheckpoint(const QTemporaryDir& dir) {
    auto weight = floatTensor("proj.weight", {3, 2});
    std::vector<float> values{0, 1, 2, 3, 4, 5};
    std::memcpy(weight.bytes.data(), values.data(), weight.bytes.size());
    const auto path = (dir.path() + "/model.safetensors").toStdString();
    writeSafetensors(path, {weight, floatTensor("proj.bias", {2}, 0.25f)});
    return path;
}

StrictLoadSpec specFor() {
    StrictLoadSpec spec;
    spec.describe = "tiny projection";
    spec.keyFor = [](const std::string& name) { return name; };
    spec.ignorable = [](const std::string&) { return false; };
    return spec;
}

}  // namespace

class TestWeightLoading : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void transformFixesAStoredLayout() {
        QTemporaryDir dir;
        SafetensorsFile file(writeTransposedCheckpoint(dir));
        TinyProjection module;
        auto spec = specFor();
        std::vector<std::string> seen;
        spec.transform = [&](const std::string& key, torch::Tensor stored) {
            seen.push_back(key);
            return key == "proj.weight" ? stored.t() : stored;
        };
        loadStrict(module, file, spec);
        QCOMPARE(seen.size(), std::size_t{2});
        QVERIFY(module.proj->weight.is_contiguous());
        const auto expected = torch::tensor({0.f, 2.f, 4.f, 1.f, 3.f, 5.f}).view({2, 3});
        QVERIFY(torch::equal(module.proj->weight, expected));
        QVERIFY(torch::allclose(module.proj->bias, torch::full({2}, 0.25f)));
    }

    void withoutTransformTheLoadNamesTheTensor() {
        QTemporaryDir dir;
        SafetensorsFile file(writeTransposedCheckpoint(dir));
        TinyProjection module;
        const auto problem = expectError<WeightMismatchError>([&] { loadStrict(module, file, specFor()); },
                                                              {"tiny projection", "'proj.weight'", "[3, 2]", "[2, 3]"});
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QVERIFY(torch::equal(module.proj->weight, torch::zeros({2, 3})));  // nothing assigned on failure
    }

    // A transform that leaves the shape wrong is reported with the stored and the transformed shape.
    void aWrongTransformIsNamed() {
        QTemporaryDir dir;
        SafetensorsFile file(writeTransposedCheckpoint(dir));
        TinyProjection module;
        auto spec = specFor();
        spec.transform = [](const std::string&, torch::Tensor stored) { return stored.flatten(); };
        const auto problem = expectError<WeightMismatchError>(
            [&] { loadStrict(module, file, spec); }, {"'proj.weight' has shape [6]", "stored as [3, 2]", "[2, 3]"});
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
};

QTEST_GUILESS_MAIN(TestWeightLoading)
#include "tst_weight_loading.moc"
