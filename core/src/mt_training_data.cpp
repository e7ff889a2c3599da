// Data side of the translation trainer (see mt_training_data.h).
#include "mt_training_data.h"

#include "attnscope/errors.h"
#include "attnscope/mt_trainer.h"
#include "attnscope/text_lines.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

namespace attnscope {

namespace fs = std::filesystem;

LinePairs readLinePairs(const std::string& sourcePath, const std::string& targetPath) {
    const auto source = readTextLines(sourcePath, /*keepEmptyLines=*/true);
    const auto target = readTextLines(targetPath, /*keepEmptyLines=*/true);
    if (source.size() != target.size())
        throw InputError("'" + sourcePath + "' has " + std::to_string(source.size()) + " lines but '" + targetPath +
                         "' has " + std::to_string(target.size()) + ": parallel files must be line-aligned");
    LinePairs pairs;
    for (std::size_t i = 0; i < source.size(); ++i) {
        if (source[i].empty() || target[i].empty()) continue;
        pairs.source.push_back(source[i]);
        pairs.target.push_back(target[i]);
    }
    return pairs;
}

MtVocabulary MtVocabulary::fromModels(const std::vector<const SentencePieceModel*>& models) {
    MtVocabulary v;
    auto add = [&v](const std::string& piece) {
        if (v.ids.count(piece)) return;
        v.ids.emplace(piece, static_cast<int>(v.pieces.size()));
        v.pieces.push_back(piece);
    };
    add("</s>");
    add("<unk>");
    for (const auto* model : models)
        for (std::int32_t id = 0; id < model->vocabSize(); ++id) {
            if (id == model->unkId() || id == model->bosId() || id == model->eosId() || id == model->padId()) continue;
            const auto piece = model->idToPiece(id);
            if (piece != "<pad>" && piece != "<s>") add(piece);
        }
    add("<pad>");
    return v;
}

MtVocabulary MtVocabulary::fromJsonFile(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw ModelFileError("Cannot open '" + path + "'");
    MtVocabulary v;
    try {
        const auto j = nlohmann::json::parse(in);
        v.pieces.resize(j.size());
        for (const auto& [piece, id] : j.items()) {
            const int i = id.get<int>();
            if (i < 0 || i >= static_cast<int>(j.size()) || !v.pieces[static_cast<std::size_t>(i)].empty())
                throw ModelFileError("'" + path + "': ids are not 0 .. size - 1 once each");
            v.pieces[static_cast<std::size_t>(i)] = piece;
            v.ids.emplace(piece, i);
        }
    } catch (const nlohmann::json::exception& e) {
        throw ModelFileError("'" + path + "' is not a vocabulary (" + e.what() + ")");
    }
    if (v.pieces.size() < 3 || v.pieces[0] != "</s>" || v.pieces[1] != "<unk>" || v.pieces.back() != "<pad>")
        throw ModelFileError("'" + path + "' is not an opus-mt vocabulary (</s> 0, <unk> 1, <pad> last)");
    return v;
}

void MtVocabulary::writeJson(const std::string& path) const {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < pieces.size(); ++i) j[pieces[i]] = static_cast<int>(i);
    std::ofstream(path) << j.dump(2) << "\n";
}

namespace {

void trainOne(const std::vector<std::string>& lines, const fs::path& work, const std::string& name,
              const MtTrainingOptions& o) {
    const auto text = work / (name + ".txt");
    {
        std::ofstream out(text);
        for (const auto& l : lines) out << l << "\n";
    }
    const int threads = o.threads > 0 ? o.threads : 4;
    // SentencePiece's flag parser splits on spaces: paths with spaces are refused by it.
    SentencePieceModel::train("--input=" + text.string() + " --model_prefix=" + (work / name).string() +
                              " --vocab_size=" + std::to_string(o.vocabSize) +
                              " --model_type=unigram --character_coverage=1.0 --hard_vocab_limit=false"
                              " --input_sentence_size=2000000 --shuffle_input_sentence=true --num_threads=" +
                              std::to_string(threads) + " --minloglevel=2");
    fs::remove(text);
}

}  // namespace

MtTokenizers prepareSentencePiece(const MtTrainingOptions& o, const LinePairs& train, bool reuseExisting) {
    const fs::path out(o.outDir);
    const auto sourcePath = out / "source.spm", targetPath = out / "target.spm";
    if (!(reuseExisting && fs::exists(sourcePath) && fs::exists(targetPath))) {
        const auto work = out / "spm-work";
        fs::create_directories(work);
        if (o.jointVocabulary) {
            std::vector<std::string> both = train.source;
            both.insert(both.end(), train.target.begin(), train.target.end());
            trainOne(both, work, "joint", o);
            fs::copy_file(work / "joint.model", sourcePath, fs::copy_options::overwrite_existing);
            fs::copy_file(work / "joint.model", targetPath, fs::copy_options::overwrite_existing);
        } else {
            trainOne(train.source, work, "source", o);
            trainOne(train.target, work, "target", o);
            fs::copy_file(work / "source.model", sourcePath, fs::copy_options::overwrite_existing);
            fs::copy_file(work / "target.model", targetPath, fs::copy_options::overwrite_existing);
        }
        fs::remove_all(work);
    }
    return {SentencePieceModel::load(sourcePath.string()), SentencePieceModel::load(targetPath.string())};
}

std::vector<int64_t> encodeLine(const SentencePieceModel& spm, const MtVocabulary& vocab, const std::string& line,
                                int maxTokens) {
    std::vector<int64_t> ids;
    for (const auto& p : spm.encodePieces(line)) {
        if (static_cast<int>(ids.size()) + 1 >= maxTokens) break;
        const auto it = vocab.ids.find(p.piece);
        ids.push_back(it == vocab.ids.end() ? vocab.unk() : it->second);
    }
    ids.push_back(vocab.eos());
    return ids;
}

std::vector<MtBatch> makeMtBatches(const std::vector<EncodedPair>& data, int batchTokens, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<std::size_t> order(data.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::shuffle(order.begin(), order.end(), rng);  // random order within equal lengths
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const auto& x = data[a];
        const auto& y = data[b];
        if (x.target.size() != y.target.size()) return x.target.size() < y.target.size();
        return x.source.size() < y.source.size();
    });
    std::vector<MtBatch> batches;
    MtBatch current;
    std::size_t longest = 0;
    for (auto i : order) {
        const auto length = std::max(data[i].source.size(), data[i].target.size());
        const auto grown = std::max(longest, length);
        if (!current.pairs.empty() && grown * (current.pairs.size() + 1) > static_cast<std::size_t>(batchTokens)) {
            batches.push_back(std::move(current));
            current = {};
            longest = 0;
        }
        current.pairs.push_back(i);
        longest = std::max(longest, length);
    }
    if (!current.pairs.empty()) batches.push_back(std::move(current));
    std::shuffle(batches.begin(), batches.end(), rng);
    return batches;
}

}  // namespace attnscope
