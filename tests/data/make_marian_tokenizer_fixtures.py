#!/usr/bin/env python3
"""Generate the Marian tokenizer + text-translation fixtures in tests/data from Hugging Face.

Run by a developer, never by CI (transformers 4.44.2, torch 1.13, sentencepiece; no sacremoses,
so MarianTokenizer's Moses punctuation normaliser is the identity, as in attnscope):
    /root/fixenv/bin/python tests/data/make_marian_tokenizer_fixtures.py

Writes
  tiny_marian_tok/            opus-mt layout: two tiny unigram SentencePiece models (source.spm,
                              target.spm), the shared vocab.json, tokenizer_config.json (saved by
                              MarianTokenizer.save_pretrained) and a random MarianMTModel whose
                              vocab_size equals the vocabulary (config.json, model.safetensors)
  tiny_marian_tok_golden.json per text: MarianTokenizer input ids and pieces; for the first
                              GENERATED texts: greedy and beam-4 generate() ids and their
                              decode(skip_special_tokens=True) strings; "decodes": hand-picked id
                              sequences and their decode(skip_special_tokens=True)
"""
import json
import os
import tempfile

import sentencepiece as spm
import torch
import transformers
from transformers import MarianConfig, MarianMTModel, MarianTokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "tiny_marian_tok")
MAX_NEW_TOKENS = 16
GENERATION = {
    "greedy": {"num_beams": 1, "do_sample": False},
    "beam4": {"num_beams": 4, "do_sample": False, "length_penalty": 1.0, "early_stopping": False},
}

SOURCE_CORPUS = """The animal didn't cross the street because it was too tired.
The cat sat on the mat, and the dog sat on the rug.
I am a small frog. Tom asked his teacher for advice.
Paris is the capital of France; Berlin is the capital of Germany.
She said: "Hello, world!" and he answered "Hi there?"
There are 12 apples, 3 pears and 2024 cherries in 7 baskets.
The café serves crème brûlée and a naïve piñata at the fiancée's party.
We will meet at 10:30 on Monday, the 5th of May.
Is this the right way to the station? Yes, it is.
Numbers like 1, 2, 3, 4, 5, 6, 7, 8, 9 and 0 are digits.
"""
TARGET_CORPUS = """Das Tier überquerte die Straße nicht, weil es zu müde war.
Die Katze saß auf der Matte, und der Hund saß auf dem Teppich.
Ich bin ein kleiner Frosch. Tom bat seinen Lehrer um Rat.
Paris ist die Hauptstadt von Frankreich; Berlin ist die Hauptstadt von Deutschland.
Sie sagte: "Hallo, Welt!" und er antwortete "Hallo?"
Es gibt 12 Äpfel, 3 Birnen und 2024 Kirschen in 7 Körben.
Wir treffen uns um 10:30 am Montag, dem 5. Mai.
"""

TEXTS = [
    "The animal didn't cross the street because it was too tired.",
    "Hello, world!",
    "the cat sat on the mat",
    "I am a small frog.",
    "Paris is the capital of France.",
    "There are 12 apples and 2024 cherries.",
    "We meet at 10:30 on Monday.",
    "crème brûlée at the café",
    "naïve fiancée",
    "Is this the right way?",
    "She said: \"Hi there?\"",
    "Price: 5€ only",
    "日本",
    "x",
    ".",
    " ",
    "  leading and trailing spaces  ",
    "multiple   inner    spaces",
    "tab\tseparated\ttext",
    "line one\nline two",
    "UPPER CASE WORDS",
    "Zebra quokka xylophone",
    "1234567890",
    "a, b; c: d! e? f.",
    "don't won't can't",
    "(parentheses) [brackets] {braces}",
    "emoji 🙂 here",
    "Tom asked his teacher for advice.",
    "The dog sat on the rug, and the cat sat on the mat.",
    "Berlin is the capital of Germany.",
    ">>de<< the cat sat",
    "the >>fr<< cat >>de<< sat",
    ">>xx<<",
    "a </s> b <unk> c <pad>",
]
GENERATED = 10


def train_spm(corpus, prefix, vocab_size):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "corpus.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(corpus * 3)
        spm.SentencePieceTrainer.train(input=path, model_prefix=prefix, vocab_size=vocab_size,
                                       model_type="unigram", character_coverage=1.0, hard_vocab_limit=False,
                                       minloglevel=2)


