// SentencePieceModel: a SentencePiece tokenizer (.model file) for the core, plus training.
// SentencePiece lives in a separate shim library (libattnscope_spm.so) loaded at run time,
// because Debian's libsentencepiece and LibTorch carry clashing protobuf versions; this
// header therefore speaks plain C++ only. The shim is looked for in $ATTNSCOPE_SPM_LIBRARY,
// next to the running executable, in the build tree, then in the install libdir.
// Threading: a loaded model is immutable; every const member may be called concurrently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace attnscope {

// One piece of an encoded text: its id, its text (with ▁ for a leading space) and the byte
// span [begin, end) of the input it came from.
struct SentencePiece {
    std::int32_t id = 0;
    std::string piece;
    std::size_t begin = 0;
    std::size_t end = 0;
};

class SentencePieceModel {
public:
    // Throws ModelFileError naming the file when it is missing or not a SentencePiece model,
    // and Error naming every place looked at when the shim library cannot be loaded.
    static SentencePieceModel load(const std::string& path);

    // Trains a model with SentencePieceTrainer's command-line style arguments, e.g.
    // "--input=a.txt --model_prefix=m --vocab_size=8000 --model_type=unigram".
    // Throws Error with the trainer's message.
    static void train(const std::string& args);

    SentencePieceModel(SentencePieceModel&&) noexcept;
    SentencePieceModel& operator=(SentencePieceModel&&) noexcept;
    ~SentencePieceModel();

    // Encoding is of UTF-8 text; throws InputError when SentencePiece rejects it.
    std::vector<std::int32_t> encodeIds(const std::string& text) const;
    std::vector<SentencePiece> encodePieces(const std::string& text) const;
    // Throws InputError on an id outside [0, vocabSize()).
    std::string decodeIds(const std::vector<std::int32_t>& ids) const;

    // unkId() for a piece not in the vocabulary.
    std::int32_t pieceToId(const std::string& piece) const;
    // Throws InputError on an id outside [0, vocabSize()).
    std::string idToPiece(std::int32_t id) const;
    std::int32_t vocabSize() const;
    // -1 when the model has no such token.
    std::int32_t unkId() const;
    std::int32_t bosId() const;
    std::int32_t eosId() const;
    std::int32_t padId() const;

    const std::string& path() const;

private:
    struct Impl;
    explicit SentencePieceModel(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace attnscope
