#!/usr/bin/env python3
"""Time shipgate on the Kubernetes files of the corpus the way /work/anchors/timings.py
timed checkov: one invocation over the 724 files of /work/anchors/k8s_files.txt, under
`unshare -n` (no network) when available, stdout to /dev/null, wall clock.

    cargo build --release
    scripts/timing_k8s.py [runs]      # default 5; prints every run, the median, the ratio

It runs from /work/anchors, outside any git repository, as checkov did: inside a
repository, `shipgate check FILES` also lints the rest of the repository as context for
cross-file rules (the pre-commit mode), which would time a different job.

`--no-cache` makes every run cold (checkov has no result cache); a warm run (the result
cache filled by the run before) is timed too, for information.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ANCHORS = "/work/anchors"
BIN = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "target",
                                    "release", "shipgate"))


def checkov_median():
    for line in open(f"{ANCHORS}/timings.txt"):
        if line.startswith("checkov --framework kubernetes"):
            return float(line.split("\t")[3])
    raise SystemExit("no checkov kubernetes timing in timings.txt")


def run(cmd, env):
    pre = ["unshare", "-n"] if shutil.which("unshare") else []
    t = time.perf_counter()
    p = subprocess.run(pre + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                       cwd=ANCHORS)
    dt = time.perf_counter() - t
    if p.returncode not in (0, 1):
        raise SystemExit(f"shipgate exited {p.returncode}")
    return dt


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    files = [x for x in open(f"{ANCHORS}/k8s_files.txt").read().split("\n") if x]
    env = dict(os.environ)
    cache = tempfile.mkdtemp(prefix="shipgate-cache-")
    env["SHIPGATE_CACHE_DIR"] = cache
    base = [BIN, "check", "--select", "kubernetes", "--format", "json"] + files
    cold = [run(base[:2] + ["--no-cache"] + base[2:], env) for _ in range(runs)]
    run(base, env)  # fill the cache
    warm = [run(base, env) for _ in range(runs)]
    shutil.rmtree(cache, ignore_errors=True)
    ck = checkov_median()
    for name, ts in (("cold (--no-cache)", cold), ("warm (result cache)", warm)):
        med = statistics.median(ts)
        print(f"shipgate {name}: {len(files)} files, runs {', '.join(f'{t:.3f}' for t in ts)} s, "
              f"median {med:.3f} s; checkov median {ck:.3f} s; ratio {ck / med:.0f}x")


if __name__ == "__main__":
    main()
