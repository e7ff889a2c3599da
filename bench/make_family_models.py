#!/usr/bin/env python3
"""Random base-size BERT, DistilBERT, RoBERTa and GPT-2 checkpoints for timing (bench/run_encode_bench), with
the sizes of distilbert-base-uncased (6 layers, 768, 12 heads) and roberta-base (12 layers, 768,
12 heads). Random weights time the same as trained ones; the Hub is not needed.

usage: make_family_models.py OUT_DIR   (writes OUT_DIR/{bert-base,distilbert-base,roberta-base,gpt2}-random)
The vocabularies are the repository's: MiniLM's WordPiece (30,522) and the test BPE (tests/data/bpe)."""
import os
import shutil
import sys

import torch
from transformers import (BertConfig, BertModel, BertTokenizer, DistilBertConfig, DistilBertModel, GPT2Config, GPT2LMHeadModel,
                          GPT2TokenizerFast, RobertaConfig, RobertaModel, RobertaTokenizerFast)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    out = sys.argv[1]
    torch.manual_seed(0)
    b = os.path.join(out, "bert-base-random")  # bert-base-uncased's shapes: 12 layers, 768, 12 heads
    os.makedirs(b, exist_ok=True)
    shutil.copy(os.path.join(ROOT, "models", "all-MiniLM-L6-v2", "vocab.txt"), b)
    btok = BertTokenizer(os.path.join(b, "vocab.txt"), do_lower_case=True, model_max_length=512)
    btok.save_pretrained(b)
    BertModel(BertConfig(vocab_size=len(btok))).save_pretrained(b, safe_serialization=True)
    d = os.path.join(out, "distilbert-base-random")
    os.makedirs(d, exist_ok=True)
    shutil.copy(os.path.join(ROOT, "models", "all-MiniLM-L6-v2", "vocab.txt"), d)
    tok = BertTokenizer(os.path.join(d, "vocab.txt"), do_lower_case=True, model_max_length=512)
    tok.save_pretrained(d)
    DistilBertModel(DistilBertConfig(vocab_size=len(tok))).save_pretrained(d, safe_serialization=True)
    r = os.path.join(out, "roberta-base-random")
    os.makedirs(r, exist_ok=True)
    for f in ("vocab.json", "merges.txt"):
        shutil.copy(os.path.join(ROOT, "tests", "data", "bpe", f), r)
    rtok = RobertaTokenizerFast(os.path.join(r, "vocab.json"), os.path.join(r, "merges.txt"), model_max_length=512)
    rtok.save_pretrained(r)
    RobertaModel(RobertaConfig(vocab_size=len(rtok), max_position_embeddings=514, type_vocab_size=1, pad_token_id=1,
                               layer_norm_eps=1e-5)).save_pretrained(r, safe_serialization=True)
    g = os.path.join(out, "gpt2-random")  # GPT-2 small: 12 layers, 768, 12 heads
    os.makedirs(g, exist_ok=True)
    for f in ("vocab.json", "merges.txt"):
        shutil.copy(os.path.join(ROOT, "tests", "data", "tiny_gpt2", f), g)
    gtok = GPT2TokenizerFast(os.path.join(g, "vocab.json"), os.path.join(g, "merges.txt"))
    gtok.save_pretrained(g)
    eos = gtok.convert_tokens_to_ids("<|endoftext|>")
    GPT2LMHeadModel(GPT2Config(vocab_size=len(gtok), bos_token_id=eos, eos_token_id=eos)).save_pretrained(
        g, safe_serialization=True)
    print("wrote", d, r, "and", g)


if __name__ == "__main__":
    main()
