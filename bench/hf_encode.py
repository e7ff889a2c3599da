#!/usr/bin/env python3
"""Times Hugging Face transformers (PyTorch eager, output_attentions=True) on the texts that
bench_encode used (read from its JSON report) and prints the ratio ours / theirs.

usage: hf_encode.py MODEL_DIR OURS.json [runs=50] [threads=2]
Needs torch + transformers (developer machine only; see tests/data/make_fixtures.py)."""
import inspect
import json
import statistics
import sys
import time

import torch
from transformers import AutoModel, AutoTokenizer


def main():
    model_dir, ours_path = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 50
    threads = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    torch.set_num_threads(threads)
    ours = json.load(open(ours_path))
    # Any family attnscope encodes (BERT, DistilBERT, RoBERTa), with the tokenizer users get
    # from AutoTokenizer (the fast one where there is one).
    model = AutoModel.from_pretrained(model_dir, attn_implementation="eager").eval()
    tok = AutoTokenizer.from_pretrained(model_dir)
    accepted = inspect.signature(model.forward).parameters  # DistilBERT takes no token_type_ids

    def encode(text):
        return {k: v for k, v in tok(text, return_tensors="pt").items() if k in accepted}
    print(f"reference: transformers {__import__('transformers').__version__}, torch {torch.__version__}, "
          f"{threads} threads, median of {runs} runs after warm-up")
    for case in ours["cases"]:
        text = case["text"]

        def full():  # tokenise + forward, as our encode() does
            enc = encode(text)
            with torch.inference_mode():
                return model(**enc, output_attentions=True)

        enc = encode(text)
        assert enc["input_ids"].shape[1] == case["tokens"], "token counts differ"

        def forward_only():
            with torch.inference_mode():
                return model(**enc, output_attentions=True)

        times = {}
        for name, fn in (("full", full), ("forward", forward_only)):
            for _ in range(5):
                fn()
            samples = []
            for _ in range(runs):
                t0 = time.perf_counter()
                fn()
                samples.append((time.perf_counter() - t0) * 1000)
            times[name] = statistics.median(samples)
        print(f"tokens={case['tokens']:3d}  HF tokenise+forward {times['full']:8.3f} ms  forward {times['forward']:8.3f} ms"
              f"  | ours encode {case['encode_ms']:8.3f} ms  ratio ours/HF = {case['encode_ms'] / times['full']:.2f}x"
              f"  (forward vs forward {case['forward_ms'] / times['forward']:.2f}x)")


if __name__ == "__main__":
    main()
