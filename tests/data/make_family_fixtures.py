#!/usr/bin/env python3
"""Golden fixtures for the DistilBERT and RoBERTa families (issue #16), from Hugging Face.

Run by a developer, never by CI (it needs transformers and tokenizers):
    /work/.venv-hf/bin/python tests/data/make_family_fixtures.py

Writes
  bpe/gpt2/golden.json         GPT2TokenizerFast's ids and (untrimmed) offsets on the same strings
  bpe/                         a byte-level BPE vocabulary (vocab.json, merges.txt) trained here
                               with the tokenizers library on the fixture strings themselves (no
                               outside data), and golden.json: for every string of the WordPiece
                               hostile set (fixtures_tokenizer.all_strings) and the sentences below,
                               RobertaTokenizer's ids (slow), RobertaTokenizerFast's ids and offsets
  tiny_roberta/                a random RobertaForMaskedLM (2 layers, 4 heads, hidden 32) over that
                               vocabulary, saved by save_pretrained (safetensors)
  tiny_distilbert/             a random DistilBertForMaskedLM (2 layers, 4 heads, dim 32) over
                               tiny_bert's WordPiece vocabulary
  families_golden.json         per model and sentence: token ids, offsets
  families_golden.safetensors  per model and sentence: attentions [L,H,T,T], last hidden state
                               [T,D], MLM logits [T,V], Q/K/V of every layer [T,D] (forward hooks),
                               and attentions and logits with HF's head_mask (heads 0:1, 1:3 off)
"""
import json
import os
import shutil
import sys

import torch
from safetensors.torch import save_file
from tokenizers import ByteLevelBPETokenizer
from transformers import (BertTokenizer, DistilBertConfig, DistilBertForMaskedLM, GPT2Config, GPT2LMHeadModel,
                          GPT2TokenizerFast, RobertaConfig, RobertaForMaskedLM, RobertaTokenizer,
                          RobertaTokenizerFast)

# transformers 4.49's generate() asks torch.distributed.fsdp whether the model is sharded; with
# Debian's torch 1.13 under Python 3.11 that import fails. Nothing here is sharded.
try:
    import transformers.generation.utils as _generation_utils
    _generation_utils.is_fsdp_managed_module = lambda module: False
except (ImportError, AttributeError):
    pass

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import fixtures_tokenizer  # noqa: E402

ROBERTA_SENTENCES = [
    "The cat sat on the mat.",
    "The <mask> sat on the mat.",
    "A dog and a cat are <mask>.",
    "Hello, world!",
    "We go to the park every day.",
    "It is <mask> <mask> today.",
    "don't stop   believing",
    "Café naïve — 東京 🙂",
    "  leading and trailing spaces  ",
    "x",
]
DISTILBERT_SENTENCES = [
    "the cat sat on the mat.",
    "the [MASK] sat on the mat.",
    "a dog and a cat are [MASK].",
    "hello, world!",
    "it is [MASK] [MASK] today.",
    "x",
]


def randomise(model, std):
    # Larger random weights than the default init so attention is far from uniform.
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "LayerNorm" not in name and "layer_norm" not in name:
                p.normal_(0.0, std)


def make_bpe(out):
    corpus = fixtures_tokenizer.all_strings() + ROBERTA_SENTENCES * 5
    bpe = ByteLevelBPETokenizer()
    bpe.train_from_iterator(corpus, vocab_size=1200, min_frequency=2,
                            special_tokens=["<s>", "<pad>", "</s>", "<unk>", "<mask>"])
    os.makedirs(out, exist_ok=True)
    bpe.save_model(out)
    slow = RobertaTokenizer(os.path.join(out, "vocab.json"), os.path.join(out, "merges.txt"))
    fast = RobertaTokenizerFast(os.path.join(out, "vocab.json"), os.path.join(out, "merges.txt"))
    cases = []
    agree = 0
    for text in corpus[: len(fixtures_tokenizer.all_strings())] + ROBERTA_SENTENCES:
        ids = slow(text)["input_ids"]
        f = fast(text, return_offsets_mapping=True)
        case = {"text": text, "ids": ids, "fast_ids": f["input_ids"], "fast_offsets": f["offset_mapping"]}
        agree += ids == f["input_ids"]
        cases.append(case)
    with open(os.path.join(out, "golden.json"), "w", encoding="utf-8") as fh:
        json.dump({"transformers": __import__("transformers").__version__, "cases": cases}, fh, ensure_ascii=False)
    # GPT-2's conventions on the same strings: no specials around the text, offsets not trimmed.
    vocab = json.load(open(os.path.join(out, "vocab.json"), encoding="utf-8"))
    vocab["<|endoftext|>"] = len(vocab)
    gdir = os.path.join(out, "gpt2")
    os.makedirs(gdir, exist_ok=True)
    with open(os.path.join(gdir, "vocab.json"), "w", encoding="utf-8") as fh:
        json.dump(vocab, fh, ensure_ascii=False)
    shutil.copy(os.path.join(out, "merges.txt"), gdir)
    gfast = GPT2TokenizerFast(os.path.join(gdir, "vocab.json"), os.path.join(gdir, "merges.txt"))
    gcases = []
    for text in fixtures_tokenizer.all_strings() + ROBERTA_SENTENCES:
        f = gfast(text, return_offsets_mapping=True)
        gcases.append({"text": text, "ids": f["input_ids"], "offsets": f["offset_mapping"]})
    with open(os.path.join(gdir, "golden.json"), "w", encoding="utf-8") as fh:
        json.dump({"cases": gcases}, fh, ensure_ascii=False)
    for f in ("vocab.json", "merges.txt"):  # the test reads tiny_gpt2's (the same files): one copy in the tree
        os.remove(os.path.join(gdir, f))
    print(f"bpe: {len(cases)} strings, slow and fast agree on {agree}")
    return fast


