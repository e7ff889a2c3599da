#!/usr/bin/env python3
"""Compare attnscope-cli's JSON attentions with a golden safetensors file (from
tests/data/make_fixtures.py) using only the standard library. Used by scripts/device-check
on machines without Qt (so without the ctest suites), e.g. to check CUDA results.

usage: compare_golden.py CLI MODEL_DIR GOLDEN_PREFIX DEVICE [MAX_SENTENCES] [--against-cpu]
prints one line per sentence and exits 1 if any attention differs by more than 1e-5.
With --against-cpu the reference is this CLI's own CPU result on the same sentences (for a
checkpoint whose golden file was made from other weights, e.g. an F16 copy)."""
import json
import struct
import subprocess
import sys
import tempfile
from array import array


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__" or info["dtype"] != "F32":
            continue
        a = array("f")
        a.frombytes(data[info["data_offsets"][0]:info["data_offsets"][1]])
        out[name] = a
    return out


def flatten(nested):
    for x in nested:
        if isinstance(x, list):
            yield from flatten(x)
        else:
            yield x


def run_cli(cli, model, text, device):
    with tempfile.NamedTemporaryFile(suffix=".json") as tmp:
        run = subprocess.run([cli, "encode", "-m", model, "-t", text, "-d", device, "--json", tmp.name],
                             capture_output=True, text=True)
        if run.returncode != 0:
            raise RuntimeError(f"exit {run.returncode}: {run.stderr.strip()}")
        return json.load(open(tmp.name, encoding="utf-8"))


def main():
    against_cpu = "--against-cpu" in sys.argv
    args = [a for a in sys.argv[1:] if a != "--against-cpu"]
    cli, model, prefix, device = args[:4]
    limit = int(args[4]) if len(args) > 4 else 1000
    golden = json.load(open(prefix + ".json", encoding="utf-8"))
    tensors = {} if against_cpu else read_safetensors(prefix + ".safetensors")
    worst, failed = 0.0, 0
    for i, sentence in enumerate(golden["sentences"][:limit]):
        try:
            ours = run_cli(cli, model, sentence["text"], device)
            if against_cpu:
                reference = run_cli(cli, model, sentence["text"], "cpu")
                expected = list(flatten(reference["attention"]))
                sentence = dict(sentence, ids=reference["token_ids"])
            else:
                expected = tensors[f"s{i}.attentions"]
        except RuntimeError as e:
            print(f"FAIL s{i}: {e}")
            failed += 1
            continue
        ids_ok = ours["token_ids"] == sentence["ids"]
        got = list(flatten(ours["attention"]))
        diff = max(abs(a - b) for a, b in zip(got, expected)) if len(got) == len(expected) else float("inf")
        worst = max(worst, diff)
        ok = ids_ok and diff <= 1e-5
        failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'} s{i} device={ours['device']} ids={'same' if ids_ok else 'DIFFER'} "
              f"max|diff|={diff:.2e} forward={ours['forward_ms']:.2f} ms  {sentence['text'][:50]!r}")
    print(f"{prefix}: {failed} failed, worst max|diff| = {worst:.2e}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
