// attnscope_spm: the C API of attnscope_spm.h over SentencePiece. Only this file sees
// SentencePiece (and through it, its private protobuf); see the header for why.
#include "attnscope_spm.h"

#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <vector>

struct attnscope_spm_model {
    sentencepiece::SentencePieceProcessor processor;
};

struct attnscope_spm_encoding {
    struct Piece {
        int32_t id;
        uint32_t begin;
        uint32_t end;
        std::string text;
    };
    std::vector<Piece> pieces;
};

namespace {

void setError(char* error, size_t capacity, const std::string& message) {
    if (error == nullptr || capacity == 0) return;
    const size_t n = message.size() < capacity - 1 ? message.size() : capacity - 1;
    std::memcpy(error, message.data(), n);
    error[n] = '\0';
}

void clearError(char* error, size_t capacity) { setError(error, capacity, std::string()); }

// Runs f, turning any exception into an error message and the fallback value.
template <typename T, typename F> T guarded(char* error, size_t capacity, T fallback, F&& f) {
    try {
        clearError(error, capacity);
        return f();
    } catch (const std::exception& e) {
        try {
            setError(error, capacity, e.what());
        } catch (...) {
        }
    } catch (...) {
        setError(error, capacity, "unknown exception in SentencePiece");
    }
    return fallback;
}

const attnscope_spm_encoding::Piece* pieceAt(const attnscope_spm_encoding* encoding, size_t index) {
    if (encoding == nullptr || index >= encoding->pieces.size()) return nullptr;
    return &encoding->pieces[index];
}

}  // namespace

