#!/usr/bin/env python3
"""Generate the golden fixtures in tests/data from the reference implementation.

Run by a developer, never by CI (it needs Hugging Face transformers):
    python3 -m venv --system-site-packages .venv-fixtures   # Debian's python3-torch (1.13)
    .venv-fixtures/bin/pip install "transformers==4.44.2" safetensors "numpy<2"
    .venv-fixtures/bin/python tests/data/make_fixtures.py [--minilm DIR]

Writes
  tiny_bert/                    a random BertForMaskedLM (2 layers, 4 heads, hidden 32) as a
                                checkpoint folder, saved by save_pretrained (safetensors)
  tiny_bert_golden.json         its 10 sentences and token ids
  tiny_bert_golden.safetensors  per sentence: attentions [L,H,T,T] and MLM logits [T,V]
  minilm_golden.json            >= 20 sentences and token ids for all-MiniLM-L6-v2
  minilm_golden.safetensors     per sentence: attentions [L,H,T,T] and last hidden state
  minilm_mlm_top5.json          Hugging Face's top-5 at each [MASK] for the built-in masked-LM
  wordpiece/                    tokenizer golden ids (see fixtures_tokenizer.py)
The MiniLM model comes from models/all-MiniLM-L6-v2 (fetched by scripts/setup) unless --minilm
points elsewhere.
"""
import argparse
import json
import os
import sys

import torch
from safetensors.torch import save_file
from transformers import BertConfig, BertForMaskedLM, BertModel, BertTokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

TINY_SENTENCES = [
    "the cat sat on the mat.",
    "the [MASK] sat on the mat.",
    "a dog and a cat are [MASK].",
    "hello, world!",
    "we go to the park every day.",
    "it is [MASK] [MASK] today.",
    "the old man and the sea",
    "one two three four five six seven eight nine ten",
    "why did the chicken cross the road?",
    "x",
]

MINILM_SENTENCES = [
    "The animal didn't cross the street because it was too tired.",
    "The animal didn't cross the street because it was too wide.",
    "The trophy doesn't fit into the brown suitcase because it is too large.",
    "The trophy doesn't fit into the brown suitcase because it is too small.",
    "The city councilmen refused the demonstrators a permit because they feared violence.",
    "The city councilmen refused the demonstrators a permit because they advocated violence.",
    "Paris is the [MASK] of France.",
    "The quick brown fox jumps over the lazy dog.",
    "Attention is all you need.",
    "I went to the bank to deposit my paycheck.",
    "We sat on the river bank and watched the boats.",
    "She said that she would come, but she never did.",
    "Colorless green ideas sleep furiously.",
    "Time flies like an arrow; fruit flies like a banana.",
    "Transformers compute a weighted average of value vectors.",
    "Hello!",
    "Ünïcödé àccents, naïve café, and Straße.",
    "東京は日本の首都です。",
    "Emoji 🙂 and symbols ©®™ in text.",
    "The unbelievably uncharacteristically long word antidisestablishmentarianism appears here.",
    "A man, a plan, a canal: Panama.",
    "If the glass falls on the table, it will break.",
    "The keys to the cabinet are on the table.",
    "He gave her the book because she asked for it.",
]

WORDS = """the of and to a in is it you that he was for on are with as his they be at one have this from or
had by word but what some we can out other were all there when up use your how said an each she which do
their time if will way about many then them write would like so these her long make thing see him two has
look more day could go come did number sound no most people my over know water than call first who may down
side been now find any new work part take get place made live where after back little only round man year
came show every good me give our under name very through just form sentence great think say help low line
differ turn cause much mean before move right boy old too same tell does set three want air well also play
small end put home read hand port large spell add even land here must big high such follow act why ask men
change went light kind off need house picture try us again animal point mother world near build self earth
father head stand own page should country found answer school grow study still learn plant cover food sun
four between state keep eye never last let thought city tree cross farm hard start might story saw far sea
draw left late run while press close night real life few north cat dog mat sat park road chicken hello
five six seven eight nine ten today street tired wide because didn""".split()


def tiny_vocab():
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    chars = list("abcdefghijklmnopqrstuvwxyz0123456789.,!?;:'\"-()")
    vocab = specials + chars + ["##" + c for c in "abcdefghijklmnopqrstuvwxyz0123456789"]
    for w in WORDS:
        if w not in vocab:
            vocab.append(w)
    vocab += ["##s", "##ed", "##ing", "##ly"]
    seen = set()
    return [v for v in vocab if not (v in seen or seen.add(v))]


