// SentencePieceModel over the attnscope_spm shim (core/spm), loaded once per process with
// dlmopen(LM_ID_NEWLM) so SentencePiece's bundled protobuf never meets LibTorch's.
#include "attnscope/sentencepiece_model.h"

#include "attnscope/errors.h"

#include "attnscope_spm.h"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <system_error>

namespace attnscope {

namespace {

constexpr const char* kLibraryFileName = "libattnscope_spm.so";
constexpr std::size_t kErrorCapacity = 2048;

// The shim's entry points, resolved by name with dlsym.
struct SpmApi {
    decltype(&attnscope_spm_abi_version) abi_version = nullptr;
    decltype(&attnscope_spm_load) load = nullptr;
    decltype(&attnscope_spm_free) free = nullptr;
    decltype(&attnscope_spm_encode) encode = nullptr;
    decltype(&attnscope_spm_encoding_free) encoding_free = nullptr;
    decltype(&attnscope_spm_encoding_size) encoding_size = nullptr;
    decltype(&attnscope_spm_encoding_id) encoding_id = nullptr;
    decltype(&attnscope_spm_encoding_piece) encoding_piece = nullptr;
    decltype(&attnscope_spm_encoding_begin) encoding_begin = nullptr;
    decltype(&attnscope_spm_encoding_end) encoding_end = nullptr;
    decltype(&attnscope_spm_decode) decode = nullptr;
    decltype(&attnscope_spm_string_free) string_free = nullptr;
    decltype(&attnscope_spm_vocab_size) vocab_size = nullptr;
    decltype(&attnscope_spm_id_to_piece) id_to_piece = nullptr;
    decltype(&attnscope_spm_piece_to_id) piece_to_id = nullptr;
    decltype(&attnscope_spm_unk_id) unk_id = nullptr;
    decltype(&attnscope_spm_bos_id) bos_id = nullptr;
    decltype(&attnscope_spm_eos_id) eos_id = nullptr;
    decltype(&attnscope_spm_pad_id) pad_id = nullptr;
    decltype(&attnscope_spm_train) train = nullptr;
};

struct LoadedApi {
    SpmApi api;
    bool ok = false;
    std::string error;  // why loading failed, naming every place looked at
};

std::vector<std::string> candidatePaths() {
    std::vector<std::string> paths;
    if (const char* env = std::getenv("ATTNSCOPE_SPM_LIBRARY"); env != nullptr && *env != '\0') {
        std::error_code ec;
        paths.push_back(std::filesystem::is_directory(env, ec)
                            ? (std::filesystem::path(env) / kLibraryFileName).string()
                            : std::string(env));
    }
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) paths.push_back((exe.parent_path() / kLibraryFileName).string());
#ifdef ATTNSCOPE_SPM_LIBRARY
    paths.push_back(ATTNSCOPE_SPM_LIBRARY);
#endif
#ifdef ATTNSCOPE_SPM_INSTALL_LIBRARY
    paths.push_back(ATTNSCOPE_SPM_INSTALL_LIBRARY);
#endif
    return paths;
}

template <typename T> bool resolve(void* handle, const char* name, T& out, std::string& missing) {
    dlerror();
    out = reinterpret_cast<T>(dlsym(handle, name));
    if (out == nullptr) {
        missing += missing.empty() ? name : std::string(", ") + name;
        return false;
    }
    return true;
}

// Resolves every entry point; returns the names it could not find (empty when all were).
std::string resolveAll(void* h, SpmApi& a) {
    std::string m;
    resolve(h, "attnscope_spm_abi_version", a.abi_version, m);
    resolve(h, "attnscope_spm_load", a.load, m);
    resolve(h, "attnscope_spm_free", a.free, m);
    resolve(h, "attnscope_spm_encode", a.encode, m);
    resolve(h, "attnscope_spm_encoding_free", a.encoding_free, m);
    resolve(h, "attnscope_spm_encoding_size", a.encoding_size, m);
    resolve(h, "attnscope_spm_encoding_id", a.encoding_id, m);
    resolve(h, "attnscope_spm_encoding_piece", a.encoding_piece, m);
    resolve(h, "attnscope_spm_encoding_begin", a.encoding_begin, m);
    resolve(h, "attnscope_spm_encoding_end", a.encoding_end, m);
    resolve(h, "attnscope_spm_decode", a.decode, m);
    resolve(h, "attnscope_spm_string_free", a.string_free, m);
    resolve(h, "attnscope_spm_vocab_size", a.vocab_size, m);
    resolve(h, "attnscope_spm_id_to_piece", a.id_to_piece, m);
    resolve(h, "attnscope_spm_piece_to_id", a.piece_to_id, m);
    resolve(h, "attnscope_spm_unk_id", a.unk_id, m);
    resolve(h, "attnscope_spm_bos_id", a.bos_id, m);
    resolve(h, "attnscope_spm_eos_id", a.eos_id, m);
    resolve(h, "attnscope_spm_pad_id", a.pad_id, m);
    resolve(h, "attnscope_spm_train", a.train, m);
    return m;
}

LoadedApi loadApi() {
    LoadedApi loaded;
    std::string tried;
    for (const auto& path : candidatePaths()) {
        std::error_code ec;
        if (!std::filesystem::exists(path, ec)) {
            tried += "\n  " + path + ": not found";
            continue;
        }
        // DEEPBIND: SentencePiece's own (protobuf) symbols bind inside the shim first.
        dlerror();
        // A new link-map namespace: the shim, SentencePiece and its protobuf get their own copy
        // of every library, libstdc++ included. RTLD_DEEPBIND alone kept protobuf apart but
        // bound SentencePiece's std::cerr to libstdc++'s uninitialised original instead of the
        // executable's copy-relocated one, which crashed as soon as the trainer logged.
        void* handle = dlmopen(LM_ID_NEWLM, path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (handle == nullptr) {
            const char* why = dlerror();
            tried += "\n  " + path + ": " + (why != nullptr ? why : "dlopen failed");
            continue;
        }
        SpmApi api;
        const std::string missing = resolveAll(handle, api);
        if (!missing.empty()) {
            tried += "\n  " + path + ": missing symbols " + missing;
            dlclose(handle);
            continue;
        }
        if (api.abi_version() != ATTNSCOPE_SPM_ABI_VERSION) {
            tried += "\n  " + path + ": ABI version " + std::to_string(api.abi_version()) + ", expected " +
                     std::to_string(ATTNSCOPE_SPM_ABI_VERSION);
            dlclose(handle);
            continue;
        }
        // The handle stays open for the life of the process.
        loaded.api = api;
        loaded.ok = true;
        return loaded;
    }
    loaded.error = "cannot load the SentencePiece library " + std::string(kLibraryFileName) +
                   " (set ATTNSCOPE_SPM_LIBRARY to its path); looked at:" + tried;
    return loaded;
}

const SpmApi& api() {
    static std::once_flag once;
    static LoadedApi loaded;
    std::call_once(once, [] { loaded = loadApi(); });
    if (!loaded.ok) throw Error(loaded.error);
    return loaded.api;
}

std::string errorText(const char* buffer) { return buffer[0] != '\0' ? buffer : "unknown SentencePiece error"; }

// Owns one attnscope_spm_encoding; the deleter is the shim's encoding_free.
using EncodingPtr = std::unique_ptr<attnscope_spm_encoding, void (*)(attnscope_spm_encoding*)>;

}  // namespace

struct SentencePieceModel::Impl {
    const SpmApi* spm = nullptr;
    attnscope_spm_model* model = nullptr;
    std::string path;

