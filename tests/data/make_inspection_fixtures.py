#!/usr/bin/env python3
"""Golden data for the attention lab (issue #12): what every attention module of Hugging Face's
eager forward pass computes, captured with forward hooks, and the effect of head masks.

Run by a developer, never by CI (it needs Hugging Face transformers; see make_fixtures.py):
    .venv-fixtures/bin/python tests/data/make_inspection_fixtures.py

Reads tests/data/tiny_bert, tests/data/tiny_marian and models/all-MiniLM-L6-v2 (scripts/setup).
Writes inspection_golden.json (inputs, head masks) and inspection_golden.safetensors, per case
and per layer (L) of each attention kind (K = enc, dec, cross):
  CASE.K.L.q / .k / .v   the q_proj/key projections' outputs [T|S, D] (queries unscaled)
  CASE.K.L.context       the heads' outputs concatenated, before the output projection [T, D]
  CASE.K.L.out           the output projection's output [T, D]
  CASE.K.L.input         the module's (query side) input [T, D]
  CASE.K.attentions      [L, H, T, S] as output_attentions returns them
  CASE.embeddings.word / .position / .token_type   BERT layer 0's input parts [T, D]
and, for every case run again with its head masks (CASE.ablated.*): attentions, and MLM logits
(BERT with a head), the last hidden state (MiniLM), logits and greedy ids (Marian).
"""
import json
import os

import torch
import transformers
from safetensors.torch import save_file
from transformers import BertForMaskedLM, BertModel, BertTokenizer, MarianMTModel

# transformers 4.49's generate() asks torch.distributed.fsdp whether the model is sharded; with
# Debian's torch 1.13 under Python 3.11 that import fails. Nothing here is sharded.
try:
    import transformers.generation.utils as _generation_utils
    _generation_utils.is_fsdp_managed_module = lambda module: False
except (ImportError, AttributeError):
    pass

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def hook_attention(store, prefix, q, k, v, out, context_from_out_input=True):
    """Forward hooks that keep q/k/v projections, the output projection's input and output."""
    handles = []

    def keep(name):
        def fn(_module, _inputs, output):
            store[f"{prefix}.{name}"] = output[0].detach().clone().contiguous()
        return fn

    def keep_input(name):
        def fn(_module, inputs):
            store[f"{prefix}.{name}"] = inputs[0][0].detach().clone().contiguous()
        return fn

    handles.append(q.register_forward_hook(keep("q")))
    handles.append(k.register_forward_hook(keep("k")))
    handles.append(v.register_forward_hook(keep("v")))
    handles.append(out.register_forward_hook(keep("out")))
    handles.append(out.register_forward_pre_hook(keep_input("context")))
    handles.append(q.register_forward_pre_hook(keep_input("input")))
    return handles


def bert_case(model, body, tokenizer, name, text, masked_heads, tensors, cases, with_mlm):
    ids = tokenizer(text, return_tensors="pt")["input_ids"]
    handles = []
    for i, layer in enumerate(body.encoder.layer):
        a = layer.attention
        handles += hook_attention(tensors, f"{name}.enc.{i}", a.self.query, a.self.key, a.self.value, a.output.dense)
    with torch.no_grad():
        out = model(input_ids=ids, output_attentions=True)
    for h in handles:
        h.remove()
    tensors[f"{name}.enc.attentions"] = torch.stack([x[0] for x in out.attentions]).contiguous()
    e = body.embeddings
    t = ids.shape[1]
    with torch.no_grad():
        tensors[f"{name}.embeddings.word"] = e.word_embeddings(ids)[0].contiguous()
        tensors[f"{name}.embeddings.position"] = e.position_embeddings(torch.arange(t)).contiguous()
        tensors[f"{name}.embeddings.token_type"] = e.token_type_embeddings(torch.zeros_like(ids))[0].contiguous()
    cfg = model.config
    head_mask = torch.ones(cfg.num_hidden_layers, cfg.num_attention_heads)
    for layer, head in masked_heads:
        head_mask[layer, head] = 0.0
    with torch.no_grad():
        ablated = model(input_ids=ids, output_attentions=True, head_mask=head_mask,
                        output_hidden_states=not with_mlm)
    tensors[f"{name}.ablated.enc.attentions"] = torch.stack([x[0] for x in ablated.attentions]).contiguous()
    if with_mlm:
        tensors[f"{name}.logits"] = out.logits[0].contiguous()
        tensors[f"{name}.ablated.logits"] = ablated.logits[0].contiguous()
    else:
        tensors[f"{name}.ablated.last_hidden"] = ablated.last_hidden_state[0].contiguous()
    cases.append({"name": name, "model": None, "text": text, "ids": ids[0].tolist(),
                  "ablate": {"encoder": [list(p) for p in masked_heads]}})


