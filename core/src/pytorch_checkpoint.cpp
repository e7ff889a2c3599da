// pytorch_model.bin (PyTorch's zip format) through a weights-only unpickler. Zip access is
// minizip's (Debian's libminizip): it gives an entry's data offset, so stored entries are mapped.
#include "pytorch_checkpoint.h"

#include "attnscope/errors.h"
#include "mapped_file.h"

#include <unzip.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <unistd.h>
#include <unordered_map>

namespace attnscope {

namespace {

constexpr std::uint64_t kMaxPickleBytes = 256ull << 20;   // data.pkl of a state dict is KBs to a few MB
constexpr std::uint64_t kMaxElements = (1ull << 62) / 8;  // no size computation can overflow below this
constexpr std::uint64_t kMaxDeflateRatio = 1032;          // deflate cannot expand more than this
constexpr std::uint64_t kInflateAllowance = 64ull << 20;  // inflated bytes always allowed ...
constexpr std::uint64_t kInflatePerFileByte = 8;          // ... plus this many per byte of the file

// ---- the file: mapped once, plus the buffers of inflated or gathered data -------------------

struct Backing {
    std::shared_ptr<MappedFile> file;
    std::vector<std::vector<std::byte>> owned;
};

// ---- pickle values -------------------------------------------------------------------------

enum class Kind { None, Bool, Int, Float, String, Bytes, Tuple, List, Dict, Global, Storage, Tensor };
enum class GlobalId { OrderedDict, RebuildTensor, StorageType, Dtype };

struct Value;
using ValuePtr = std::shared_ptr<Value>;

struct Value {
    Kind kind = Kind::None;
    bool boolean = false;
    std::int64_t integer = 0;
    double real = 0;
    std::string text;                                    // String, Bytes; Global: its dotted name
    std::vector<ValuePtr> items;                         // Tuple, List
    std::vector<std::pair<ValuePtr, ValuePtr>> entries;  // Dict (insertion order)
    GlobalId global = GlobalId::OrderedDict;             // Global
    DType dtype = DType::F32;                            // Global StorageType/Dtype, Storage
    std::string storageKey;                              // Storage
    std::int64_t storageNumel = 0;                       // Storage
    ValuePtr storage;                                    // Tensor
    std::int64_t offset = 0;                             // Tensor (elements)
    std::vector<std::int64_t> shape, stride;             // Tensor
};

ValuePtr make(Kind kind) {
    auto v = std::make_shared<Value>();
    v->kind = kind;
    return v;
}

const char* kindName(Kind k) {
    switch (k) {
    case Kind::None: return "None";
    case Kind::Bool: return "a bool";
    case Kind::Int: return "an int";
    case Kind::Float: return "a float";
    case Kind::String: return "a string";
    case Kind::Bytes: return "bytes";
    case Kind::Tuple: return "a tuple";
    case Kind::List: return "a list";
    case Kind::Dict: return "a dict";
    case Kind::Global: return "a global";
    case Kind::Storage: return "a storage";
    case Kind::Tensor: return "a tensor";
    }
    return "?";
}

struct AllowedGlobal {
    const char* module;
    const char* name;
    GlobalId id;
    DType dtype;
};

constexpr AllowedGlobal kAllowed[] = {
    {"collections", "OrderedDict", GlobalId::OrderedDict, DType::F32},
    {"torch._utils", "_rebuild_tensor_v2", GlobalId::RebuildTensor, DType::F32},
    {"torch", "FloatStorage", GlobalId::StorageType, DType::F32},
    {"torch", "HalfStorage", GlobalId::StorageType, DType::F16},
    {"torch", "BFloat16Storage", GlobalId::StorageType, DType::BF16},
    {"torch", "DoubleStorage", GlobalId::StorageType, DType::F64},
    {"torch", "LongStorage", GlobalId::StorageType, DType::I64},
    {"torch", "IntStorage", GlobalId::StorageType, DType::I32},
    {"torch", "ShortStorage", GlobalId::StorageType, DType::I16},
    {"torch", "CharStorage", GlobalId::StorageType, DType::I8},
    {"torch", "ByteStorage", GlobalId::StorageType, DType::U8},
    {"torch", "BoolStorage", GlobalId::StorageType, DType::Bool},
    {"torch", "float32", GlobalId::Dtype, DType::F32},
    {"torch", "float16", GlobalId::Dtype, DType::F16},
    {"torch", "bfloat16", GlobalId::Dtype, DType::BF16},
};

// ---- the weights-only unpickler ------------------------------------------------------------

class Unpickler {
public:
    using Fail = std::function<ModelFileError(const std::string&)>;
    Unpickler(const std::vector<std::byte>& bytes, Fail fail) : bytes_(bytes), fail_(std::move(fail)) {}

