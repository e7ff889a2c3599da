#!/usr/bin/env python3
"""Reads the outputs bench/run_all collected in OUT_DIR and prints issue #17's targets, each with
the measured figure and PASS / MISS (or 'not measured' where no benchmark covers it yet).

usage: summarize_all.py OUT_DIR"""
import os
import re
import sys


def read(out, name):
    path = os.path.join(out, name)
    return open(path, encoding="utf-8").read() if os.path.exists(path) else ""


def main():
    out = sys.argv[1]
    rows = []

    def row(workload, target, measured, ok):
        rows.append((workload, target, measured, "PASS" if ok else "MISS" if ok is not None else "—"))

    # MiniLM encode ratios per length (hf_encode.py prints one line per case).
    minilm = read(out, "minilm_hf.txt")
    targets = {16: 0.35, 64: 0.5, 256: 0.8, 512: 0.8}
    for m in re.finditer(r"tokens=\s*(\d+).*?ours encode\s+([\d.]+) ms\s+ratio ours/HF = ([\d.]+)x", minilm):
        tokens, ours, ratio = int(m.group(1)), float(m.group(2)), float(m.group(3))
        bound = min(targets.items(), key=lambda kv: abs(kv[0] - tokens))[1]
        row(f"MiniLM encode, {tokens} tokens, all attentions", f"≤ {bound}× HF", f"{ours:.1f} ms, {ratio:.2f}× HF",
            ratio <= bound)
    base = read(out, "base_hf.txt")
    m = re.search(r"tokens=\s*(\d+).*?ours encode\s+([\d.]+) ms\s+ratio ours/HF = ([\d.]+)x", base)
    if m:
        row(f"BERT-base-size encode, {m.group(1)} tokens", "≤ 0.85× HF", f"{float(m.group(2)):.1f} ms, {float(m.group(3)):.2f}× HF",
            float(m.group(3)) <= 0.85)

    def keystroke(text):  # the longest case bench_app types (about 53 tokens)
        found = re.findall(r"painted heatmap,\s*(\d+) tokens: median\s+([\d.]+) ms\s+p95\s+([\d.]+) ms", text)
        return found[-1] if found else None

    app_base, app_minilm = read(out, "app_base.txt"), read(out, "app_minilm.txt")
    k = keystroke(app_base)
    if k:
        row(f"keystroke → painted heatmap, BERT-base-size, {k[0]} tokens", "p95 ≤ 150 ms", f"p95 {k[2]} ms",
            float(k[2]) <= 150)
    k = keystroke(app_minilm)
    if k:
        row(f"keystroke → painted heatmap, MiniLM, {k[0]} tokens", "p95 ≤ 50 ms", f"p95 {k[2]} ms", float(k[2]) <= 50)
    m = re.search(r"heatmap 512x512: new result \+ paint median ([\d.]+) ms, repaint median ([\d.]+) ms", app_minilm)
    if m:
        row("heatmap at 512 tokens: first paint / repaint", "≤ 50 ms / ≤ 16 ms", f"{m.group(1)} / {m.group(2)} ms",
            float(m.group(1)) <= 50 and float(m.group(2)) <= 16)
    m = re.search(r"longest GUI-thread stall while typing: ([\d.]+) ms", app_minilm)
    if m:
        row("GUI thread stall while typing (MiniLM)", "≤ 16 ms", f"{m.group(1)} ms", float(m.group(1)) <= 16)
    for view in ("head view all heads", "model view 12×12", "links", "head statistics"):
        row(f"{view} at 512 tokens", "first paint ≤ 50 ms, repaint ≤ 16 ms", "not measured yet", None)
    tr = read(out, "translate_app.txt")
    m = re.search(r"greedy\s+keystroke -> first target token\s+median\s+([\d.]+) ms\s+p95\s+([\d.]+) ms", tr)
    if m:
        row("translation, built-in model, keystroke → first target token (12 words, greedy)", "≤ 100 ms",
            f"median {m.group(1)} ms, p95 {m.group(2)} ms", float(m.group(1)) <= 100)
    row("translation, 20-word sentence, whole, vs HF generate() with attentions", "≤ 0.5× HF",
        "see bench/run_translate_bench", None)
    row("peak RSS, app with MiniLM + translator, 512 tokens", "≤ 1 GB", "not measured yet", None)

    machine = read(out, "machine.txt").strip().replace("\n", "; ")
    print(f"machine: {machine}")
    width = max(len(r[0]) for r in rows)
    for workload, target, measured, verdict in rows:
        print(f"{workload:<{width}}  {target:<38}  {measured:<28}  {verdict}")


if __name__ == "__main__":
    main()
