#!/usr/bin/env python3
"""Writes seed inputs for the fuzz targets from the project's own data: the shipped policies,
every case's answers (prefixed with the byte that picks its policy), and the example batch."""
import glob
import json
import os

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
seeds = os.path.join(root, "fuzz", "seeds")
for name in ("policy", "answers", "batch"):
    os.makedirs(os.path.join(seeds, name), exist_ok=True)

policy_files = sorted(glob.glob(os.path.join(root, "crates", "policies", "data", "*.json")))
order = []
for path in policy_files:
    with open(path, encoding="utf-8") as f:
        text = f.read()
    order.append(json.loads(text)["id"])
    with open(os.path.join(seeds, "policy", os.path.basename(path)), "w", encoding="utf-8") as f:
        f.write(text)

n = 0
for path in sorted(glob.glob(os.path.join(root, "tests", "cases", "*.json"))):
    with open(path, encoding="utf-8") as f:
        file = json.load(f)
    if file["policy"] not in order:
        continue
    pick = order.index(file["policy"])
    for case in file["cases"]:
        with open(os.path.join(seeds, "answers", f"case-{n:04}"), "wb") as out:
            out.write(bytes([pick]) + json.dumps(case["answers"]).encode())
        n += 1

with open(os.path.join(root, "examples", "batch.jsonl"), "rb") as f:
    batch = f.read()
with open(os.path.join(seeds, "batch", "example.jsonl"), "wb") as f:
    f.write(batch)
print(f"fuzz seeds: {len(policy_files)} policies, {n} answer sets, 1 batch")