    ValuePtr run() {
        while (true) {
            const std::size_t at = pos_;
            const auto op = static_cast<std::uint8_t>(u8());
            switch (op) {
            case 0x80: {  // PROTO
                const auto version = std::to_integer<int>(u8());
                if (version > 5) throw bad(at, "pickle protocol " + std::to_string(version) + " is unknown");
                break;
            }
            case 0x95: take(8); break;  // FRAME: a length hint only
            case '.': {                 // STOP
                if (stack_.size() != 1 || !marks_.empty())
                    throw bad(at, "STOP with " + std::to_string(stack_.size()) + " values on the stack");
                return stack_.back();
            }
            case '(': marks_.push_back(stack_.size()); break;  // MARK
            case '}': push(make(Kind::Dict)); break;           // EMPTY_DICT
            case ']': push(make(Kind::List)); break;           // EMPTY_LIST
            case ')': push(make(Kind::Tuple)); break;          // EMPTY_TUPLE
            case 't': {                                        // TUPLE
                auto t = make(Kind::Tuple);
                t->items = popToMark(at);
                push(t);
                break;
            }
            case 0x85:
            case 0x86:
            case 0x87: {  // TUPLE1..3
                const std::size_t n = op - 0x84u;
                auto t = make(Kind::Tuple);
                t->items = popN(at, n);
                push(t);
                break;
            }
            case 'l': {  // LIST
                auto l = make(Kind::List);
                l->items = popToMark(at);
                push(l);
                break;
            }
            case 'd': {  // DICT
                auto d = make(Kind::Dict);
                addPairs(at, *d, popToMark(at));
                push(d);
                break;
            }
            case 'a': {  // APPEND
                auto v = pop(at);
                auto& list = top(at);
                if (list->kind != Kind::List) throw bad(at, "APPEND to " + std::string(kindName(list->kind)));
                list->items.push_back(v);
                break;
            }
            case 'e': {  // APPENDS
                auto vs = popToMark(at);
                auto& list = top(at);
                if (list->kind != Kind::List) throw bad(at, "APPENDS to " + std::string(kindName(list->kind)));
                list->items.insert(list->items.end(), vs.begin(), vs.end());
                break;
            }
            case 's': {  // SETITEM
                auto v = pop(at);
                auto k = pop(at);
                auto& d = top(at);
                if (d->kind != Kind::Dict) throw bad(at, "SETITEM on " + std::string(kindName(d->kind)));
                d->entries.emplace_back(k, v);
                break;
            }
            case 'u': {  // SETITEMS
                auto vs = popToMark(at);
                auto& d = top(at);
                if (d->kind != Kind::Dict) throw bad(at, "SETITEMS on " + std::string(kindName(d->kind)));
                addPairs(at, *d, vs);
                break;
            }
            case 'J': pushInt(static_cast<std::int32_t>(le(4))); break;  // BININT
            case 'K': pushInt(static_cast<std::int64_t>(le(1))); break;  // BININT1
            case 'M': pushInt(static_cast<std::int64_t>(le(2))); break;  // BININT2
            case 0x8a: {                                                 // LONG1
                const auto n = static_cast<std::size_t>(u8());
                if (n > 8) throw bad(at, "an integer of " + std::to_string(n) + " bytes is out of range");
                std::uint64_t raw = n ? le(n) : 0;
                if (n > 0 && n < 8 && (raw >> (8 * n - 1)) & 1u) raw |= ~0ull << (8 * n);  // sign-extend
                pushInt(static_cast<std::int64_t>(raw));
                break;
            }
            case 'N': push(make(Kind::None)); break;
            case 0x88:
            case 0x89: {  // NEWTRUE, NEWFALSE
                auto b = make(Kind::Bool);
                b->boolean = op == 0x88;
                push(b);
                break;
            }
            case 'G': {  // BINFLOAT (big-endian)
                std::uint64_t raw = 0;
                const std::byte* p = take(8);
                for (int i = 0; i < 8; ++i) raw = (raw << 8) | std::to_integer<std::uint8_t>(p[i]);
                auto f = make(Kind::Float);
                std::memcpy(&f->real, &raw, sizeof raw);
                push(f);
                break;
            }
            case 'X': pushText(Kind::String, le(4), at); break;                   // BINUNICODE
            case 0x8c: pushText(Kind::String, le(1), at); break;                  // SHORT_BINUNICODE
            case 0x8d: pushText(Kind::String, le(8), at); break;                  // BINUNICODE8
            case 'T': pushText(Kind::String, le(4), at); break;                   // BINSTRING
            case 'U': pushText(Kind::String, le(1), at); break;                   // SHORT_BINSTRING
            case 'B': pushText(Kind::Bytes, le(4), at); break;                    // BINBYTES
            case 'C': pushText(Kind::Bytes, le(1), at); break;                    // SHORT_BINBYTES
            case 'q': memo_[static_cast<std::uint32_t>(le(1))] = top(at); break;  // BINPUT
            case 'r': memo_[static_cast<std::uint32_t>(le(4))] = top(at); break;  // LONG_BINPUT
            case 0x94: {                                                          // MEMOIZE
                const auto index = static_cast<std::uint32_t>(memo_.size());
                memo_[index] = top(at);
                break;
            }
            case 'h': push(memoGet(at, le(1))); break;  // BINGET
            case 'j': push(memoGet(at, le(4))); break;  // LONG_BINGET
            case 'c': {                                 // GLOBAL
                const auto module = line(at);
                const auto name = line(at);
                push(resolveGlobal(module, name));
                break;
            }
            case 0x93: {  // STACK_GLOBAL
                auto name = pop(at);
                auto module = pop(at);
                if (module->kind != Kind::String || name->kind != Kind::String)
                    throw bad(at, "STACK_GLOBAL needs two strings");
                push(resolveGlobal(module->text, name->text));
                break;
            }
            case 'Q': push(persistentLoad(at, pop(at))); break;  // BINPERSID
            case 'R': {                                          // REDUCE
                auto args = pop(at);
                auto callable = pop(at);
                push(reduce(at, *callable, args));
                break;
            }
            case 'b': {   // BUILD: only an OrderedDict's attributes (a state dict's _metadata)
                pop(at);  // the attributes (_metadata) are not needed
                auto& object = top(at);
                if (object->kind != Kind::Dict)
                    throw bad(at, "BUILD (setting the state of " + std::string(kindName(object->kind)) +
                                      ") is not part of a state dict");
                break;
            }
            default: {
                char name[8];
                std::snprintf(name, sizeof name, "0x%02x", op);
                throw bad(at, std::string("opcode ") + name + " is not one torch.save writes for a state dict");
            }
            }
        }
    }

private:
    ModelFileError bad(std::size_t at, const std::string& what) const {
        return fail_("data.pkl at byte " + std::to_string(at) + ": " + what);
    }