def marian_case(model, name, source, target, masks, tensors, cases):
    handles = []
    for i, layer in enumerate(model.model.encoder.layers):
        a = layer.self_attn
        handles += hook_attention(tensors, f"{name}.enc.{i}", a.q_proj, a.k_proj, a.v_proj, a.out_proj)
    for i, layer in enumerate(model.model.decoder.layers):
        a = layer.self_attn
        handles += hook_attention(tensors, f"{name}.dec.{i}", a.q_proj, a.k_proj, a.v_proj, a.out_proj)
        c = layer.encoder_attn
        handles += hook_attention(tensors, f"{name}.cross.{i}", c.q_proj, c.k_proj, c.v_proj, c.out_proj)
    src = torch.tensor([source])
    tgt = torch.tensor([target])
    with torch.no_grad():
        out = model(input_ids=src, decoder_input_ids=tgt, output_attentions=True)
    for h in handles:
        h.remove()
    tensors[f"{name}.enc.attentions"] = torch.stack([x[0] for x in out.encoder_attentions]).contiguous()
    tensors[f"{name}.dec.attentions"] = torch.stack([x[0] for x in out.decoder_attentions]).contiguous()
    tensors[f"{name}.cross.attentions"] = torch.stack([x[0] for x in out.cross_attentions]).contiguous()
    cfg = model.config
    kw = {}
    for kind, arg, layers, heads in (("encoder", "head_mask", cfg.encoder_layers, cfg.encoder_attention_heads),
                                     ("decoder", "decoder_head_mask", cfg.decoder_layers, cfg.decoder_attention_heads),
                                     ("cross", "cross_attn_head_mask", cfg.decoder_layers, cfg.decoder_attention_heads)):
        m = torch.ones(layers, heads)
        for layer, head in masks.get(kind, []):
            m[layer, head] = 0.0
        kw[arg] = m
    with torch.no_grad():
        ablated = model(input_ids=src, decoder_input_ids=tgt, output_attentions=True, **kw)
        plain_ids = model.generate(src, max_new_tokens=20, num_beams=1, do_sample=False)
        ablated_ids = model.generate(src, max_new_tokens=20, num_beams=1, do_sample=False, **kw)
    tensors[f"{name}.logits"] = out.logits[0].contiguous()
    tensors[f"{name}.ablated.logits"] = ablated.logits[0].contiguous()
    tensors[f"{name}.ablated.enc.attentions"] = torch.stack([x[0] for x in ablated.encoder_attentions]).contiguous()
    tensors[f"{name}.ablated.dec.attentions"] = torch.stack([x[0] for x in ablated.decoder_attentions]).contiguous()
    tensors[f"{name}.ablated.cross.attentions"] = torch.stack([x[0] for x in ablated.cross_attentions]).contiguous()
    cases.append({"name": name, "model": "tiny_marian", "source": source, "target": target, "ablate": masks,
                  "greedy": plain_ids[0].tolist(), "ablated_greedy": ablated_ids[0].tolist()})


def main():
    torch.set_num_threads(2)
    tensors, cases = {}, []

    tiny = os.path.join(HERE, "tiny_bert")
    model = BertForMaskedLM.from_pretrained(tiny, attn_implementation="eager").eval()
    tok = BertTokenizer.from_pretrained(tiny)
    bert_case(model, model.bert, tok, "tiny_bert_a", "the cat sat on the mat.", [(0, 1), (1, 3)], tensors, cases, True)
    bert_case(model, model.bert, tok, "tiny_bert_b", "the [MASK] sat on the mat because it was tired.", [(1, 0), (1, 1), (1, 2)],
              tensors, cases, True)
    cases[-2]["model"] = cases[-1]["model"] = "tiny_bert"

    minilm = os.path.join(ROOT, "models", "all-MiniLM-L6-v2")
    if os.path.isdir(minilm):
        model = BertModel.from_pretrained(minilm, attn_implementation="eager").eval()
        tok = BertTokenizer.from_pretrained(minilm)
        bert_case(model, model, tok, "minilm", "The animal didn't cross the street because it was too tired.",
                  [(2, 0), (3, 5), (5, 11)], tensors, cases, False)
        cases[-1]["model"] = "all-MiniLM-L6-v2"

    model = MarianMTModel.from_pretrained(os.path.join(HERE, "tiny_marian"), attn_implementation="eager").eval()
    marian_case(model, "tiny_marian_a", [49, 26, 77, 23, 30, 32, 18, 0], [95, 32, 7, 61, 5],
                {"encoder": [[0, 1]], "decoder": [[1, 2]], "cross": [[0, 0], [1, 3]]}, tensors, cases)
    marian_case(model, "tiny_marian_b", [5, 9, 14, 3, 0], [95, 40, 2],
                {"cross": [[0, 0], [0, 1], [0, 2], [1, 0], [1, 1]]}, tensors, cases)

    save_file(tensors, os.path.join(HERE, "inspection_golden.safetensors"))
    with open(os.path.join(HERE, "inspection_golden.json"), "w", encoding="utf-8") as f:
        json.dump({"transformers": transformers.__version__, "torch": torch.__version__, "cases": cases}, f, indent=1)
    print(f"{len(cases)} cases, {len(tensors)} tensors")


if __name__ == "__main__":
    main()
