#!/usr/bin/env python3
"""Generate the pytorch_model.bin fixtures in tests/data (tests/core/tst_pytorch_checkpoint.cpp).

Run by a developer, never by CI (it needs PyTorch and Hugging Face transformers):
    python3 -m venv --system-site-packages .venv-hf     # over Debian's python3-torch (1.13)
    .venv-hf/bin/pip install "transformers==4.49"
    .venv-hf/bin/python tests/data/make_pytorch_fixtures.py

Writes
  tiny_bert_pt/        tiny_bert re-saved by save_pretrained(safe_serialization=False):
                       pytorch_model.bin (zip format) + config and tokenizer files, no safetensors
  tiny_marian_pt/      the same for tiny_marian_tok (config.json only: the tests copy the
                       tokenizer files from tiny_marian_tok, 480 KB of SentencePiece models)
  hostile_pickles/     small archives every reader must refuse (see HOSTILE below), and
                       views.bin, a valid archive with strided, offset, shared and float16 views
"""
import collections
import io
import os
import pickle
import shutil
import struct
import sys
import zipfile

import torch
from transformers import BertForMaskedLM, MarianMTModel

HERE = os.path.dirname(os.path.abspath(__file__))


def resave(src, dst, cls, copied):
    """Loads a committed tiny model and writes its pytorch_model.bin twin next to copies of
    the files named in copied."""
    if os.path.isdir(dst):
        shutil.rmtree(dst)
    model = cls.from_pretrained(src)
    model.save_pretrained(dst, safe_serialization=False)
    # save_pretrained rewrites config.json (version stamp, generation config): keep the originals.
    for name in os.listdir(dst):
        if name != "pytorch_model.bin":
            os.remove(os.path.join(dst, name))
    for name in copied:
        shutil.copy(os.path.join(src, name), os.path.join(dst, name))
    assert zipfile.is_zipfile(os.path.join(dst, "pytorch_model.bin"))


# ---- hand-made archives ---------------------------------------------------------------------

class StorageRef:
    """Stands for a storage in a pickle: becomes torch.save's persistent id."""

    def __init__(self, key, numel, stype=torch.FloatStorage):
        self.key, self.numel, self.stype = key, numel, stype


class TensorRef:
    """Pickles like torch.save pickles a tensor: _rebuild_tensor_v2(storage, offset, size, stride, ...)."""

    def __init__(self, storage, offset, size, stride):
        self.storage, self.offset, self.size, self.stride = storage, offset, size, stride

    def __reduce__(self):
        return (torch._utils._rebuild_tensor_v2,
                (self.storage, self.offset, tuple(self.size), tuple(self.stride), False, collections.OrderedDict()))


class Pickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, StorageRef):
            return ("storage", obj.stype, obj.key, "cpu", obj.numel)
        return None


def pickled(obj, protocol=2):
    buf = io.BytesIO()
    Pickler(buf, protocol=protocol).dump(obj)
    return buf.getvalue()


def archive(path, pkl, storages, compress=zipfile.ZIP_STORED):
    with zipfile.ZipFile(path, "w", compression=compress) as z:
        z.writestr("archive/data.pkl", pkl, compress_type=zipfile.ZIP_STORED)
        for key, data in storages.items():
            z.writestr("archive/data/" + key, data)
        z.writestr("archive/version", b"3\n", compress_type=zipfile.ZIP_STORED)


def floats(n):
    return struct.pack("<%df" % n, *[float(i) for i in range(n)])


def one_tensor(name, numel, offset, size, stride):
    """A state dict {name: tensor} over storage '0' that declares numel elements."""
    return pickled(collections.OrderedDict([(name, TensorRef(StorageRef("0", numel), offset, size, stride))]))


class Payload:
    """The classic: unpickling it would run os.system."""

    def __reduce__(self):
        return (os.system, ("echo attnscope-was-here",))


