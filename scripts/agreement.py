#!/usr/bin/env python3
"""Agreement of shipgate's aliased Dockerfile rules with hadolint and checkov on the
shared corpus, from the captured anchor outputs in /work/anchors.

    cargo run -q -- check ../shared/corpus --select dockerfile --format json > /tmp/sg.json
    cargo run -q -- rules --format json > /tmp/rules.json
    scripts/agreement.py /tmp/sg.json /tmp/rules.json [--details]

hadolint findings are compared by (file, line); checkov's by file (its Dockerfile
results carry no reliable line for file-level checks). Only FAILED checkov results count.
"""
import collections
import json
import sys

ANCHORS = "/work/anchors"
PREFIX = "../shared/corpus/"


def rel(p):
    return p[len(PREFIX):] if p.startswith(PREFIX) else p


def main():
    sg = json.load(open(sys.argv[1]))
    rules = json.load(open(sys.argv[2]))
    details = "--details" in sys.argv
    alias = collections.defaultdict(list)
    for r in rules:
        if r["pack"] == "dockerfile":
            for a in r["aliases"]:
                alias[a].append(r["code"])
    by_line = collections.defaultdict(set)
    by_file = collections.defaultdict(set)
    for f in sg["findings"]:
        by_file[f["code"]].add(rel(f["path"]))
        if f.get("start"):
            by_line[f["code"]].add((rel(f["path"]), f["start"]["line"]))
    hd = collections.defaultdict(set)
    for i, line in enumerate(open(f"{ANCHORS}/hadolint.tsv")):
        parts = line.rstrip("\n").split("\t")
        if i == 0 or len(parts) < 4 or not parts[1].isdigit():
            continue
        hd[parts[3]].add((parts[0], int(parts[1])))
    ck = collections.defaultdict(set)
    for i, line in enumerate(open(f"{ANCHORS}/checkov_dockerfile.tsv")):
        parts = line.rstrip("\n").split("\t")
        if i > 0 and len(parts) > 2 and parts[2] == "FAILED":
            ck[parts[1]].add(parts[0])

    def table(title, tool, ours, theirs, codes):
        print(f"\n{title}\n")
        print(f"| {tool} | shipgate | both | only {tool} | only shipgate |")
        print("|---|---|---|---|---|")
        for code in codes:
            s = set().union(*(ours[c] for c in alias[code]))
            t = theirs[code]
            print(f"| {code} | {', '.join(alias[code])} | {len(s & t)} | {len(t - s)} | {len(s - t)} |")
            if details:
                for x in sorted(t - s):
                    print(f"    only {tool}: {x}")
                for x in sorted(s - t):
                    print(f"    only shipgate: {x}")

    table("hadolint 2.15.1, by (file, line)", "hadolint", by_line, hd,
          sorted(a for a in alias if a.startswith("DL")))
    table("checkov 3.3.30, by file", "checkov", by_file, ck,
          sorted((a for a in alias if a.startswith("CKV")), key=lambda a: (len(a), a)))


if __name__ == "__main__":
    main()
