#!/usr/bin/env python3
"""Golden fixtures for the C++ WordPiece tokenizer (tests/tst_wordpiece_tokenizer.cpp).

The reference is Hugging Face's slow, pure-Python BertTokenizer (ids) plus BertTokenizerFast
(offsets, only where it agrees with the slow ids). Both read wordpiece/vocab.txt, which is
bert-base-uncased's vocabulary (Apache-2.0). Run by a developer, never by CI:
    python tests/data/fixtures_tokenizer.py        (or tests/data/make_fixtures.py --only tokenizer)

Writes wordpiece/golden_<config>.json, one per tokenizer configuration:
    {"config": {"name", "do_lower_case", "strip_accents", "transformers", "python_unicode"},
     "cases": [{"text", "ids", "fast_ids", "fast_offsets"}]}
ids and fast_ids include [CLS]/[SEP]; fast_offsets are [begin, end) code point offsets.
"""
import json
import os
import random
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))

# Configurations: (file stem, do_lower_case, strip_accents).
CONFIGS = [
    ("uncased", True, None),
    ("cased", False, None),
    ("uncased_keep_accents", True, False),
    ("cased_strip_accents", False, True),
]

# Hand-picked strings, grouped by what they try to break.
HANDPICKED = [
    # Plain English and masked-LM prompts.
    "Paris is the [MASK] of France.", "The quick brown fox jumps over the lazy dog.", "unaffable",
    "Hello, world!", "don't stop believing", "I'm here; you're there.", "HELLO World hello",
    "ThIs Is MiXeD cAsE", "telecommunications", "unbelievably unbelievable",
    # Special tokens written in the text, in various spellings.
    "[MASK]", "[mask]", "[Mask]", "[ MASK ]", "[MASK].", "the[MASK]is", "[MASK][MASK][MASK]",
    "[[MASK]]", "[MASK ]", "[MAS K]", "\uff3bMASK\uff3d", "[MASK]\u0301", "\u0301[MASK]",
    "[UNK]", "[unk]", "[CLS] a [SEP] b [SEP]", "[PAD][PAD]", "[MASKS]", "[[UNK]", "[MASK]s",
    "MASK", "<mask>", "[SEP][CLS]", "x[UNK]y", "  [MASK]  ", "\t[MASK]\n", "caf\u00e9 [MASK] na\u00efve",
    "The capital of France is [MASK].", "[MASK] [MASK]", "[mAsK]", "[CLS]", "[sep]",
    # Accents, precomposed and combining, canonical reordering, compatibility forms.
    "caf\u00e9", "cafe\u0301", "na\u00efve", "\u00c5ngstr\u00f6m", "\u212bngstr\u00f6m", "\u00f1", "n\u0303",
    "r\u00e9sum\u00e9", "cr\u00e8me br\u00fbl\u00e9e", "\uff23\uff41\uff46\u00e9", "Dvo\u0159\u00e1k",
    "\u0141\u00f3d\u017a", "\u00f8 \u00e6 \u0153 \u00d8 \u00c6 \u0152", "a\u0301\u0302\u0303",
    "a\u0323\u0302", "a\u0302\u0323", "\u1ec7", "Ti\u1ebfng Vi\u1ec7t", "\u01c5 \u01c4 \u01c6",
    "\ufb01 \ufb03 \u0132 \u0149", "\u0301", " \u0301abc", "abc \u0301 def", "e\u0301\u0301\u0301",
    "\u00c9COLE \u00e9cole E\u0301COLE", "Z\u0335\u0321a\u0336l\u0337g\u0338o\u0334",
    "\u0041\u030a \u00c5 \u212b", "\u1e9b\u0323", "q\u0307\u0323", "\u0958 \u0915\u093c",
    # CJK: Chinese, Japanese kana, Korean hangul, extensions, compatibility ideographs.
    "\u4f60\u597d\u4e16\u754c", "\u6211\u7231\u5317\u4eac\u5929\u5b89\u95e8\u3002",
    "\u4e2d\u6587English\u6df7\u5408", "\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8",
    "\u30ab\u30bf\u30ab\u30ca", "\u3072\u3089\u304c\u306a", "\uff76\uff80\uff76\uff85",
    "\ud55c\uad6d\uc5b4 \ud14d\uc2a4\ud2b8", "\uc548\ub155\ud558\uc138\uc694",
    "\u1100\u1161\u11a8", "\U00020000\U00020001", "\uf900\uf901", "\U0002f800",
    "\u3400\u4dbf", "\u3007", "\u2f00", "\u300c\u3053\u3093\u306b\u3061\u306f\u300d",
    "\u3001\u3002", "a\u3000b", "\u30d7\u30ed\u30b0\u30e9\u30df\u30f3\u30b0",
    "\u30b7\u3099", "\u304b\u3099", "\u6771\u4eac\u30bf\u30ef\u30fc333m",
    "\u9fff\u4e00\U0002a6df\U0002a700\U0002b740\U0002b820\U0002ceaf",
    # Emoji: plain, skin tones, ZWJ sequences, flags, keycaps, variation selectors.
    "\U0001f600", "\U0001f44d\U0001f3fd", "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466",
    "\U0001f3f3\ufe0f\u200d\U0001f308", "\u2764\ufe0f", "\U0001f1eb\U0001f1f7", "1\ufe0f\u20e3",
    "I love \U0001f355!", "\U0001faf6\U0001f3fb", "smile\U0001f60adone", "\u263a \u2639 \u2603",
    "\U0001f9d1\U0001f3ff\u200d\U0001f4bb", "\u00a9\u00ae\u2122",
    # Emoji new in Unicode 14 and 15: Python 3.11 knows 14 only, so 15's are unassigned (dropped).
    "\U0001fae0 melting", "\U0001fae8 shaking", "pink\U0001fa77heart", "\U0001fa77",
    # Right-to-left scripts and bidi controls.
    "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645",
    "\u05e9\u05c1\u05b8\u05dc\u05d5\u05b9\u05dd", "\u0645\u064f\u062d\u064e\u0645\u0651\u064e\u062f",
    "RTL mark \u200f here", "\u202eoverride\u202c", "\u05e2\u05d1\u05e8\u05d9\u05ea and English",
    "\ufdfa", "\ufefb",
    # Indic, Thai and other scripts.
    "\u0928\u092e\u0938\u094d\u0924\u0947", "\u0939\u093f\u0928\u094d\u0926\u0940",
    "\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35\u0e04\u0e23\u0e31\u0e1a", "\u0e20\u0e32\u0e29\u0e32\u0e44\u0e17\u0e22",
    "\u0ba4\u0bae\u0bbf\u0bb4\u0bcd", "\u09ac\u09be\u0982\u09b2\u09be", "\u0f00\u0f71\u0f72",
    "\u1780\u17d2\u1798\u17c2\u179a", "\u10e5\u10d0\u10e0\u10d7\u10e3\u10da\u10d8",
    "\u0531\u0580\u0574\u0565\u0576\u056b\u0561", "\u1200\u12a0\u121b\u122d\u129b",
    # Greek, including final sigma and tonos.
    "\u039f\u0394\u039f\u03a3", "\u039f\u03b4\u03cc\u03c2", "\u03c3\u03bf\u03c6\u03cc\u03c2",
    "\u03a3\u038a\u03a3\u03a5\u03a6\u039f\u03a3", "\u03a3", "\u03c2", "\u0390", "\u1f71",
    "\u039f\u0394\u039f\u03a3.", "\u0391\u03a3 \u03a3\u0391 \u0391\u03a3\u0391", "\u037e \u0387",
    # Turkish dotted/dotless i, German sharp s, Cyrillic, Armenian ligatures.
    "\u0130stanbul", "ISTANBUL", "\u0131i \u0130I", "D\u0130YARBAKIR", "\u0130" * 3,
    "Stra\u00dfe", "STRASSE", "\u1e9e", "Gr\u00fc\u00dfe aus M\u00fcnchen",
    "\u041f\u0440\u0438\u0432\u0435\u0442 \u043c\u0438\u0440", "\u0401\u043b\u043a\u0430",
    "\u0438\u0306", "\ufb13", "\u0587",
    # Control, format, zero-width and replacement characters, NUL, unassigned, private use.
    "a\x00b", "\x00", "a\x01b", "\x7f", "a\x1fb", "a\x85b", "tab\there", "a\x0bb", "a\x0cb", "\r\n",
    "line\nbreak", "a\u200bb", "a\u200cb", "a\u200db", "\ufeffBOM", "a\u00adb", "a\u2060b",
    "a\ufffdb", "\ufffd", "\ufffd\ufffd\ufffd", "\u2028", "\u2029", "a\u2028b", "a\u2029b",
    "\u180e", "a\ue000b", "a\u0378b", "\uffff", "a\U000e0001b", "\U000f0000",
    "x\u200b\u200b\u200by", "\x00\x00[MASK]\x00",
    # Whitespace of every kind.
    "a\u00a0b", "a\u2003b", "a\u2009b", "a\u202fb", "a\u205fb", "a\u1680b", "   leading and trailing   ",
    "\t\n\r ", "", " ", "     ", "a  b   c", "\u3000\u3000", "a\u2000b\u2001c\u200ad",
    "\u00a0", "word\u00a0\u00a0word",
    # Punctuation runs and symbols.
    "!!!", "...", "?!?!", "\u2014", "a\u2013b", "\u2018quoted\u2019", "\u201cdouble\u201d",
    "\u00abguillemets\u00bb", "\u00bfQu\u00e9?", "\u00a1Hola!", "$100", "^_^", "`code`", "~tilde",
    "a|b", "\u00a7 \u00b6", "\u2022", "\u2026", "\u2030", "\u2020", "\u00b1\u00d7\u00f7", "\u00b0C",
    "\u20ac\u00a3\u00a5\u00a2", "#hashtag", "@mention", "&amp;", "100%", "a/b\\c", "{[()]}",
    "<html>", "<<>>", "::", "->", "=>", "!=", "!@#$%^&*()_+-=[]{}|;':\",./<>?", "....!!!!????",
    "\u3010\u3011\u300a\u300b", "\uff01\uff1f\uff0c", "\u00b7", "\u055d", "\u060c\u061f",
    # Numbers.
    "3.14159", "1,000,000", "1e-10", "0x1F", "\u0663\u0664\u0665", "\u0967\u0968\u0969",
    "\u00b2\u00b3", "\u00bd", "\u216b", "\u2460", "12:30pm", "2024-01-01", "\uff11\uff12\uff13",
    "007", "1st 2nd 3rd 4th", "-42", "+1 (555) 123-4567",
    # URLs, e-mail, code.
    "https://www.example.com/path?query=1&x=y#frag", "http://\u4f8b\u3048.jp", "ftp://a.b",
    "john.doe+tag@example.co.uk", "def f(x): return x**2", "for (int i=0;i<n;++i) {}",
    "std::vector<int>", "SELECT * FROM t WHERE a='b';", "x += 1 // comment",
    "#include <iostream>", '{"key": [1, 2, {"nested": null}]}', "C:\\Users\\Name\\file.txt",
    "snake_case_name camelCaseName PascalCase", "<div class=\"x\">hi</div>",
    # Mixed scripts.
    "Hello\u4e16\u754c", "abc\u0434\u0435\u0444", "123abc", "\u03b1\u03b2\u03b3abc",
    "ABC\ud55c\uad6d\uc5b4", "\u00dcn\u00efc\u00f6d\u00e9 \u1e97\u00ebxt",
    "Caf\u00e9\u5496\u5561\u0643\u0627\u0641\u064a\u0647",
    # Long words around max_input_chars_per_word (100).
    "a" * 99, "a" * 100, "a" * 101, "a" * 150, "supercalifragilisticexpialidocious",
    "pneumonoultramicroscopicsilicovolcanoconiosis", "x" * 99 + "\u00e9", "\u00e9" * 100,
    "\u00e9" * 101, "e\u0301" * 60, "\u0130" * 60, "\u00df" * 101, "a" * 90 + "." + "b" * 90,
    "\u4e00" * 120, "ab" * 51, "\u0130" * 50, "\ufb03" * 40,
]


