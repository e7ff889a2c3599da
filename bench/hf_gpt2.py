#!/usr/bin/env python3
"""Times Hugging Face's GPT2LMHeadModel on the ids bench_gpt2 used (from its JSON report):
one forward pass with output_attentions=True over 64 tokens, and greedy generate() of 20 new
tokens after the 44-token prompt; prints the ratios ours / theirs.

usage: hf_gpt2.py MODEL_DIR OURS.json [runs=20] [threads=2]"""
import json
import statistics
import sys
import time

import torch
from transformers import GPT2LMHeadModel

try:  # transformers 4.49's generate() on Debian's torch 1.13 (see tests/data/make_inspection_fixtures.py)
    import transformers.generation.utils as _generation_utils
    _generation_utils.is_fsdp_managed_module = lambda module: False
except (ImportError, AttributeError):
    pass


def median_ms(fn, runs):
    for _ in range(3):
        fn()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples)


def main():
    model_dir, ours_path = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    torch.set_num_threads(int(sys.argv[4]) if len(sys.argv) > 4 else 2)
    ours = json.load(open(ours_path))
    model = GPT2LMHeadModel.from_pretrained(model_dir, attn_implementation="eager").eval()
    ids = torch.tensor([ours["ids"]])
    prompt = torch.tensor([ours["prompt"]])
    eos = model.config.eos_token_id

    def forward():
        with torch.inference_mode():
            return model(ids, output_attentions=True)

    def generate():  # the continuation, then a pass for its attentions, as attnscope does
        with torch.inference_mode():
            out = model.generate(prompt, attention_mask=torch.ones_like(prompt), max_new_tokens=20, do_sample=False,
                                 pad_token_id=eos)
            return model(out, output_attentions=True)

    f = median_ms(forward, runs)
    g = median_ms(generate, max(1, runs // 4))
    print(f"reference: transformers {__import__('transformers').__version__}, torch {torch.__version__}")
    print(f"forward 64 tokens: HF {f:8.3f} ms | ours {ours['forward_ms']:8.3f} ms | ratio ours/HF = {ours['forward_ms'] / f:.2f}x")
    print(f"greedy 44 + 20:    HF {g:8.3f} ms | ours {ours['generate_ms']:8.3f} ms | ratio ours/HF = {ours['generate_ms'] / g:.2f}x")


if __name__ == "__main__":
    main()