    ~Impl() {
        if (model != nullptr) spm->free(model);
    }

    EncodingPtr encode(const std::string& text) const {
        char error[kErrorCapacity] = {};
        EncodingPtr encoding(spm->encode(model, text.data(), text.size(), error, sizeof error), spm->encoding_free);
        if (!encoding) throw InputError("SentencePiece cannot encode the text: " + errorText(error));
        return encoding;
    }

    void checkId(std::int32_t id) const {
        const std::int32_t size = spm->vocab_size(model);
        if (id < 0 || id >= size)
            throw InputError("token id " + std::to_string(id) + " is outside the vocabulary of " + path + " (size " +
                             std::to_string(size) + ")");
    }
};

SentencePieceModel::SentencePieceModel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SentencePieceModel::SentencePieceModel(SentencePieceModel&&) noexcept = default;
SentencePieceModel& SentencePieceModel::operator=(SentencePieceModel&&) noexcept = default;
SentencePieceModel::~SentencePieceModel() = default;

SentencePieceModel SentencePieceModel::load(const std::string& path) {
    const SpmApi& spm = api();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw ModelFileError("SentencePiece model " + path + " not found (expected a .model file)");
    char error[kErrorCapacity] = {};
    attnscope_spm_model* model = spm.load(path.c_str(), error, sizeof error);
    if (model == nullptr) throw ModelFileError("SentencePiece model " + path + " cannot be read: " + errorText(error));
    auto impl = std::make_unique<Impl>();
    impl->spm = &spm;
    impl->model = model;
    impl->path = path;
    return SentencePieceModel(std::move(impl));
}

void SentencePieceModel::train(const std::string& args) {
    const SpmApi& spm = api();
    char error[kErrorCapacity] = {};
    if (spm.train(args.c_str(), error, sizeof error) == 0)
        throw Error("SentencePiece training failed (" + args + "): " + errorText(error));
}

std::vector<std::int32_t> SentencePieceModel::encodeIds(const std::string& text) const {
    const auto encoding = impl_->encode(text);
    const std::size_t n = impl_->spm->encoding_size(encoding.get());
    std::vector<std::int32_t> ids(n);
    for (std::size_t i = 0; i < n; ++i) ids[i] = impl_->spm->encoding_id(encoding.get(), i);
    return ids;
}

std::vector<SentencePiece> SentencePieceModel::encodePieces(const std::string& text) const {
    const auto encoding = impl_->encode(text);
    const std::size_t n = impl_->spm->encoding_size(encoding.get());
    std::vector<SentencePiece> pieces(n);
    for (std::size_t i = 0; i < n; ++i) {
        std::size_t size = 0;
        const char* piece = impl_->spm->encoding_piece(encoding.get(), i, &size);
        pieces[i].id = impl_->spm->encoding_id(encoding.get(), i);
        pieces[i].piece.assign(piece != nullptr ? piece : "", size);
        pieces[i].begin = impl_->spm->encoding_begin(encoding.get(), i);
        pieces[i].end = impl_->spm->encoding_end(encoding.get(), i);
    }
    return pieces;
}

std::string SentencePieceModel::decodeIds(const std::vector<std::int32_t>& ids) const {
    for (const auto id : ids) impl_->checkId(id);
    char error[kErrorCapacity] = {};
    std::size_t size = 0;
    char* text = impl_->spm->decode(impl_->model, ids.data(), ids.size(), &size, error, sizeof error);
    if (text == nullptr) throw InputError("SentencePiece cannot decode the ids: " + errorText(error));
    std::string out(text, size);
    impl_->spm->string_free(text);
    return out;
}

std::int32_t SentencePieceModel::pieceToId(const std::string& piece) const {
    return impl_->spm->piece_to_id(impl_->model, piece.data(), piece.size());
}

std::string SentencePieceModel::idToPiece(std::int32_t id) const {
    impl_->checkId(id);
    std::size_t size = 0;
    const char* piece = impl_->spm->id_to_piece(impl_->model, id, &size);
    return piece != nullptr ? std::string(piece, size) : std::string();
}

std::int32_t SentencePieceModel::vocabSize() const { return impl_->spm->vocab_size(impl_->model); }
std::int32_t SentencePieceModel::unkId() const { return impl_->spm->unk_id(impl_->model); }
std::int32_t SentencePieceModel::bosId() const { return impl_->spm->bos_id(impl_->model); }
std::int32_t SentencePieceModel::eosId() const { return impl_->spm->eos_id(impl_->model); }
std::int32_t SentencePieceModel::padId() const { return impl_->spm->pad_id(impl_->model); }
const std::string& SentencePieceModel::path() const { return impl_->path; }

}  // namespace attnscope
