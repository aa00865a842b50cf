#!/usr/bin/env python3
"""Builds pairs.jsonl from matters.txt: every pair within a matter is a duplicate; every pair across matters of the same
category is not. Deterministic (no sampling). Run: python3 make_pairs.py > pairs.jsonl"""
import itertools, json, pathlib
blocks, current = [], None
for line in (pathlib.Path(__file__).parent / "matters.txt").read_text(encoding="utf-8").splitlines():
    if line.startswith("## "):
        category, matter = line[3:].split()
        current = (category, matter, []); blocks.append(current)
    elif line.strip() and not line.startswith("#"):
        current[2].append(line.strip())
for category, matter, texts in blocks:
    for a, b in itertools.combinations(texts, 2):
        print(json.dumps({"a": a, "b": b, "duplicate": True, "category": category, "matter": matter}, ensure_ascii=False))
for (c1, m1, t1), (c2, m2, t2) in itertools.combinations(blocks, 2):
    if c1 != c2: continue
    for a, b in itertools.product(t1, t2):
        print(json.dumps({"a": a, "b": b, "duplicate": False, "category": c1, "matter": f"{m1}|{m2}"}, ensure_ascii=False))