def random_strings(count, seed):
    """Deterministic random mixes of awkward characters, to catch what the list misses."""
    pool = ("aAeEiIzZ09 .,!?-_'\"[]()\t\n\u00a0\u3000\u00e9\u0301\u0302\u0323\u00c5\u0130\u0131\u00df"
            "\u03a3\u03c3\u03c2\u4e2d\u6587\u3042\u30a2\ud55c\u0645\u05e9\u0928\u094d\u0e2a\u0e31"
            "\U0001f600\U0001f3fd\u200d\u200b\ufeff\ufffd\x00\x01\u2028\ufb01\uff21\u2460\u00bd")
    words = ["[MASK]", "[mask]", "hello", "WORLD", "caf\u00e9", "\u039f\u0394\u039f\u03a3",
             "\u0130stanbul", "Stra\u00dfe", "unaffable", "1,000"]
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 12)):
            if rng.random() < 0.25:
                parts.append(rng.choice(words))
            else:
                parts.append("".join(rng.choice(pool) for _ in range(rng.randint(1, 6))))
        out.append("".join(parts))
    return out


def long_texts():
    """Multi-sentence texts, one of them longer than 512 tokens."""
    para = ("BERT was pre-trained on English Wikipedia and BookCorpus. It uses WordPiece, "
            "a sub-word vocabulary of 30,522 pieces; rare words split into ##pieces. ")
    return [para * 3, para * 40, ("Na\u00efve caf\u00e9 \u4e2d\u6587 [MASK] \U0001f600 ") * 50]