def make_tokenizer():
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        src, tgt = os.path.join(tmp, "source"), os.path.join(tmp, "target")
        train_spm(SOURCE_CORPUS, src, 72)
        train_spm(TARGET_CORPUS, tgt, 64)
        # Shared vocabulary in opus-mt order: </s>, <unk>, the pieces of both models, <pad> last.
        vocab = {"</s>": 0, "<unk>": 1}
        for model in (src, tgt):
            sp = spm.SentencePieceProcessor(model_file=model + ".model")
            for i in range(sp.get_piece_size()):
                if sp.is_control(i) or sp.is_unknown(i):
                    continue
                vocab.setdefault(sp.id_to_piece(i), len(vocab))
        vocab["<pad>"] = len(vocab)
        vocab_path = os.path.join(tmp, "vocab.json")
        with open(vocab_path, "w", encoding="utf-8") as f:
            json.dump(vocab, f, ensure_ascii=False, indent=2)
        tok = MarianTokenizer(src + ".model", tgt + ".model", vocab_path, source_lang="en", target_lang="de")
        tok.save_pretrained(OUT)
    return MarianTokenizer.from_pretrained(OUT), len(vocab)


def make_model(vocab_size, pad):
    torch.manual_seed(2468)
    config = MarianConfig(
        vocab_size=vocab_size, d_model=32, encoder_layers=2, decoder_layers=2, encoder_attention_heads=4,
        decoder_attention_heads=4, encoder_ffn_dim=64, decoder_ffn_dim=64, activation_function="swish",
        scale_embedding=True, static_position_embeddings=True, max_position_embeddings=64,
        pad_token_id=pad, decoder_start_token_id=pad, eos_token_id=0, forced_eos_token_id=0,
        bad_words_ids=[[pad]], share_encoder_decoder_embeddings=True, dropout=0.0, attention_dropout=0.0,
        activation_dropout=0.0, attn_implementation="eager")
    model = MarianMTModel(config).eval()
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "layer_norm" in name or "embed_positions" in name:
                continue
            p.normal_(0.0, 0.3)
        bias = torch.randn(1, vocab_size) * 0.5
        bias[0, 0] += 1.0  # favour eos so that some generations end on their own
        model.final_logits_bias.copy_(bias)
    model.save_pretrained(OUT, safe_serialization=True)
    gen = os.path.join(OUT, "generation_config.json")
    if os.path.exists(gen):
        os.remove(gen)
    return MarianMTModel.from_pretrained(OUT, attn_implementation="eager").eval()


def main():
    torch.set_num_threads(2)
    tok, vocab_size = make_tokenizer()
    model = make_model(vocab_size, tok.pad_token_id)
    cases = []
    for i, text in enumerate(TEXTS):
        ids = tok(text)["input_ids"]
        case = {"text": text, "ids": ids, "pieces": tok.convert_ids_to_tokens(ids)}
        if i < GENERATED:
            case["generated"] = {}
            for name, kwargs in GENERATION.items():
                with torch.no_grad():
                    out = model.generate(torch.tensor([ids]), max_new_tokens=MAX_NEW_TOKENS, **kwargs)[0].tolist()
                case["generated"][name] = {"ids": out, "text": tok.decode(out, skip_special_tokens=True)}
        cases.append(case)
    # Decoding of hand-picked target id sequences (specials, unknown ids, punctuation clean-up).
    decodes = []
    for ids in ([0], [vocab_size - 1, 5, 6, 7, 0], list(range(2, vocab_size - 1)), [1, 3, 1, 4, 0]):
        decodes.append({"ids": ids, "text": tok.decode(ids, skip_special_tokens=True)})
    with open(os.path.join(HERE, "tiny_marian_tok_golden.json"), "w", encoding="utf-8") as f:
        json.dump({"model": "tiny_marian_tok", "transformers": transformers.__version__, "torch": torch.__version__,
                   "vocab_size": vocab_size, "max_new_tokens": MAX_NEW_TOKENS, "generation": GENERATION,
                   "cases": cases, "decodes": decodes}, f, indent=1, ensure_ascii=False)
    print(f"vocab {vocab_size}; generated:",
          [c["generated"]["greedy"]["text"] for c in cases if "generated" in c])


if __name__ == "__main__":
    main()
