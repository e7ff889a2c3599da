#!/usr/bin/env python3
"""Builds a BertForMaskedLM checkpoint folder from a fetched base encoder and the tensors the
project trained (standard library only; run by scripts/setup, not at run time).

usage: assemble_checkpoint.py BASE_DIR TRAINED_DIR OUT_DIR
  BASE_DIR     bare BERT checkpoint (keys without "bert."), e.g. models/all-MiniLM-L6-v2
  TRAINED_DIR  holds trained.safetensors (keys "bert.encoder.layer.N..." and "cls.predictions.*"
               as written by attnscope-cli train-mlm) and config.json
Writes OUT_DIR/model.safetensors (base tensors under "bert.", trained ones replacing or adding)
and copies vocab.txt and tokenizer_config.json from BASE_DIR. Refuses trained tensors whose
shape differs from the base tensor they replace."""
import json
import os
import shutil
import struct
import sys


def read_header(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        return json.loads(f.read(n)), 8 + n


def tensors(path):
    header, start = read_header(path)
    meta = header.pop("__metadata__", {})
    return header, start, meta


def main():
    base_dir, trained_dir, out_dir = sys.argv[1:4]
    base_path = os.path.join(base_dir, "model.safetensors")
    trained_path = os.path.join(trained_dir, "trained.safetensors")
    base, base_start, _ = tensors(base_path)
    trained, trained_start, trained_meta = tensors(trained_path)

    plan = {}  # output key -> (file, start, info)
    for key, info in base.items():
        if key.startswith("pooler.") or key == "embeddings.position_ids":
            continue  # BertForMaskedLM has no pooler; position_ids is a recomputed buffer
        plan["bert." + key] = (base_path, base_start, info)
    for key, info in trained.items():
        if key in plan and plan[key][2]["shape"] != info["shape"]:
            sys.exit(f"assemble: trained tensor {key} has shape {info['shape']}, base has {plan[key][2]['shape']}")
        if key not in plan and not key.startswith("cls."):
            sys.exit(f"assemble: trained tensor {key} replaces nothing in the base checkpoint")
        plan[key] = (trained_path, trained_start, info)

    header, offset = {"__metadata__": {"format": "pt", **trained_meta}}, 0
    for key, (_, _, info) in plan.items():
        size = info["data_offsets"][1] - info["data_offsets"][0]
        header[key] = {"dtype": info["dtype"], "shape": info["shape"], "data_offsets": [offset, offset + size]}
        offset += size
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    os.makedirs(out_dir, exist_ok=True)
    tmp = os.path.join(out_dir, "model.safetensors.part")
    handles = {}
    with open(tmp, "wb") as out:
        out.write(struct.pack("<Q", len(text)))
        out.write(text)
        for key, (path, start, info) in plan.items():
            f = handles.setdefault(path, open(path, "rb"))
            f.seek(start + info["data_offsets"][0])
            out.write(f.read(info["data_offsets"][1] - info["data_offsets"][0]))
    for f in handles.values():
        f.close()
    os.replace(tmp, os.path.join(out_dir, "model.safetensors"))
    for name in ("vocab.txt", "tokenizer_config.json"):
        shutil.copy(os.path.join(base_dir, name), os.path.join(out_dir, name))
    if os.path.abspath(trained_dir) != os.path.abspath(out_dir):
        shutil.copy(os.path.join(trained_dir, "config.json"), os.path.join(out_dir, "config.json"))
    print(f"assemble: {out_dir}/model.safetensors ({len(plan)} tensors, {len(trained)} trained)")


if __name__ == "__main__":
    main()