def all_strings():
    seen, out = set(), []
    for text in HANDPICKED + random_strings(120, 20240601) + long_texts():
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


def make_tokenizer_fixtures(out_dir):
    """Write wordpiece/golden_<config>.json under out_dir (normally tests/data)."""
    import transformers
    from transformers import BertTokenizer, BertTokenizerFast
    transformers.logging.set_verbosity_error()  # no "sequence longer than 512" warnings

    folder = os.path.join(out_dir, "wordpiece")
    vocab = os.path.join(folder, "vocab.txt")
    if not os.path.isfile(vocab):
        sys.exit(f"{vocab} is missing: copy bert-base-uncased's vocab.txt there first")
    texts = all_strings()
    for name, lower, strip in CONFIGS:
        quiet = {"clean_up_tokenization_spaces": False}  # irrelevant to encoding; set to silence a warning
        slow = BertTokenizer(vocab, do_lower_case=lower, strip_accents=strip, **quiet)
        fast = BertTokenizerFast(vocab_file=vocab, do_lower_case=lower, strip_accents=strip, **quiet)
        cases = []
        for text in texts:
            enc = fast(text, return_offsets_mapping=True)
            cases.append({"text": text, "ids": slow.encode(text), "fast_ids": enc["input_ids"],
                          "fast_offsets": [list(o) for o in enc["offset_mapping"]]})
        doc = {"config": {"name": name, "do_lower_case": lower, "strip_accents": strip,
                          "transformers": transformers.__version__,
                          "python_unicode": unicodedata.unidata_version},
               "cases": cases}
        path = os.path.join(folder, f"golden_{name}.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, separators=(",", ":"))
            f.write("\n")
        agree = sum(c["ids"] == c["fast_ids"] for c in cases)
        print(f"{path}: {len(cases)} strings, fast ids agree on {agree}")


if __name__ == "__main__":
    make_tokenizer_fixtures(HERE)