def main():
    torch.manual_seed(16)
    golden, tensors = {}, {}

    # RoBERTa over the trained byte-level BPE.
    bpe_dir = os.path.join(HERE, "bpe")
    fast = make_bpe(bpe_dir)
    rdir = os.path.join(HERE, "tiny_roberta")
    shutil.rmtree(rdir, ignore_errors=True)
    os.makedirs(rdir)
    for f in ("vocab.json", "merges.txt"):
        shutil.copy(os.path.join(bpe_dir, f), rdir)
    tok = RobertaTokenizerFast(os.path.join(rdir, "vocab.json"), os.path.join(rdir, "merges.txt"),
                               model_max_length=128)
    tok.save_pretrained(rdir)
    config = RobertaConfig(vocab_size=len(tok), hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                           intermediate_size=37, max_position_embeddings=130, type_vocab_size=1, pad_token_id=1,
                           bos_token_id=0, eos_token_id=2, layer_norm_eps=1e-5, hidden_act="gelu",
                           attn_implementation="eager")
    model = RobertaForMaskedLM(config).eval()
    randomise(model, 0.3)
    model.save_pretrained(rdir, safe_serialization=True)
    golden["roberta"] = run(model, tok, ROBERTA_SENTENCES, "roberta", tensors)

    # DistilBERT over tiny_bert's WordPiece vocabulary.
    ddir = os.path.join(HERE, "tiny_distilbert")
    shutil.rmtree(ddir, ignore_errors=True)
    os.makedirs(ddir)
    shutil.copy(os.path.join(HERE, "tiny_bert", "vocab.txt"), ddir)
    wtok = BertTokenizer(os.path.join(ddir, "vocab.txt"), do_lower_case=True, model_max_length=64)
    wtok.save_pretrained(ddir)
    dconfig = DistilBertConfig(vocab_size=len(wtok), dim=32, n_layers=2, n_heads=4, hidden_dim=37,
                               max_position_embeddings=64, activation="gelu", attn_implementation="eager")
    dmodel = DistilBertForMaskedLM(dconfig).eval()
    randomise(dmodel, 0.3)
    dmodel.save_pretrained(ddir, safe_serialization=True)
    golden["distilbert"] = run(dmodel, wtok, DISTILBERT_SENTENCES, "distilbert", tensors)

    golden["gpt2"] = make_gpt2(bpe_dir, tensors)

    for d in (rdir, ddir, os.path.join(HERE, "tiny_gpt2")):
        for extra in ("special_tokens_map.json", "generation_config.json", "tokenizer.json", "added_tokens.json"):
            p = os.path.join(d, extra)
            if os.path.exists(p):
                os.remove(p)
    with open(os.path.join(HERE, "families_golden.json"), "w", encoding="utf-8") as fh:
        json.dump(golden, fh, ensure_ascii=False, indent=1)
    save_file(tensors, os.path.join(HERE, "families_golden.safetensors"))
    print("wrote", len(tensors), "tensors")


def projections(model, family):
    """Per layer, the query, key and value linears (forward hooks capture their outputs)."""
    if family == "roberta":
        return [(l.attention.self.query, l.attention.self.key, l.attention.self.value) for l in model.roberta.encoder.layer]
    return [(l.attention.q_lin, l.attention.k_lin, l.attention.v_lin) for l in model.distilbert.transformer.layer]


GPT2_PROMPTS = [
    "The cat sat on the",
    "Hello, world!",
    "Once upon a time",
    "Café naïve",
    "x",
]


