#!/usr/bin/env python3
"""Generate the beam-search n-best golden for tests/data/tiny_marian from Hugging Face generate().

Run by a developer, never by CI (transformers 4.44.2, torch 1.13), after make_marian_fixtures.py:
    .venv-fixtures/bin/python tests/data/make_marian_nbest_fixtures.py

Reads tiny_marian/ and the cases of tiny_marian_golden.json; writes tiny_marian_nbest.json:
for every case and every beam setting of that file, generate(num_return_sequences=num_beams,
output_scores=True, return_dict_in_generate=True): each returned sequence (trailing padding
removed) and its sequences_scores value, best first, as generate() orders them.
"""
import json
import os

import torch
import transformers
from transformers import MarianMTModel

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    torch.set_num_threads(2)
    with open(os.path.join(HERE, "tiny_marian_golden.json"), encoding="utf-8") as f:
        golden = json.load(f)
    model = MarianMTModel.from_pretrained(os.path.join(HERE, "tiny_marian"), attn_implementation="eager").eval()
    pad = golden["pad_token_id"]
    settings = {name: kw for name, kw in golden["generation"].items() if kw["num_beams"] > 1}
    cases = []
    for case in golden["cases"]:
        src = torch.tensor([case["source"]])
        nbest = {}
        for name, kwargs in settings.items():
            with torch.no_grad():
                out = model.generate(src, max_new_tokens=golden["max_new_tokens"],
                                     num_return_sequences=kwargs["num_beams"], output_scores=True,
                                     return_dict_in_generate=True, **kwargs)
            hyps = []
            for seq, score in zip(out.sequences.tolist(), out.sequences_scores.tolist()):
                while len(seq) > 1 and seq[-1] == pad:  # generate() pads shorter hypotheses
                    seq.pop()
                hyps.append({"ids": seq, "score": score})
            nbest[name] = hyps
        cases.append(nbest)
    with open(os.path.join(HERE, "tiny_marian_nbest.json"), "w", encoding="utf-8") as f:
        json.dump({"model": "tiny_marian", "transformers": transformers.__version__, "torch": torch.__version__,
                   "generation": settings, "cases": cases}, f, indent=1)
    print(f"tiny_marian_nbest: {len(cases)} cases x {len(settings)} settings")


if __name__ == "__main__":
    main()