extern "C" {

int attnscope_spm_abi_version(void) { return ATTNSCOPE_SPM_ABI_VERSION; }

attnscope_spm_model* attnscope_spm_load(const char* path, char* error, size_t error_capacity) {
    return guarded<attnscope_spm_model*>(error, error_capacity, nullptr, [&]() -> attnscope_spm_model* {
        if (path == nullptr) {
            setError(error, error_capacity, "no model path given");
            return nullptr;
        }
        auto model = std::make_unique<attnscope_spm_model>();
        const auto status = model->processor.Load(path);
        if (!status.ok()) {
            setError(error, error_capacity, status.ToString());
            return nullptr;
        }
        return model.release();
    });
}

void attnscope_spm_free(attnscope_spm_model* model) {
    try {
        delete model;
    } catch (...) {
    }
}

attnscope_spm_encoding* attnscope_spm_encode(const attnscope_spm_model* model, const char* text, size_t text_size,
                                             char* error, size_t error_capacity) {
    return guarded<attnscope_spm_encoding*>(error, error_capacity, nullptr, [&]() -> attnscope_spm_encoding* {
        if (model == nullptr || (text == nullptr && text_size > 0)) {
            setError(error, error_capacity, "null model or text");
            return nullptr;
        }
        // Through the immutable wrapper to keep protobuf types out of this file, while
        // still seeing Encode's status (EncodeAsImmutableProto drops it).
        sentencepiece::ImmutableSentencePieceText proto;
        const auto status =
            model->processor.Encode(absl::string_view(text == nullptr ? "" : text, text_size), proto.mutable_proto());
        if (!status.ok()) {
            setError(error, error_capacity, status.ToString());
            return nullptr;
        }
        auto result = std::make_unique<attnscope_spm_encoding>();
        result->pieces.reserve(proto.pieces_size());
        for (const auto& p : proto.pieces())
            result->pieces.push_back({static_cast<int32_t>(p.id()), p.begin(), p.end(), p.piece()});
        return result.release();
    });
}

void attnscope_spm_encoding_free(attnscope_spm_encoding* encoding) {
    try {
        delete encoding;
    } catch (...) {
    }
}

size_t attnscope_spm_encoding_size(const attnscope_spm_encoding* encoding) {
    return encoding == nullptr ? 0 : encoding->pieces.size();
}

int32_t attnscope_spm_encoding_id(const attnscope_spm_encoding* encoding, size_t index) {
    const auto* p = pieceAt(encoding, index);
    return p == nullptr ? -1 : p->id;
}

const char* attnscope_spm_encoding_piece(const attnscope_spm_encoding* encoding, size_t index, size_t* size) {
    const auto* p = pieceAt(encoding, index);
    if (size != nullptr) *size = p == nullptr ? 0 : p->text.size();
    return p == nullptr ? nullptr : p->text.c_str();
}

uint32_t attnscope_spm_encoding_begin(const attnscope_spm_encoding* encoding, size_t index) {
    const auto* p = pieceAt(encoding, index);
    return p == nullptr ? 0 : p->begin;
}

uint32_t attnscope_spm_encoding_end(const attnscope_spm_encoding* encoding, size_t index) {
    const auto* p = pieceAt(encoding, index);
    return p == nullptr ? 0 : p->end;
}

char* attnscope_spm_decode(const attnscope_spm_model* model, const int32_t* ids, size_t count, size_t* size,
                           char* error, size_t error_capacity) {
    if (size != nullptr) *size = 0;
    return guarded<char*>(error, error_capacity, nullptr, [&]() -> char* {
        if (model == nullptr || (ids == nullptr && count > 0)) {
            setError(error, error_capacity, "null model or ids");
            return nullptr;
        }
        // SentencePiece does not range-check ids itself (out-of-range reads are undefined).
        const int vocab = model->processor.GetPieceSize();
        std::vector<int> checked(count);
        for (size_t i = 0; i < count; ++i) {
            if (ids[i] < 0 || ids[i] >= vocab) {
                setError(error, error_capacity,
                         "id " + std::to_string(ids[i]) + " at position " + std::to_string(i) +
                             " is outside the vocabulary [0, " + std::to_string(vocab) + ")");
                return nullptr;
            }
            checked[i] = ids[i];
        }
        std::string text;
        const auto status = model->processor.Decode(checked, &text);
        if (!status.ok()) {
            setError(error, error_capacity, status.ToString());
            return nullptr;
        }
        auto* out = static_cast<char*>(std::malloc(text.size() + 1));
        if (out == nullptr) {
            setError(error, error_capacity, "out of memory");
            return nullptr;
        }
        std::memcpy(out, text.data(), text.size());
        out[text.size()] = '\0';
        if (size != nullptr) *size = text.size();
        return out;
    });
}

void attnscope_spm_string_free(char* text) { std::free(text); }

int32_t attnscope_spm_vocab_size(const attnscope_spm_model* model) {
    return guarded<int32_t>(nullptr, 0, -1,
                            [&]() -> int32_t { return model == nullptr ? -1 : model->processor.GetPieceSize(); });
}

const char* attnscope_spm_id_to_piece(const attnscope_spm_model* model, int32_t id, size_t* size) {
    if (size != nullptr) *size = 0;
    return guarded<const char*>(nullptr, 0, nullptr, [&]() -> const char* {
        if (model == nullptr || id < 0 || id >= model->processor.GetPieceSize()) return nullptr;
        const std::string& piece = model->processor.IdToPiece(id);
        if (size != nullptr) *size = piece.size();
        return piece.c_str();
    });
}

int32_t attnscope_spm_piece_to_id(const attnscope_spm_model* model, const char* piece, size_t piece_size) {
    return guarded<int32_t>(nullptr, 0, -1, [&]() -> int32_t {
        if (model == nullptr || (piece == nullptr && piece_size > 0)) return -1;
        return model->processor.PieceToId(std::string(piece == nullptr ? "" : piece, piece_size));
    });
}

int32_t attnscope_spm_unk_id(const attnscope_spm_model* model) {
    return guarded<int32_t>(nullptr, 0, -1, [&] { return model == nullptr ? -1 : model->processor.unk_id(); });
}

int32_t attnscope_spm_bos_id(const attnscope_spm_model* model) {
    return guarded<int32_t>(nullptr, 0, -1, [&] { return model == nullptr ? -1 : model->processor.bos_id(); });
}

int32_t attnscope_spm_eos_id(const attnscope_spm_model* model) {
    return guarded<int32_t>(nullptr, 0, -1, [&] { return model == nullptr ? -1 : model->processor.eos_id(); });
}

int32_t attnscope_spm_pad_id(const attnscope_spm_model* model) {
    return guarded<int32_t>(nullptr, 0, -1, [&] { return model == nullptr ? -1 : model->processor.pad_id(); });
}

int attnscope_spm_train(const char* args, char* error, size_t error_capacity) {
    return guarded<int>(error, error_capacity, 0, [&]() -> int {
        if (args == nullptr) {
            setError(error, error_capacity, "no trainer arguments given");
            return 0;
        }
        const auto status = sentencepiece::SentencePieceTrainer::Train(args);
        if (!status.ok()) {
            setError(error, error_capacity, status.ToString());
            return 0;
        }
        return 1;
    });
}

}  // extern "C"