def make_gpt2(bpe_dir, tensors):
    """A random GPT2LMHeadModel over the trained BPE plus <|endoftext|>; greedy and beam
    generate() ids, the full causal attentions over prompt + continuation, Q/K/V by hooks."""
    gdir = os.path.join(HERE, "tiny_gpt2")
    shutil.rmtree(gdir, ignore_errors=True)
    os.makedirs(gdir)
    vocab = json.load(open(os.path.join(bpe_dir, "vocab.json"), encoding="utf-8"))
    vocab["<|endoftext|>"] = len(vocab)
    with open(os.path.join(gdir, "vocab.json"), "w", encoding="utf-8") as fh:
        json.dump(vocab, fh, ensure_ascii=False)
    shutil.copy(os.path.join(bpe_dir, "merges.txt"), gdir)
    tok = GPT2TokenizerFast(os.path.join(gdir, "vocab.json"), os.path.join(gdir, "merges.txt"), model_max_length=64)
    tok.save_pretrained(gdir)
    eos = vocab["<|endoftext|>"]
    config = GPT2Config(vocab_size=len(vocab), n_positions=64, n_embd=32, n_layer=2, n_head=4, n_inner=None,
                        activation_function="gelu_new", bos_token_id=eos, eos_token_id=eos,
                        attn_implementation="eager")
    model = GPT2LMHeadModel(config).eval()
    randomise(model, 0.3)
    model.save_pretrained(gdir, safe_serialization=True)
    out = []
    for i, prompt in enumerate(GPT2_PROMPTS):
        ids = tok(prompt, return_tensors="pt")["input_ids"]
        with torch.no_grad():
            greedy = model.generate(ids, attention_mask=torch.ones_like(ids), max_new_tokens=12, do_sample=False,
                                    num_beams=1, pad_token_id=eos)
            beam = model.generate(ids, attention_mask=torch.ones_like(ids), max_new_tokens=12, do_sample=False,
                                  num_beams=3, num_return_sequences=3, early_stopping=False, pad_token_id=eos,
                                  output_scores=True, return_dict_in_generate=True)
            captured = {}
            hooks = [block.attn.c_attn.register_forward_hook(
                lambda m, i, o, key=layer: captured.__setitem__(key, o[0].detach().clone()))
                for layer, block in enumerate(model.transformer.h)]
            full = model(greedy, output_attentions=True, output_hidden_states=True)
            for h in hooks:
                h.remove()
            for layer, qkv in captured.items():  # [T, 3D]: q, k, v side by side (Conv1D c_attn)
                tensors[f"gpt2.{i}.qkv.{layer}"] = qkv.contiguous()
            mask = torch.ones(2, 4)
            mask[0, 1] = 0
            mask[1, 3] = 0
            ablated = model.generate(ids, attention_mask=torch.ones_like(ids), max_new_tokens=12, do_sample=False,
                                     num_beams=1, pad_token_id=eos, head_mask=mask)
            ablated_full = model(ablated, output_attentions=True, head_mask=mask)
        out.append({"text": prompt, "prompt_ids": ids[0].tolist(), "greedy": greedy[0].tolist(),
                    "greedy_text": tok.decode(greedy[0], skip_special_tokens=True),
                    "beam": [b.tolist() for b in beam.sequences], "beam_scores": beam.sequences_scores.tolist(),
                    "ablated": ablated[0].tolist(),
                    "offsets": tok(prompt, return_offsets_mapping=True)["offset_mapping"]})
        tensors[f"gpt2.{i}.attentions"] = torch.stack([a[0] for a in full.attentions]).contiguous()
        tensors[f"gpt2.{i}.logits"] = full.logits[0].contiguous()
        tensors[f"gpt2.{i}.hidden"] = full.hidden_states[-1][0].contiguous()
        tensors[f"gpt2.{i}.ablated_attentions"] = torch.stack([a[0] for a in ablated_full.attentions]).contiguous()
    return out


def run(model, tok, sentences, family, tensors):
    out = []
    captured = {}
    hooks = []
    for layer, mods in enumerate(projections(model, family)):
        for name, mod in zip("qkv", mods):
            hooks.append(mod.register_forward_hook(
                lambda m, i, o, key=f"{name}.{layer}": captured.__setitem__(key, o[0].detach().clone())))
    for i, text in enumerate(sentences):
        enc = tok(text, return_tensors="pt")
        captured.clear()
        with torch.no_grad():
            o = model(input_ids=enc["input_ids"], output_attentions=True, output_hidden_states=True)
        for key, value in captured.items():  # Q, K, V of every layer [T, D] (all heads side by side)
            tensors[f"{family}.{i}.{key}"] = value.contiguous()
        case = {"text": text, "ids": enc["input_ids"][0].tolist()}
        if tok.is_fast:
            case["offsets"] = tok(text, return_offsets_mapping=True)["offset_mapping"]
        out.append(case)
        tensors[f"{family}.{i}.attentions"] = torch.stack([a[0] for a in o.attentions]).contiguous()
        tensors[f"{family}.{i}.hidden"] = o.hidden_states[-1][0].contiguous()
        tensors[f"{family}.{i}.logits"] = o.logits[0].contiguous()
        # Head ablation: HF's head_mask with heads 0:1 and 1:3 off (the hooks' captures of this
        # run are not kept).
        mask = torch.ones(model.config.num_hidden_layers, model.config.num_attention_heads)
        mask[0, 1] = 0
        mask[1, 3] = 0
        with torch.no_grad():
            a = model(input_ids=enc["input_ids"], output_attentions=True, head_mask=mask)
        tensors[f"{family}.{i}.ablated_logits"] = a.logits[0].contiguous()
        tensors[f"{family}.{i}.ablated_attentions"] = torch.stack([x[0] for x in a.attentions]).contiguous()
    for h in hooks:
        h.remove()
    return out


if __name__ == "__main__":
    main()
