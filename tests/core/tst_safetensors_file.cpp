// Tests for SafetensorsFile: well-formed files read back exactly; every malformed header is
// rejected with a ModelFileError that names the defect.
#include "attnscope/errors.h"
#include "attnscope/safetensors_file.h"
#include "test_support.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace attnscope;
using namespace testsupport;

class TestSafetensorsFile : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsTensorsBack() {
        QTemporaryDir dir;
        const auto path = dir.filePath("ok.safetensors").toStdString();
        auto a = floatTensor("a", {2, 3}, 1.5f);
        auto b = floatTensor("b.weight", {4}, -2.f);
        writeSafetensors(path, {a, b}, [](nlohmann::json& h) { h["__metadata__"] = {{"format", "pt"}}; });
        SafetensorsFile file(path);
        QCOMPARE(file.tensors().size(), std::size_t(2));
        QCOMPARE(file.metadata().at("format"), std::string("pt"));
        const auto* info = file.find("a");
        QVERIFY(info);
        QCOMPARE(info->shape, (std::vector<std::int64_t>{2, 3}));
        QCOMPARE(info->dtype, DType::F32);
        QCOMPARE(info->shapeString(), std::string("[2, 3]"));
        const auto* values = reinterpret_cast<const float*>(file.data(*info));
        for (int i = 0; i < 6; ++i) QCOMPARE(values[i], 1.5f);
        QCOMPARE(reinterpret_cast<const float*>(file.data(*file.find("b.weight")))[3], -2.f);
        QVERIFY(file.find("nope") == nullptr);
    }

    void keepAliveOutlivesFile() {
        QTemporaryDir dir;
        const auto path = dir.filePath("k.safetensors").toStdString();
        writeSafetensors(path, {floatTensor("x", {3}, 7.f)});
        std::shared_ptr<const void> handle;
        const float* p = nullptr;
        {
            SafetensorsFile file(path);
            handle = file.keepAlive();
            p = reinterpret_cast<const float*>(file.data(*file.find("x")));
        }
        QCOMPARE(p[2], 7.f);  // still mapped through the handle
    }

    void rejectsMalformed_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expectedWords");
        QTest::newRow("missing file") << "missing"
                                      << "No such file";
        QTest::newRow("shorter than 8 bytes") << "tiny"
                                              << "too short";
        QTest::newRow("header length beyond file") << "headerlen"
                                                   << "header claims";
        QTest::newRow("header not JSON") << "notjson"
                                         << "not valid JSON";
        QTest::newRow("header not an object") << "array"
                                              << "not a JSON object";
        QTest::newRow("truncated data") << "truncated"
                                        << "truncated file";
        QTest::newRow("overlapping offsets") << "overlap"
                                             << "overlap";
        // Issue #18 item 8: an empty tensor sorted between two overlapping ones hid the overlap.
        QTest::newRow("overlap behind an empty tensor") << "hiddenoverlap"
                                                        << "tensors 'a' and 'b' overlap";
        QTest::newRow("a name twice") << "duplicate"
                                      << "tensor 'x' appears twice";
        QTest::newRow("shape does not match bytes") << "shape"
                                                    << "needs 24 bytes";
        QTest::newRow("unknown dtype") << "dtype"
                                       << "unknown dtype 'F128'";
        QTest::newRow("offsets reversed") << "reversed"
                                          << "end before they begin";
        QTest::newRow("negative dimension") << "negative"
                                            << "negative dimension";
        QTest::newRow("entry without fields") << "fields"
                                              << "dtype, shape and data_offsets";
    }

    void rejectsMalformed() {
        QFETCH(QString, kind);
        QFETCH(QString, expectedWords);
        QTemporaryDir dir;
        const auto path = dir.filePath("bad.safetensors").toStdString();
        const std::vector<RawTensor> two = {floatTensor("a", {2, 3}), floatTensor("b", {2, 3})};
        if (kind == "tiny") {
            writeText(path, "abc");
        } else if (kind == "headerlen") {
            std::string s(8, '\0');
            s[0] = char(0xff);
            s[1] = char(0xff);
            writeText(path, s + "{}");
        } else if (kind == "notjson") {
            std::string body = "{\"a\": [1,2";
            std::string s(8, '\0');
            s[0] = char(body.size());
            writeText(path, s + body);
        } else if (kind == "array") {
            std::string body = "[1, 2, 3]";
            std::string s(8, '\0');
            s[0] = char(body.size());
            writeText(path, s + body);
        } else if (kind == "truncated") {
            writeSafetensors(path, two);
            std::filesystem::resize_file(path, std::filesystem::file_size(path) - 5);
        } else if (kind == "overlap") {
            writeSafetensors(path, two, [](nlohmann::json& h) { h["b"]["data_offsets"] = {12, 36}; });
        } else if (kind == "hiddenoverlap") {
            writeSafetensors(path, two, [](nlohmann::json& h) {
                h["b"]["data_offsets"] = {20, 44};
                h["e"] = {{"dtype", "F32"}, {"shape", {0}}, {"data_offsets", {12, 12}}};
            });
        } else if (kind == "duplicate") {
            const std::string body = R"({"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                                     R"("x":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})";
            std::string s(8, '\0');
            s[0] = char(body.size());
            writeText(path, s + body + std::string(8, '\0'));
        } else if (kind == "shape") {
            writeSafetensors(path, two, [](nlohmann::json& h) { h["a"]["data_offsets"] = {0, 20}; });
        } else if (kind == "dtype") {
            writeSafetensors(path, two, [](nlohmann::json& h) { h["a"]["dtype"] = "F128"; });
        } else if (kind == "reversed") {
            writeSafetensors(path, two, [](nlohmann::json& h) { h["a"]["data_offsets"] = {24, 0}; });
        } else if (kind == "negative") {
            writeSafetensors(path, two, [](nlohmann::json& h) { h["a"]["shape"] = {-2, 3}; });
        } else if (kind == "fields") {
            writeSafetensors(path, two, [](nlohmann::json& h) { h["a"] = {{"dtype", "F32"}}; });
        }
        try {
            SafetensorsFile file(path);
            QFAIL("malformed file was accepted");
        } catch (const ModelFileError& e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.contains(expectedWords), qPrintable(message));
            QVERIFY2(message.contains("bad.safetensors"), qPrintable(message));  // names the file
        }
    }

    void acceptsHalfAndBFloatHeaders() {
        QTemporaryDir dir;
        const auto path = dir.filePath("h.safetensors").toStdString();
        RawTensor h{"h", "F16", {2}, std::vector<char>(4)};
        RawTensor b{"b", "BF16", {2}, std::vector<char>(4)};
        RawTensor i{"i", "I64", {1, 3}, std::vector<char>(24)};
        writeSafetensors(path, {h, b, i});
        SafetensorsFile file(path);
        QCOMPARE(file.find("h")->dtype, DType::F16);
        QCOMPARE(file.find("b")->dtype, DType::BF16);
        QCOMPARE(file.find("i")->dtype, DType::I64);
        QCOMPARE(file.find("i")->numel(), std::int64_t(3));
    }
};

QTEST_GUILESS_MAIN(TestSafetensorsFile)
#include "tst_safetensors_file.moc"
