#!/usr/bin/env python3
"""Times Hugging Face generate() (MarianMTModel, PyTorch eager) on the sentences of
bench/translate_sentences.txt, greedy and beam 4, and writes the medians and the generated ids
as JSON for bench_translate, which prints the ratios ours / HF (bench/run_translate_bench runs
both in one run).

usage: hf_translate.py MODEL_DIR SENTENCES.txt OUT.json [repetitions=20] [threads=2]
                       [--max-new-tokens N] [--device cpu|cuda]
Needs torch + transformers (developer machine only; see tests/data/make_marian_fixtures.py).

Per sentence and mode, median over the repetitions of:
  generate       model.generate(input_ids) on the ids tokenised beforehand (ids -> ids)
  full           tokenise + generate(output_attentions=True, return_dict_in_generate=True) +
                 decode: text in, translation and every attention out, as our translate() does
Settings (must equal bench_translate's, which checks them): do_sample False, num_beams 1 or 4,
length_penalty 1.0, early_stopping False, max_new_tokens min(128, max_position_embeddings - 1)
unless given; anything else comes from the checkpoint's generation config, printed below."""
import argparse
import json
import statistics
import time

import torch
import transformers
from transformers import MarianMTModel, MarianTokenizer

MODES = {
    "greedy": {"num_beams": 1, "do_sample": False},
    "beam4": {"num_beams": 4, "do_sample": False, "length_penalty": 1.0, "early_stopping": False},
}
WARMUP = 2  # passes over all sentences before timing


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model_dir")
    ap.add_argument("sentences")
    ap.add_argument("out")
    ap.add_argument("repetitions", nargs="?", type=int, default=20)
    ap.add_argument("threads", nargs="?", type=int, default=2)
    ap.add_argument("--max-new-tokens", type=int, default=0)
    ap.add_argument("--device", default="cpu")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    sentences = [line.strip() for line in open(args.sentences, encoding="utf-8") if line.strip()]
    tok = MarianTokenizer.from_pretrained(args.model_dir)
    model = MarianMTModel.from_pretrained(args.model_dir, attn_implementation="eager").eval().to(args.device)
    max_positions = model.config.max_position_embeddings
    max_new_tokens = args.max_new_tokens or min(128, max_positions - 1)
    # What generate() takes from the checkpoint besides our explicit settings (bad_words_ids,
    # forced_eos_token_id, ...): recorded so that a mismatch of ids can be explained.
    checkpoint_generation = model.generation_config.to_diff_dict()
    checkpoint_generation.pop("transformers_version", None)
    print(f"reference: transformers {transformers.__version__}, torch {torch.__version__}, {args.device}, "
          f"{args.threads} threads, max_new_tokens {max_new_tokens}, median of {args.repetitions} runs per "
          f"sentence after warm-up")
    print(f"reference: checkpoint generation config {json.dumps(checkpoint_generation, sort_keys=True)}")

    def encode(text):  # truncated to the model's positions, as our translate() does
        return tok(text, return_tensors="pt", truncation=True, max_length=max_positions).to(args.device)

    encoded = [encode(s) for s in sentences]
    report = {"tool": "transformers", "transformers": transformers.__version__, "torch": torch.__version__,
              "model": args.model_dir, "device": args.device, "threads": args.threads,
              "repetitions": args.repetitions, "max_new_tokens": max_new_tokens,
              "checkpoint_generation_config": checkpoint_generation, "modes": {}}
    for mode, settings in MODES.items():
        kwargs = dict(settings, max_new_tokens=max_new_tokens)

        def generate(i):
            with torch.inference_mode():
                return model.generate(**encoded[i], **kwargs)[0].tolist()

        def full(i):
            enc = encode(sentences[i])
            with torch.inference_mode():
                out = model.generate(**enc, **kwargs, output_attentions=True, return_dict_in_generate=True)
            ids = out.sequences[0].tolist()
            tok.decode(ids, skip_special_tokens=True)
            return ids

        times, ids = {}, {}
        for name, fn in (("generate", generate), ("full", full)):
            for _ in range(WARMUP):
                for i in range(len(sentences)):
                    ids.setdefault(name, {})[i] = fn(i)
            samples = [[] for _ in sentences]
            for _ in range(args.repetitions):
                for i in range(len(sentences)):
                    t0 = time.perf_counter()
                    fn(i)
                    samples[i].append((time.perf_counter() - t0) * 1000)
            times[name] = [statistics.median(s) for s in samples]
        cases = []
        for i, text in enumerate(sentences):
            assert ids["generate"][i] == ids["full"][i], "generate() ids changed with output_attentions"
            cases.append({"text": text, "source_ids": encoded[i]["input_ids"][0].tolist(), "ids": ids["generate"][i],
                          "translation": tok.decode(ids["generate"][i], skip_special_tokens=True),
                          "generate_ms": times["generate"][i], "full_ms": times["full"][i]})
        report["modes"][mode] = {"settings": kwargs, "sentences": cases,
                                 "generate_ms_sum": sum(times["generate"]), "full_ms_sum": sum(times["full"])}
        print(f"HF {mode:6s}  generate sum of per-sentence medians {sum(times['generate']):9.3f} ms"
              f"  (median sentence {statistics.median(times['generate']):8.3f} ms)"
              f"  tokenise+generate(output_attentions)+decode {sum(times['full']):9.3f} ms"
              f"  (median sentence {statistics.median(times['full']):8.3f} ms)")
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