def make_tiny(out_dir):
    torch.manual_seed(1234)
    vocab = tiny_vocab()
    model_dir = os.path.join(out_dir, "tiny_bert")
    os.makedirs(model_dir, exist_ok=True)
    with open(os.path.join(model_dir, "vocab.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(vocab) + "\n")
    config = BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                        intermediate_size=64, max_position_embeddings=64, type_vocab_size=2,
                        hidden_act="gelu", layer_norm_eps=1e-12, attn_implementation="eager")
    model = BertForMaskedLM(config).eval()
    # Larger random weights than the default init so attention is far from uniform.
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "LayerNorm" not in name:
                p.normal_(0.0, 0.3)
    model.save_pretrained(model_dir, safe_serialization=True)
    tok = BertTokenizer(os.path.join(model_dir, "vocab.txt"), do_lower_case=True, model_max_length=64)
    tok.save_pretrained(model_dir)
    for extra in ("special_tokens_map.json", "generation_config.json"):
        path = os.path.join(model_dir, extra)
        if os.path.exists(path):
            os.remove(path)

    tensors, entries = {}, []
    for i, text in enumerate(TINY_SENTENCES):
        enc = tok(text, return_tensors="pt")
        with torch.no_grad():
            out = model(**enc, output_attentions=True)
        tensors[f"s{i}.attentions"] = torch.stack([a[0] for a in out.attentions]).contiguous()
        tensors[f"s{i}.logits"] = out.logits[0].contiguous()
        entries.append({"text": text, "ids": enc["input_ids"][0].tolist()})
    save_file(tensors, os.path.join(out_dir, "tiny_bert_golden.safetensors"))
    with open(os.path.join(out_dir, "tiny_bert_golden.json"), "w", encoding="utf-8") as f:
        json.dump({"model": "tiny_bert", "transformers": __import__("transformers").__version__,
                   "torch": torch.__version__, "sentences": entries}, f, ensure_ascii=False, indent=1)
    print(f"tiny_bert: {len(entries)} sentences, vocab {len(vocab)}")


def make_minilm(out_dir, model_dir):
    model = BertModel.from_pretrained(model_dir, attn_implementation="eager").eval()
    tok = BertTokenizer.from_pretrained(model_dir)
    tensors, entries = {}, []
    for i, text in enumerate(MINILM_SENTENCES):
        enc = tok(text, return_tensors="pt")
        with torch.no_grad():
            out = model(**enc, output_attentions=True)
        tensors[f"s{i}.attentions"] = torch.stack([a[0] for a in out.attentions]).contiguous()
        tensors[f"s{i}.last_hidden"] = out.last_hidden_state[0].contiguous()
        entries.append({"text": text, "ids": enc["input_ids"][0].tolist()})
    save_file(tensors, os.path.join(out_dir, "minilm_golden.safetensors"))
    with open(os.path.join(out_dir, "minilm_golden.json"), "w", encoding="utf-8") as f:
        json.dump({"model": "all-MiniLM-L6-v2", "transformers": __import__("transformers").__version__,
                   "torch": torch.__version__, "sentences": entries}, f, ensure_ascii=False, indent=1)
    print(f"minilm: {len(entries)} sentences")


MLM_SENTENCES = [
    "The [MASK] didn't cross the street because it was too tired.",
    "The animal didn't cross the [MASK] because it was too wide.",
    "Paris is the [MASK] of France.",
    "A man is playing the [MASK] on a stage.",
    "Two dogs are running through the [MASK].",
    "She drinks a cup of [MASK] every morning.",
    "The children are [MASK] in the park.",
    "I [MASK] to the store yesterday.",
    "A woman in a red [MASK] is walking down the street.",
    "The [MASK] is shining and the sky is blue.",
    "He opened the [MASK] and walked into the room.",
    "A [MASK] [MASK] sits on the bench.",
]


def make_minilm_mlm(out_dir, model_dir):
    """Hugging Face's top-5 for the built-in masked-LM (models/minilm-mlm)."""
    model = BertForMaskedLM.from_pretrained(model_dir, attn_implementation="eager").eval()
    tok = BertTokenizer.from_pretrained(model_dir)
    entries = []
    for text in MLM_SENTENCES:
        enc = tok(text, return_tensors="pt")
        with torch.no_grad():
            logits = model(**enc).logits[0]
        masks = []
        for pos in (enc["input_ids"][0] == tok.mask_token_id).nonzero().flatten().tolist():
            probs = torch.softmax(logits[pos], -1)
            top = probs.topk(5)
            masks.append({"token_index": pos, "top5": tok.convert_ids_to_tokens(top.indices.tolist()),
                          "probabilities": [round(float(p), 7) for p in top.values]})
        entries.append({"text": text, "masks": masks})
    with open(os.path.join(out_dir, "minilm_mlm_top5.json"), "w", encoding="utf-8") as f:
        json.dump({"model": "minilm-mlm", "transformers": __import__("transformers").__version__,
                   "sentences": entries}, f, ensure_ascii=False, indent=1)
    print(f"minilm-mlm: {len(entries)} sentences")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minilm", default=os.path.join(ROOT, "models", "all-MiniLM-L6-v2"))
    parser.add_argument("--minilm-mlm", default=os.path.join(ROOT, "models", "minilm-mlm"))
    parser.add_argument("--only", choices=["tiny", "minilm", "minilm-mlm", "tokenizer"], action="append")
    args = parser.parse_args()
    only = set(args.only or ["tiny", "minilm", "minilm-mlm", "tokenizer"])
    torch.set_num_threads(2)
    if "tiny" in only:
        make_tiny(HERE)
    if "minilm" in only:
        if not os.path.isdir(args.minilm):
            sys.exit(f"{args.minilm} not found: run scripts/setup first or pass --minilm")
        make_minilm(HERE, args.minilm)
    if "minilm-mlm" in only:
        if not os.path.isdir(args.minilm_mlm):
            sys.exit(f"{args.minilm_mlm} not found: run scripts/setup first")
        make_minilm_mlm(HERE, args.minilm_mlm)
    if "tokenizer" in only:
        sys.path.insert(0, HERE)
        from fixtures_tokenizer import make_tokenizer_fixtures
        make_tokenizer_fixtures(HERE)


if __name__ == "__main__":
    main()
