#!/usr/bin/env python3
"""Agreement of shipgate's compose rules with dclint 3.1.0 on the shared corpus, for the
rules both have, from the captured dclint output in /work/anchors/dclint.tsv.

    cargo run -q --release -- check ../shared/corpus --select compose --format json > /tmp/sg.json
    scripts/agreement_compose.py /tmp/sg.json [--details]

Findings are compared by what they are about, since the two tools point at different
lines (dclint at the service or the `ports:` key, shipgate at the value): image tags by
(file, service), published ports by (file, service, host port), the version field and
duplicates by file.
"""
import collections
import json
import re
import sys

ANCHORS = "/work/anchors"


def rel(p):
    i = p.find("shared/corpus/")
    return p[i + len("shared/corpus/"):] if i >= 0 else p


def host_port(spec):
    # "4200:4200", "127.0.0.1:80:80", "8080", "80-81:80-81/tcp" -> the published host port
    spec = spec.split("/")[0]
    parts = spec.split(":")
    if len(parts) == 1:
        return parts[0]
    return parts[-2]


PAIRS = [
    # (name, dclint rules, shipgate codes, key kind)
    ("explicit image tag", {"service-image-require-explicit-tag"}, {"DC004", "DC005"}, "service"),
    ("port on every interface", {"no-unbound-port-interfaces"}, {"DC022", "DC023"}, "port"),
    ("obsolete `version:`", {"no-version-field"}, {"DC026"}, "file"),
    ("duplicate container name", {"no-duplicate-container-names"}, {"DC025"}, "file"),
    ("duplicate host port", {"no-duplicate-exported-ports"}, {"DC024"}, "file"),
]


def key(kind, path, message):
    if kind == "file":
        return (path,)
    svc = re.search(r'[Ss]ervice "([^"]+)"', message)
    svc = svc.group(1) if svc else ""
    if kind == "service":
        return (path, svc)
    m = re.search(r'exporting port "([^"]+)"', message)
    if m:
        return (path, svc, host_port(m.group(1)))
    m = re.search(r"port (\d+(?:-\d+)?)", message)
    return (path, svc, m.group(1) if m else "")


def main():
    sg = json.load(open(sys.argv[1]))
    details = "--details" in sys.argv
    dc = collections.defaultdict(set)
    for i, line in enumerate(open(f"{ANCHORS}/dclint.tsv")):
        if i == 0:
            continue
        f = line.rstrip("\n").split("\t")
        if len(f) < 5:
            continue
        dc[f[3]].add((f[0], f[4]))
    print("| overlap | dclint | shipgate | both | only dclint | only shipgate |")
    print("|---|---|---|--:|--:|--:|")
    for name, drules, codes, kind in PAIRS:
        d = {key(kind, p, m) for r in drules for (p, m) in dc.get(r, ())}
        s = {
            key(kind, rel(f["path"]), f["message"])
            for f in sg["findings"]
            if f["code"] in codes
        }
        print(
            f"| {name} | {', '.join(sorted(drules))} | {'/'.join(sorted(codes))} "
            f"| {len(d & s)} | {len(d - s)} | {len(s - d)} |"
        )
        if details:
            for k in sorted(d - s):
                print(f"    only dclint: {k}")
            for k in sorted(s - d):
                print(f"    only shipgate: {k}")


if __name__ == "__main__":
    main()