def hostile(out):
    os.makedirs(out, exist_ok=True)
    four = floats(4)

    # A GLOBAL of os.system written by hand, as a pickle from anywhere could hold it.
    archive(os.path.join(out, "global_os_system.bin"), b"\x80\x02cos\nsystem\nX\x02\x00\x00\x00hi\x85R.", {})
    # builtins.eval through STACK_GLOBAL (protocol 4).
    archive(os.path.join(out, "global_builtins_eval.bin"), pickle.dumps(collections.OrderedDict(w=eval), protocol=4), {})
    # A __reduce__ payload: Python writes os.system as posix.system.
    archive(os.path.join(out, "reduce_payload.bin"), pickle.dumps({"w": Payload()}, protocol=2), {})
    # REDUCE of an allowed global that is not callable here: torch.FloatStorage(...).
    archive(os.path.join(out, "reduce_storage_call.bin"), b"\x80\x02ctorch\nFloatStorage\nK\x04\x85R.", {})
    # The pickle declares 1000 floats; the storage entry holds 4.
    archive(os.path.join(out, "storage_too_large.bin"), one_tensor("w", 1000, 0, [1000], [1]), {"0": four})
    # Shapes whose product overflows.
    archive(os.path.join(out, "huge_shape.bin"), one_tensor("w", 4, 0, [2**40, 2**40], [2**40, 1]), {"0": four})
    # A storage that declares 2^61 elements.
    archive(os.path.join(out, "huge_storage.bin"), one_tensor("w", 2**61, 0, [4], [1]), {"0": four})
    # A negative stride (numpy-style reversed view).
    archive(os.path.join(out, "negative_stride.bin"), one_tensor("w", 4, 3, [4], [-1]), {"0": four})
    # An offset past the end of the storage.
    archive(os.path.join(out, "offset_past_end.bin"), one_tensor("w", 4, 100, [2], [1]), {"0": four})
    # A valid archive cut short (a truncated download).
    valid = os.path.join(out, "valid_tmp.bin")
    archive(valid, one_tensor("w", 256, 0, [256], [1]), {"0": floats(256)})
    with open(valid, "rb") as f:
        data = f.read()
    os.remove(valid)
    with open(os.path.join(out, "truncated.bin"), "wb") as f:
        f.write(data[: len(data) * 2 // 3])
    # A deflated storage entry whose zip headers declare 4 GB: a zip bomb by its own account.
    bomb = os.path.join(out, "zip_bomb.bin")
    archive(bomb, one_tensor("w", 2**30 - 4, 0, [2**30 - 4], [1]), {"0": bytes(64 * 1024)}, zipfile.ZIP_DEFLATED)
    with open(bomb, "rb") as f:
        data = bytearray(f.read())
    name = b"archive/data/0"
    declared = 2**32 - 16
    local = data.index(name) - 30                       # local header: name at +30, size at +22
    central = data.index(name, local + 30 + len(name)) - 46  # central header: name at +46, size at +24
    assert data[local:local + 4] == b"PK\x03\x04" and data[central:central + 4] == b"PK\x01\x02"
    struct.pack_into("<I", data, local + 22, declared)
    struct.pack_into("<I", data, central + 24, declared)
    with open(bomb, "wb") as f:
        f.write(data)
    # The legacy (pre-1.6) format.
    torch.save(collections.OrderedDict(w=torch.arange(4.0)), os.path.join(out, "legacy.bin"),
               _use_new_zipfile_serialization=False)

    # A valid archive with views torch.save keeps as they are: a transposed (strided) tensor,
    # two slices of one storage (offsets), and float16.
    base = torch.arange(12, dtype=torch.float32)
    views = collections.OrderedDict()
    views["transposed"] = base[:6].view(2, 3).t()      # shape [3, 2], strides (1, 3)
    views["base"] = base
    views["tail"] = base[8:]                            # offset 8 of the same storage
    views["half"] = torch.arange(5, dtype=torch.float16)
    views["every_other"] = base[::2]                    # stride 2
    torch.save(views, os.path.join(out, "views.bin"))


def main():
    resave(os.path.join(HERE, "tiny_bert"), os.path.join(HERE, "tiny_bert_pt"), BertForMaskedLM,
           ["config.json", "vocab.txt", "tokenizer_config.json"])
    resave(os.path.join(HERE, "tiny_marian_tok"), os.path.join(HERE, "tiny_marian_pt"), MarianMTModel, ["config.json"])
    hostile(os.path.join(HERE, "hostile_pickles"))
    print("wrote tiny_bert_pt, tiny_marian_pt and hostile_pickles", file=sys.stderr)


if __name__ == "__main__":
    main()