    const std::byte* take(std::size_t n) {
        if (n > bytes_.size() - pos_) throw fail_("data.pkl ends in the middle of an opcode (truncated)");
        const std::byte* p = bytes_.data() + pos_;
        pos_ += n;
        return p;
    }
    std::byte u8() { return *take(1); }
    std::uint64_t le(std::size_t n) {
        const std::byte* p = take(n);
        std::uint64_t v = 0;
        for (std::size_t i = n; i-- > 0;) v = (v << 8) | std::to_integer<std::uint8_t>(p[i]);
        return v;
    }
    std::string line(std::size_t at) {
        std::string s;
        while (true) {
            const auto c = static_cast<char>(u8());
            if (c == '\n') return s;
            if (s.size() > 256) throw bad(at, "a global's name is longer than 256 characters");
            s += c;
        }
    }

    void push(ValuePtr v) { stack_.push_back(std::move(v)); }
    void pushInt(std::int64_t i) {
        auto v = make(Kind::Int);
        v->integer = i;
        push(v);
    }
    void pushText(Kind kind, std::uint64_t n, std::size_t at) {
        if (n > bytes_.size() - pos_) throw bad(at, "a string of " + std::to_string(n) + " bytes runs past the end");
        const std::byte* p = take(static_cast<std::size_t>(n));
        auto v = make(kind);
        v->text.assign(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
        push(v);
    }
    std::size_t floor() const { return marks_.empty() ? 0 : marks_.back(); }
    ValuePtr pop(std::size_t at) {
        if (stack_.size() <= floor()) throw bad(at, "the stack is empty");
        auto v = stack_.back();
        stack_.pop_back();
        return v;
    }
    ValuePtr& top(std::size_t at) {
        if (stack_.size() <= floor()) throw bad(at, "the stack is empty");
        return stack_.back();
    }
    std::vector<ValuePtr> popN(std::size_t at, std::size_t n) {
        if (stack_.size() < floor() + n) throw bad(at, "the stack holds too few values");
        std::vector<ValuePtr> out(stack_.end() - static_cast<std::ptrdiff_t>(n), stack_.end());
        stack_.resize(stack_.size() - n);
        return out;
    }
    std::vector<ValuePtr> popToMark(std::size_t at) {
        if (marks_.empty()) throw bad(at, "no MARK to pop to");
        const std::size_t mark = marks_.back();
        marks_.pop_back();
        std::vector<ValuePtr> out(stack_.begin() + static_cast<std::ptrdiff_t>(mark), stack_.end());
        stack_.resize(mark);
        return out;
    }
    void addPairs(std::size_t at, Value& dict, const std::vector<ValuePtr>& flat) {
        if (flat.size() % 2) throw bad(at, "a dict's items come in an odd number");
        for (std::size_t i = 0; i < flat.size(); i += 2) dict.entries.emplace_back(flat[i], flat[i + 1]);
    }
    ValuePtr memoGet(std::size_t at, std::uint64_t index) {
        auto it = memo_.find(static_cast<std::uint32_t>(index));
        if (it == memo_.end()) throw bad(at, "memo entry " + std::to_string(index) + " was never stored");
        return it->second;
    }

    ValuePtr resolveGlobal(const std::string& module, const std::string& name) {
        for (const auto& a : kAllowed)
            if (module == a.module && name == a.name) {
                auto g = make(Kind::Global);
                g->global = a.id;
                g->dtype = a.dtype;
                g->text = module + "." + name;
                return g;
            }
        throw fail_("data.pkl refers to the global '" + module + "." + name +
                    "', which the weights-only reader does not allow (it resolves only collections.OrderedDict, "
                    "torch._utils._rebuild_tensor_v2, torch's typed storages and dtypes); nothing was executed");
    }

    ValuePtr persistentLoad(std::size_t at, const ValuePtr& pid) {
        const auto& t = pid->items;
        if (pid->kind != Kind::Tuple || t.size() != 5 || t[0]->kind != Kind::String || t[0]->text != "storage")
            throw bad(at, "a persistent id that is not ('storage', type, key, location, size)");
        if (t[1]->kind != Kind::Global || t[1]->global != GlobalId::StorageType)
            throw bad(at, "a storage whose type is not one of torch's typed storages");
        if (t[2]->kind != Kind::String || t[2]->text.empty() || t[2]->text.size() > 64 ||
            t[2]->text.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") !=
                std::string::npos)
            throw bad(at, "a storage key that is not a plain name");
        if (t[3]->kind != Kind::String) throw bad(at, "a storage location that is not a string");
        if (t[4]->kind != Kind::Int || t[4]->integer < 0 || static_cast<std::uint64_t>(t[4]->integer) > kMaxElements)
            throw bad(at, "storage '" + t[2]->text + "' declares an impossible size");
        auto& known = storages_[t[2]->text];
        if (known) {
            if (known->dtype != t[1]->dtype || known->storageNumel != t[4]->integer)
                throw bad(at, "storage '" + t[2]->text + "' is declared twice with different types or sizes");
            return known;
        }
        known = make(Kind::Storage);
        known->dtype = t[1]->dtype;
        known->storageKey = t[2]->text;
        known->storageNumel = t[4]->integer;
        return known;
    }

    ValuePtr reduce(std::size_t at, const Value& callable, const ValuePtr& args) {
        const std::string name = callable.kind == Kind::Global ? callable.text : std::string(kindName(callable.kind));
        if (args->kind != Kind::Tuple) throw bad(at, "REDUCE of " + name + " with arguments that are not a tuple");
        if (callable.kind == Kind::Global && callable.global == GlobalId::OrderedDict) {
            if (!args->items.empty()) throw bad(at, "collections.OrderedDict called with arguments");
            return make(Kind::Dict);
        }
        if (callable.kind == Kind::Global && callable.global == GlobalId::RebuildTensor)
            return rebuildTensor(at, args->items);
        throw fail_("data.pkl calls " + name +
                    ", which the weights-only reader does not allow (it calls only collections.OrderedDict and "
                    "torch._utils._rebuild_tensor_v2); nothing was executed");
    }

    ValuePtr rebuildTensor(std::size_t at, const std::vector<ValuePtr>& a) {
        // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
        if (a.size() != 6 && a.size() != 7)
            throw bad(at, "_rebuild_tensor_v2 with " + std::to_string(a.size()) + " arguments");
        if (a[0]->kind != Kind::Storage) throw bad(at, "_rebuild_tensor_v2 of something that is not a storage");
        if (a[1]->kind != Kind::Int) throw bad(at, "_rebuild_tensor_v2 with an offset that is not an integer");
        auto t = make(Kind::Tensor);
        t->storage = a[0];
        t->offset = a[1]->integer;
        auto ints = [&](const ValuePtr& v, const char* what) {
            if (v->kind != Kind::Tuple)
                throw bad(at, std::string("_rebuild_tensor_v2 with a ") + what + " that is not a tuple");
            std::vector<std::int64_t> out;
            for (const auto& i : v->items) {
                if (i->kind != Kind::Int)
                    throw bad(at, std::string("_rebuild_tensor_v2 with a ") + what + " that holds a non-integer");
                out.push_back(i->integer);
            }
            return out;
        };
        t->shape = ints(a[2], "size");
        t->stride = ints(a[3], "stride");
        if (a[5]->kind != Kind::Dict || !a[5]->entries.empty()) throw bad(at, "_rebuild_tensor_v2 with backward hooks");
        return t;
    }

    const std::vector<std::byte>& bytes_;
    Fail fail_;
    std::size_t pos_ = 0;
    std::vector<ValuePtr> stack_;
    std::vector<std::size_t> marks_;
    std::unordered_map<std::uint32_t, ValuePtr> memo_;
    std::map<std::string, ValuePtr> storages_;
};

// ---- the zip archive ------------------------------------------------------------------------

struct Entry {
    unz64_file_pos position{};
    unsigned long method = 0;
    std::uint64_t compressedSize = 0;
    std::uint64_t size = 0;
};

struct ZipCloser {
    void operator()(void* z) const {
        if (z) unzClose(z);
    }
};

std::string shapeText(const std::vector<std::int64_t>& v) {
    std::string s = "[";
    for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::to_string(v[i]);
    return s + "]";
}

}  // namespace

CheckpointWeights readPytorchCheckpoint(const std::string& path) {
    auto fail = [path](const std::string& what) -> ModelFileError {
        return ModelFileError("Cannot read weights file '" + path + "': " + what);
    };

    auto backing = std::make_shared<Backing>();
    backing->file = mapFile(path, fail, [&](int fd, std::uint64_t) {
        unsigned char magic[4] = {};
        const auto got = ::pread(fd, magic, sizeof magic, 0);
        if (got >= 1 && magic[0] == 0x80)
            throw fail("it is in PyTorch's legacy (pre-1.6, non-zip) format, which is not read: re-save it with "
                       "save_pretrained() (safetensors) or torch.save() of a current PyTorch");
        if (got != 4 || std::memcmp(magic, "PK\x03\x04", 4) != 0)
            throw fail("not a PyTorch zip checkpoint (no zip signature at the start)");
    });
    const std::uint64_t fileSize = backing->file->length;
    const auto* base = backing->file->data();

    std::unique_ptr<void, ZipCloser> zip(unzOpen64(path.c_str()));
    if (!zip) throw fail("not a readable zip archive (truncated download? its central directory is missing or broken)");

    // The directory: every entry's name, method and sizes.
    std::map<std::string, Entry> entries;
    for (int rc = unzGoToFirstFile(zip.get()); rc != UNZ_END_OF_LIST_OF_FILE; rc = unzGoToNextFile(zip.get())) {
        if (rc != UNZ_OK) throw fail("its zip directory is broken (error " + std::to_string(rc) + ")");
        unz_file_info64 info{};
        char name[1024];
        if (unzGetCurrentFileInfo64(zip.get(), &info, name, sizeof name, nullptr, 0, nullptr, 0) != UNZ_OK ||
            info.size_filename >= sizeof name)
            throw fail("its zip directory holds an unreadable or overlong entry name");
        Entry e;
        unzGetFilePos64(zip.get(), &e.position);
        e.method = info.compression_method;
        e.compressedSize = info.compressed_size;
        e.size = info.uncompressed_size;
        if (!entries.emplace(name, e).second) throw fail("the zip archive holds '" + std::string(name) + "' twice");
    }

    std::string prefix;
    for (const auto& [name, e] : entries) {
        const auto slash = name.find('/');
        if (slash != std::string::npos && name.compare(slash, std::string::npos, "/data.pkl") == 0) {
            prefix = name.substr(0, slash + 1);
            break;
        }
    }
    if (prefix.empty()) throw fail("the zip archive has no data.pkl record (not written by torch.save)");

    std::uint64_t inflated = 0;
    const std::uint64_t inflateBudget = kInflateAllowance + kInflatePerFileByte * fileSize;
    // Opens an entry and returns its bytes: a pointer into the mapping when stored, else a
    // buffer inflated under the zip-bomb limits. expected: the size the caller needs.
    using Complain = std::function<ModelFileError(const std::string&)>;
    auto readEntry = [&](const std::string& name, std::uint64_t expected, std::uint64_t limit,
                         const Complain& fail) -> const std::byte* {
        const auto& e = entries.at(name);
        if (e.size != expected)
            throw fail("zip entry '" + name + "' holds " + std::to_string(e.size) + " bytes but " +
                       std::to_string(expected) + " are needed");
        if (e.size > limit) throw fail("zip entry '" + name + "' is too large (" + std::to_string(e.size) + " bytes)");
        if (e.method != 0 && e.method != static_cast<unsigned long>(Z_DEFLATED))
            throw fail("zip entry '" + name + "' uses compression method " + std::to_string(e.method) +
                       " (only stored and deflated entries are read)");
        auto position = e.position;
        if (unzGoToFilePos64(zip.get(), &position) != UNZ_OK || unzOpenCurrentFile(zip.get()) != UNZ_OK)
            throw fail("zip entry '" + name + "' cannot be opened (its local header is broken or truncated)");
        if (e.method == 0) {
            const std::uint64_t at = unzGetCurrentFileZStreamPos64(zip.get());
            unzCloseCurrentFile(zip.get());
            if (e.compressedSize != e.size || at > fileSize || e.size > fileSize - at)
                throw fail("zip entry '" + name + "' runs past the end of the file (truncated download?)");
            return base + at;
        }
        if (e.size > kMaxDeflateRatio * e.compressedSize + 1024 || e.size > inflateBudget - inflated) {
            unzCloseCurrentFile(zip.get());
            throw fail("zip entry '" + name + "' would inflate " + std::to_string(e.compressedSize) + " bytes to " +
                       std::to_string(e.size) +
                       " (more than deflate can produce or this file can plausibly hold: "
                       "a zip bomb?)");
        }
        inflated += e.size;
        std::vector<std::byte> buffer(static_cast<std::size_t>(e.size) + 1);
        std::uint64_t done = 0;
        while (true) {
            const auto chunk = static_cast<unsigned>(std::min<std::uint64_t>(buffer.size() - done, 1u << 30));
            if (chunk == 0) break;
            const int n = unzReadCurrentFile(zip.get(), buffer.data() + done, chunk);
            if (n < 0) {
                unzCloseCurrentFile(zip.get());
                throw fail("zip entry '" + name + "' does not inflate (corrupt or truncated)");
            }
            if (n == 0) break;
            done += static_cast<std::uint64_t>(n);
        }
        const int closed = unzCloseCurrentFile(zip.get());
        if (done != e.size)
            throw fail("zip entry '" + name + "' inflates to " + (done > e.size ? "more" : "fewer") +
                       " bytes than its declared " + std::to_string(e.size));
        if (closed == UNZ_CRCERROR) throw fail("zip entry '" + name + "' fails its CRC check (corrupt file)");
        buffer.resize(static_cast<std::size_t>(e.size));
        backing->owned.push_back(std::move(buffer));
        return backing->owned.back().data();
    };

    if (entries.count(prefix + "byteorder")) {
        const auto& e = entries.at(prefix + "byteorder");
        const auto* p = readEntry(prefix + "byteorder", e.size, 16, fail);
        const std::string order(reinterpret_cast<const char*>(p), static_cast<std::size_t>(e.size));
        if (order != "little") throw fail("its tensors are stored " + order + "-endian; only little-endian is read");
    }

    const auto& pklEntry = entries.at(prefix + "data.pkl");
    const auto* pkl = readEntry(prefix + "data.pkl", pklEntry.size, kMaxPickleBytes, fail);
    const std::vector<std::byte> pickle(pkl, pkl + pklEntry.size);
    const ValuePtr root = Unpickler(pickle, fail).run();
    if (root->kind != Kind::Dict)
        throw fail("data.pkl holds " + std::string(kindName(root->kind)) + ", not a state dict");

    // Storages: each read once, its entry's size checked against the declared element count.
    std::map<std::string, const std::byte*> storageData;
    std::vector<TensorInfo> tensors;
    std::vector<const std::byte*> data;
    std::set<std::string> names;
    for (const auto& [key, value] : root->entries) {
        if (key->kind != Kind::String) throw fail("the state dict has a key that is not a string");
        const std::string& name = key->text;
        auto bad = [&](const std::string& what) { return fail("tensor '" + name + "': " + what); };
        if (!names.insert(name).second) throw bad("appears twice");
        if (value->kind != Kind::Tensor) throw bad(std::string("is ") + kindName(value->kind) + ", not a tensor");
        const Value& storage = *value->storage;
        const std::size_t elementSize = dtypeSize(storage.dtype);
        const auto storageNumel = static_cast<std::uint64_t>(storage.storageNumel);

        if (value->shape.size() != value->stride.size())
            throw bad("shape " + shapeText(value->shape) + " and strides " + shapeText(value->stride) +
                      " differ in length");
        if (value->offset < 0) throw bad("negative storage offset " + std::to_string(value->offset));
        std::uint64_t numel = 1;
        for (std::size_t d = 0; d < value->shape.size(); ++d) {
            if (value->shape[d] < 0) throw bad("negative dimension in shape " + shapeText(value->shape));
            if (value->stride[d] < 0) throw bad("negative stride in strides " + shapeText(value->stride));
            const auto dim = static_cast<std::uint64_t>(value->shape[d]);
            if (dim != 0 && numel > kMaxElements / dim)
                throw bad("shape " + shapeText(value->shape) + " is absurdly large");
            numel *= dim;
        }
        // The last element it reaches must lie inside its storage.
        std::uint64_t last = static_cast<std::uint64_t>(value->offset);
        if (numel > 0) {
            for (std::size_t d = 0; d < value->shape.size(); ++d) {
                const auto step = static_cast<std::uint64_t>(value->stride[d]);
                const auto count = static_cast<std::uint64_t>(value->shape[d] - 1);
                if (step != 0 && count > (kMaxElements - last) / step)
                    throw bad("strides " + shapeText(value->stride) + " reach absurdly far");
                last += count * step;
            }
            if (last >= storageNumel)
                throw bad("offset " + std::to_string(value->offset) + ", shape " + shapeText(value->shape) +
                          " and strides " + shapeText(value->stride) + " reach element " + std::to_string(last) +
                          " but storage '" + storage.storageKey + "' holds " + std::to_string(storageNumel));
        } else if (last > storageNumel) {
            throw bad("offset " + std::to_string(value->offset) + " lies past the end of storage '" +
                      storage.storageKey + "' (" + std::to_string(storageNumel) + " elements)");
        }

        const std::byte*& bytes = storageData[storage.storageKey];
        if (!bytes) {
            const std::string entry = prefix + "data/" + storage.storageKey;
            if (!entries.count(entry))
                throw bad("its storage '" + storage.storageKey + "' has no zip entry '" + entry + "'");
            const std::string declared = "storage '" + storage.storageKey + "' (" + std::to_string(storageNumel) + " " +
                                         dtypeName(storage.dtype) + " elements): ";
            bytes = readEntry(entry, storageNumel * elementSize, std::numeric_limits<std::uint64_t>::max(),
                              [&](const std::string& what) { return bad(declared + what); });
        }

        TensorInfo info;
        info.name = name;
        info.dtype = storage.dtype;
        info.shape = value->shape;
        info.begin = 0;
        info.end = numel * elementSize;
        bool contiguous = true;
        std::int64_t expectedStride = 1;
        for (std::size_t d = value->shape.size(); d-- > 0;) {
            if (value->shape[d] != 1 && value->stride[d] != expectedStride) contiguous = false;
            expectedStride *= value->shape[d];
        }
        const std::byte* start = bytes + static_cast<std::uint64_t>(value->offset) * elementSize;
        if (contiguous || numel == 0) {
            data.push_back(start);
        } else {
            // Gather a strided view into a row-major copy.
            std::vector<std::byte> copy(static_cast<std::size_t>(numel * elementSize));
            std::vector<std::int64_t> index(value->shape.size(), 0);
            for (std::uint64_t i = 0; i < numel; ++i) {
                std::int64_t element = 0;
                for (std::size_t d = 0; d < index.size(); ++d) element += index[d] * value->stride[d];
                std::memcpy(copy.data() + i * elementSize, start + static_cast<std::uint64_t>(element) * elementSize,
                            elementSize);
                for (std::size_t d = index.size(); d-- > 0;) {
                    if (++index[d] < value->shape[d]) break;
                    index[d] = 0;
                }
            }
            backing->owned.push_back(std::move(copy));
            data.push_back(backing->owned.back().data());
        }
        tensors.push_back(std::move(info));
    }
    return CheckpointWeights(path, std::move(tensors), std::move(data), backing);
}

}  // namespace attnscope
