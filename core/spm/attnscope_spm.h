// attnscope_spm: a plain C wrapper around SentencePiece, built as its own shared library.
// Debian's libsentencepiece carries its own protobuf symbols, which clash with the protobuf
// LibTorch uses; the core therefore never links SentencePiece and instead dlopen()s this
// library with RTLD_DEEPBIND, so SentencePiece's protobuf binds inside it. Nothing C++ or
// protobuf crosses this interface. Every function catches all exceptions and never aborts.
// Threading: a model handle may be used from several threads for the read-only calls
// (encode, decode, lookups); results are separate objects owned by the caller.
#pragma once

#include <stddef.h>
#include <stdint.h>

#if defined(ATTNSCOPE_SPM_BUILDING)
#define ATTNSCOPE_SPM_API __attribute__((visibility("default")))
#else
#define ATTNSCOPE_SPM_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

// Bumped whenever a signature below changes; the loader refuses a mismatching library.
#define ATTNSCOPE_SPM_ABI_VERSION 1

typedef struct attnscope_spm_model attnscope_spm_model;
typedef struct attnscope_spm_encoding attnscope_spm_encoding;

ATTNSCOPE_SPM_API int attnscope_spm_abi_version(void);

// Error text goes into error[0..error_capacity) (always NUL-terminated, truncated if needed);
// error may be null when error_capacity is 0.

// Loads a .model file. Returns null and fills error on failure.
ATTNSCOPE_SPM_API attnscope_spm_model* attnscope_spm_load(const char* path, char* error, size_t error_capacity);
ATTNSCOPE_SPM_API void attnscope_spm_free(attnscope_spm_model* model);

// Encodes UTF-8 text (text_size bytes, need not be NUL-terminated) into pieces. Returns a
// result owned by the caller (free with attnscope_spm_encoding_free), or null plus error.
ATTNSCOPE_SPM_API attnscope_spm_encoding* attnscope_spm_encode(const attnscope_spm_model* model, const char* text,
                                                               size_t text_size, char* error, size_t error_capacity);
ATTNSCOPE_SPM_API void attnscope_spm_encoding_free(attnscope_spm_encoding* encoding);
ATTNSCOPE_SPM_API size_t attnscope_spm_encoding_size(const attnscope_spm_encoding* encoding);
// Accessors for piece index (0 <= index < size); out-of-range indices give -1 / null / 0.
ATTNSCOPE_SPM_API int32_t attnscope_spm_encoding_id(const attnscope_spm_encoding* encoding, size_t index);
// The piece text, NUL-terminated, owned by the encoding; its byte size in *size (may be null).
ATTNSCOPE_SPM_API const char* attnscope_spm_encoding_piece(const attnscope_spm_encoding* encoding, size_t index,
                                                           size_t* size);
// Byte span [begin, end) of the piece in the original input text.
ATTNSCOPE_SPM_API uint32_t attnscope_spm_encoding_begin(const attnscope_spm_encoding* encoding, size_t index);
ATTNSCOPE_SPM_API uint32_t attnscope_spm_encoding_end(const attnscope_spm_encoding* encoding, size_t index);

// Decodes ids to UTF-8 text. Returns a NUL-terminated malloc'd string (size in *size) that
// the caller frees with attnscope_spm_string_free, or null plus error (e.g. an id out of range).
ATTNSCOPE_SPM_API char* attnscope_spm_decode(const attnscope_spm_model* model, const int32_t* ids, size_t count,
                                             size_t* size, char* error, size_t error_capacity);
ATTNSCOPE_SPM_API void attnscope_spm_string_free(char* text);

ATTNSCOPE_SPM_API int32_t attnscope_spm_vocab_size(const attnscope_spm_model* model);
// The piece of an id, owned by the model (valid until attnscope_spm_free); null when out of range.
ATTNSCOPE_SPM_API const char* attnscope_spm_id_to_piece(const attnscope_spm_model* model, int32_t id, size_t* size);
// The id of a piece, or the unk id when the piece is not in the vocabulary; -1 on failure.
ATTNSCOPE_SPM_API int32_t attnscope_spm_piece_to_id(const attnscope_spm_model* model, const char* piece,
                                                    size_t piece_size);
// Special ids; -1 when the model has none.
ATTNSCOPE_SPM_API int32_t attnscope_spm_unk_id(const attnscope_spm_model* model);
ATTNSCOPE_SPM_API int32_t attnscope_spm_bos_id(const attnscope_spm_model* model);
ATTNSCOPE_SPM_API int32_t attnscope_spm_eos_id(const attnscope_spm_model* model);
ATTNSCOPE_SPM_API int32_t attnscope_spm_pad_id(const attnscope_spm_model* model);

// Runs SentencePieceTrainer with a command-line style argument string, e.g.
// "--input=a.txt --model_prefix=m --vocab_size=8000 --model_type=unigram".
// Returns 1 on success, 0 plus error on failure.
ATTNSCOPE_SPM_API int attnscope_spm_train(const char* args, char* error, size_t error_capacity);

#ifdef __cplusplus
}
#endif
