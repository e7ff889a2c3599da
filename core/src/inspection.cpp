// Head ablation and head inspection: the plain-data side (attnscope/inspection.h) and the
// conversion of an attention probe (attention_probe.h) into it.
#include "attnscope/inspection.h"

#include "attention_probe.h"
#include "attnscope/errors.h"

#include <cctype>
#include <cmath>
#include <sstream>

namespace attnscope {

const char* attentionKindName(AttentionKind kind) {
    switch (kind) {
    case AttentionKind::Encoder: return "encoder";
    case AttentionKind::Decoder: return "decoder";
    case AttentionKind::Cross: return "cross";
    }
    return "encoder";
}

AttentionKind parseAttentionKind(const std::string& name) {
    if (name == "encoder") return AttentionKind::Encoder;
    if (name == "decoder") return AttentionKind::Decoder;
    if (name == "cross") return AttentionKind::Cross;
    throw InputError("Unknown attention kind '" + name + "': use encoder, decoder or cross");
}

std::set<std::pair<int, int>>& HeadAblation::of(AttentionKind kind) {
    return kind == AttentionKind::Encoder ? encoder : kind == AttentionKind::Decoder ? decoder : cross;
}
const std::set<std::pair<int, int>>& HeadAblation::of(AttentionKind kind) const {
    return kind == AttentionKind::Encoder ? encoder : kind == AttentionKind::Decoder ? decoder : cross;
}

std::set<std::pair<int, int>> parseHeadList(const std::string& text) {
    std::set<std::pair<int, int>> heads;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        const auto colon = item.find(':');
        const auto bad = [&] {
            return InputError("'" + item + "' is not a head: write LAYER:HEAD, e.g. 2:1 (both counted from 0)");
        };
        if (colon == std::string::npos || colon == 0 || colon + 1 == item.size() || item.size() > 12) throw bad();
        for (std::size_t i = 0; i < item.size(); ++i)
            if (i != colon && !std::isdigit(static_cast<unsigned char>(item[i]))) throw bad();
        heads.emplace(std::stoi(item.substr(0, colon)), std::stoi(item.substr(colon + 1)));
    }
    return heads;
}

std::string headListString(const std::set<std::pair<int, int>>& heads) {
    std::string s;
    for (const auto& [layer, head] : heads) s += (s.empty() ? "" : ",") + std::to_string(layer) + ":" + std::to_string(head);
    return s;
}

LayerHeadMasks makeHeadMasks(const std::set<std::pair<int, int>>& off, int layers, int heads,
                             const torch::Device& device, const char* what) {
    LayerHeadMasks masks;
    if (off.empty()) return masks;
    masks.layers.assign(static_cast<std::size_t>(layers), torch::Tensor());
    for (const auto& [layer, head] : off) {
        if (layer < 0 || layer >= layers || head < 0 || head >= heads)
            throw InputError(std::string("There is no ") + what + " head " + std::to_string(layer) + ":" +
                             std::to_string(head) + " (layers 0-" + std::to_string(layers - 1) + ", heads 0-" +
                             std::to_string(heads - 1) + ")");
        auto& m = masks.layers[static_cast<std::size_t>(layer)];
        if (!m.defined()) m = torch::ones({heads}, torch::TensorOptions().dtype(torch::kFloat32).device(device));
        m[head] = 0.f;
    }
    return masks;
}

FloatMatrix floatMatrixOf(const torch::Tensor& t) {
    auto c = t.detach().to(torch::kCPU, torch::kFloat32).contiguous();
    FloatMatrix m;
    m.rows = static_cast<int>(c.size(0));
    m.cols = static_cast<int>(c.size(1));
    m.values.assign(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
    return m;
}

HeadInspection inspectionFromProbe(const AttentionProbe& p, AttentionKind kind, int layer, int head) {
    HeadInspection r;
    r.kind = kind;
    r.layer = layer;
    r.head = head;
    const auto q = p.query[0][head], k = p.key[0][head], v = p.value[0][head];
    r.headDim = static_cast<int>(q.size(1));
    r.modelDim = static_cast<int>(p.input.size(2));
    r.input = floatMatrixOf(p.input[0]);
    r.keyInput = floatMatrixOf(p.keyInput[0]);
    r.query = floatMatrixOf(q);
    r.key = floatMatrixOf(k);
    r.value = floatMatrixOf(v);
    r.scores = floatMatrixOf(torch::matmul(q.to(torch::kFloat32), k.to(torch::kFloat32).t()));
    r.scale = 1.0 / std::sqrt(static_cast<double>(r.headDim));
    r.masked = floatMatrixOf(p.hidden.defined() ? p.hidden.to(torch::kFloat32)
                                           : torch::zeros({q.size(0), k.size(0)}, torch::kFloat32));
    r.weights = floatMatrixOf(p.probs[0][head]);
    r.headOutput = floatMatrixOf(p.context[0][head]);
    r.layerOutput = floatMatrixOf(p.output[0]);
    return r;
}

}  // namespace attnscope
