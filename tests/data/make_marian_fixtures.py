#!/usr/bin/env python3
"""Generate the Marian golden fixtures in tests/data from Hugging Face's MarianMTModel.

Run by a developer, never by CI (it needs transformers 4.44.2 and torch 1.13):
    .venv-fixtures/bin/python tests/data/make_marian_fixtures.py

Writes
  tiny_marian/                    a random MarianMTModel (vocab 96, d_model 32, 2+2 layers, 4 heads,
                                  ffn 64, swish, static sinusoidal positions) saved by save_pretrained
                                  (config.json + model.safetensors only; no tokenizer: ids only)
  tiny_marian_golden.json         per case: source ids, teacher-forced target ids, and generate() ids
                                  for greedy and three beam-search settings (parameters stated)
  tiny_marian_golden.safetensors  per case cN: logits [T,V], encoder_attentions [L,H,S,S],
                                  decoder_attentions [L,H,T,T], cross_attentions [L,H,T,S]
"""
import json
import os
import random

import torch
import transformers
from safetensors.torch import save_file
from transformers import MarianConfig, MarianMTModel

HERE = os.path.dirname(os.path.abspath(__file__))
VOCAB = 96
EOS = 0
PAD = VOCAB - 1  # Marian convention: pad is the last id and also the decoder start token
MAX_NEW_TOKENS = 20
CASES = 24
# generate() settings, stated explicitly so the C++ side needs no knowledge of HF defaults.
GENERATION = {
    "greedy": {"num_beams": 1, "do_sample": False},
    "beam4": {"num_beams": 4, "do_sample": False, "length_penalty": 1.0, "early_stopping": False},
    "beam4_lp06_es": {"num_beams": 4, "do_sample": False, "length_penalty": 0.6, "early_stopping": True},
    "beam3_lp2": {"num_beams": 3, "do_sample": False, "length_penalty": 2.0, "early_stopping": False},
}


def make_model(model_dir):
    torch.manual_seed(4321)
    config = MarianConfig(
        vocab_size=VOCAB, d_model=32, encoder_layers=2, decoder_layers=2, encoder_attention_heads=4,
        decoder_attention_heads=4, encoder_ffn_dim=64, decoder_ffn_dim=64, activation_function="swish",
        scale_embedding=True, static_position_embeddings=True, max_position_embeddings=64,
        pad_token_id=PAD, decoder_start_token_id=PAD, eos_token_id=EOS, forced_eos_token_id=EOS,
        share_encoder_decoder_embeddings=True, dropout=0.0, attention_dropout=0.0, activation_dropout=0.0,
        attn_implementation="eager")
    model = MarianMTModel(config).eval()
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "layer_norm" in name or "embed_positions" in name:
                continue
            p.normal_(0.0, 0.3)
        # Random final_logits_bias, with eos favoured so that some generations end on their own.
        bias = torch.randn(1, VOCAB) * 0.5
        bias[0, EOS] += 2.5
        model.final_logits_bias.copy_(bias)
    os.makedirs(model_dir, exist_ok=True)
    model.save_pretrained(model_dir, safe_serialization=True)
    gen = os.path.join(model_dir, "generation_config.json")
    if os.path.exists(gen):
        os.remove(gen)
    return model


def main():
    torch.set_num_threads(2)
    model_dir = os.path.join(HERE, "tiny_marian")
    model = make_model(model_dir)
    # Reload exactly what was saved, so the golden comes from the committed checkpoint.
    model = MarianMTModel.from_pretrained(model_dir, attn_implementation="eager").eval()
    rng = random.Random(99)
    tensors, cases = {}, []
    for i in range(CASES):
        src_len = rng.randint(1, 14)
        src = [rng.randint(1, VOCAB - 2) for _ in range(src_len)] + [EOS]
        tgt_len = rng.randint(1, 12)
        tgt = [PAD] + [rng.randint(0, VOCAB - 2) for _ in range(tgt_len - 1)]
        src_t = torch.tensor([src])
        with torch.no_grad():
            out = model(input_ids=src_t, decoder_input_ids=torch.tensor([tgt]), output_attentions=True)
        key = f"c{i}"
        tensors[f"{key}.logits"] = out.logits[0].contiguous()
        tensors[f"{key}.encoder_attentions"] = torch.stack([a[0] for a in out.encoder_attentions]).contiguous()
        tensors[f"{key}.decoder_attentions"] = torch.stack([a[0] for a in out.decoder_attentions]).contiguous()
        tensors[f"{key}.cross_attentions"] = torch.stack([a[0] for a in out.cross_attentions]).contiguous()
        generated = {}
        for name, kwargs in GENERATION.items():
            with torch.no_grad():
                ids = model.generate(src_t, max_new_tokens=MAX_NEW_TOKENS, **kwargs)
            generated[name] = ids[0].tolist()
        cases.append({"source": src, "target": tgt, "generated": generated})
    save_file(tensors, os.path.join(HERE, "tiny_marian_golden.safetensors"))
    with open(os.path.join(HERE, "tiny_marian_golden.json"), "w", encoding="utf-8") as f:
        json.dump({"model": "tiny_marian", "transformers": transformers.__version__, "torch": torch.__version__,
                   "max_new_tokens": MAX_NEW_TOKENS, "eos_token_id": EOS, "pad_token_id": PAD,
                   "decoder_start_token_id": PAD, "forced_eos_token_id": EOS,
                   "generation": GENERATION, "cases": cases}, f, indent=1)
    lengths = {n: [len(c["generated"][n]) for c in cases] for n in GENERATION}
    print(f"tiny_marian: {len(cases)} cases; generated lengths {lengths}")


if __name__ == "__main__":
    main()
