#!/usr/bin/env python3
"""Agreement of shipgate's Kubernetes rules with checkov on the shared corpus, from the
checkov results captured in /work/anchors/checkov_k8s.tsv.

    sed 's#^/work/shared/corpus/#../shared/corpus/#' /work/anchors/k8s_files.txt > /tmp/k8s.txt
    cargo run -q -- check $(cat /tmp/k8s.txt) --select ALL --format json > /tmp/sg_k8s.json
    cargo run -q -- rules --format json > /tmp/rules.json
    scripts/agreement_k8s.py /tmp/sg_k8s.json /tmp/rules.json [--details [CHECK]]

checkov reports per resource (`Kind.namespace.name`, namespace `default` when unset);
shipgate per container or field. Each shipgate finding is mapped to the object whose
YAML node contains its line (a `kind: List` item, else the document) and keyed the way
checkov keys it, so both sides are compared as sets of (file, resource). Only FAILED
checkov results count as findings; SKIPPED (inline `checkov.io/skip` annotations) count
as neither. An only-shipgate resource is split into "checkov passed it" and "checkov
has no result for it" (a kind it does not check, an object without `metadata.name`).

A second table uses the kube-linter fixtures (`stackrox__kube-linter/tests/checks/`,
named after the check they exercise, objects named `dont-fire*` must stay silent) and
checkov's own fixtures (`example_<Check>/…-FAILED.yaml` / `-PASSED.yaml`) as cases.
"""
import collections
import json
import os
import re
import sys

import yaml

ANCHORS = "/work/anchors"
CORPUS = "../shared/corpus/"

# checkov checks compared with shipgate rules that are related but not aliases (the
# semantics differ, so a suppression of one must not silence the other): the shipgate
# rule's failures are a superset of the checkov check's.
RELATED = {
    # drop NET_RAW (or ALL) — shipgate asks for drop ALL
    "CKV_K8S_28": ["K8S013"],
    # a pod securityContext exists — shipgate checks the fields that matter, with
    # pod-level inheritance: run as root, seccomp
    "CKV_K8S_29": ["K8S001", "K8S015"],
    # a container securityContext exists — the container-only fields
    "CKV_K8S_30": ["K8S011", "K8S012", "K8S013"],
}

# the checks the issue asks about, in its order
MAPPED = [
    "CKV_K8S_8", "CKV_K8S_9", "CKV_K8S_10", "CKV_K8S_11", "CKV_K8S_12", "CKV_K8S_13",
    "CKV_K8S_14", "CKV_K8S_16", "CKV_K8S_20", "CKV_K8S_21", "CKV_K8S_22", "CKV_K8S_23",
    "CKV_K8S_40", "CKV_K8S_28", "CKV_K8S_29", "CKV_K8S_30", "CKV_K8S_31", "CKV_K8S_37",
    "CKV_K8S_38",
]
# the other checks shipgate rules alias (not asked by the issue, compared the same way)
# a rule that covers several checks: only its findings whose message names the check's
# subject count for that check
MESSAGE = {
    "CKV_K8S_17": "hostPID", "CKV_K8S_18": "hostIPC", "CKV_K8S_19": "hostNetwork",
    "CKV_K8S_27": "docker.sock", "CKV_K8S_39": "SYS_ADMIN",
}
EXTRA = ["CKV_K8S_17", "CKV_K8S_18", "CKV_K8S_19", "CKV_K8S_26", "CKV_K8S_27", "CKV_K8S_39",
         "CKV_K8S_43"]


def rel(p):
    return p[len(CORPUS):] if p.startswith(CORPUS) else p


class Obj:
    def __init__(self, start, end, kind, ns, name, labels):
        self.start, self.end, self.kind, self.ns, self.name = start, end, kind, ns, name
        self.labels = labels

    def rid(self):
        """checkov's resource id: `Kind.namespace.name`; an object without a name is
        named after its labels (`app-web.tier-db`), as checkov does."""
        if self.name is not None:
            name = self.name
        elif self.labels:
            name = ".".join(f"{k}-{v}" for k, v in self.labels)
        else:
            name = f"<unnamed@{self.start}>"
        return f"{self.kind}.{self.ns or 'default'}.{name}"


def scalar(node, key):
    if not isinstance(node, yaml.MappingNode):
        return None
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return v
    return None


def sval(node, *keys):
    for k in keys:
        node = scalar(node, k)
        if node is None:
            return None
    return node.value if isinstance(node, yaml.ScalarNode) else None


def objects_of(node, offset, out):
    if not isinstance(node, yaml.MappingNode):
        return
    kind = sval(node, "kind")
    if kind is None:
        return
    start = node.start_mark.line + 1 + offset
    end = node.end_mark.line + 1 + offset
    labels = scalar(scalar(node, "metadata"), "labels")
    labels = [(k.value, v.value) for k, v in labels.value
              if isinstance(k, yaml.ScalarNode) and isinstance(v, yaml.ScalarNode)
              and k.value not in ("__startline__", "__endline__")] \
        if isinstance(labels, yaml.MappingNode) else []
    o = Obj(start, end, kind, sval(node, "metadata", "namespace"),
            sval(node, "metadata", "name"), labels)
    try:
        o.value = yaml.SafeLoader("").construct_object(node, deep=True)
    except (yaml.YAMLError, TypeError, ValueError):
        o.value = {}
    out.append(o)
    if kind == "List" or kind.endswith("List"):
        items = scalar(node, "items")
        if isinstance(items, yaml.SequenceNode):
            for it in items.value:
                objects_of(it, offset, out)


def file_objects(path):
    """Every object of a file with its line range; documents are composed one by one
    (split at `---` lines) so one bad document does not hide the others."""
    try:
        text = open(path, encoding="utf-8", errors="replace").read()
    except OSError:
        return []
    lines = text.split("\n")
    chunks, cur, first = [], [], 0
    for i, line in enumerate(lines):
        if re.match(r"^---(\s|$)", line):
            chunks.append((first, cur))
            cur, first = [], i + 1
        else:
            cur.append(line)
    chunks.append((first, cur))
    out = []
    for offset, chunk in chunks:
        try:
            node = yaml.compose("\n".join(chunk), Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            continue
        objects_of(node, offset, out)
    return out


def pod_spec(v):
    """The pod spec of an object value, or None."""
    if not isinstance(v, dict):
        return None
    kind, spec = v.get("kind"), v.get("spec")
    if kind == "PodTemplate":
        t = v.get("template")
        p = t.get("spec") if isinstance(t, dict) else None
        return p if isinstance(p, dict) else None
    if not isinstance(spec, dict):
        return None
    if kind == "Pod":
        return spec
    if kind == "CronJob":
        spec = (spec.get("jobTemplate") or {}).get("spec")
        if not isinstance(spec, dict):
            return None
    t = spec.get("template")
    p = t.get("spec") if isinstance(t, dict) else None
    return p if isinstance(p, dict) else None


def containers(pod, init=False):
    keys = ("containers", "initContainers") if init else ("containers",)
    out = []
    for k in keys:
        cs = pod.get(k)
        if isinstance(cs, list):
            out += [c for c in cs if isinstance(c, dict)]
    return out


def sc(x):
    v = x.get("securityContext") if isinstance(x, dict) else None
    return v if isinstance(v, dict) else {}


# the kinds each checkov check evaluates (from its source, checkov 3.3.30)
POD_KINDS = ("Pod", "Deployment", "DaemonSet", "StatefulSet", "ReplicaSet",
             "ReplicationController", "Job", "CronJob")
CONTAINER_KINDS = POD_KINDS + ("PodTemplate", "DeploymentConfig")
CHECKOV_KINDS = {
    "CKV_K8S_21": POD_KINDS + ("Service", "Secret", "ServiceAccount", "Role", "RoleBinding",
                               "ConfigMap", "Ingress"),
    "CKV_K8S_23": POD_KINDS, "CKV_K8S_40": POD_KINDS, "CKV_K8S_29": POD_KINDS,
    "CKV_K8S_31": POD_KINDS, "CKV_K8S_38": POD_KINDS, "CKV_K8S_17": POD_KINDS,
    "CKV_K8S_18": POD_KINDS, "CKV_K8S_19": POD_KINDS, "CKV_K8S_27": POD_KINDS,
}


def cause(check, side, o, path):
    """Why one (file, resource) differs: the category each difference was classified
    into after reading examples of it (see docs/kubernetes-agreement.md)."""
    v = getattr(o, "value", {}) if o else {}
    pod = pod_spec(v)
    if side == "only checkov":
        if check == "CKV_K8S_21" and not (v.get("metadata") or {}).get("namespace"):
            return "deliberate: no metadata.namespace (chosen at deploy time)"
        if pod is None or not containers(pod):
            return "checkov FP: no pod spec or no containers (a patch, a stub)"
        cs = containers(pod)
        if check in ("CKV_K8S_14", "CKV_K8S_43") and any(not c.get("image") for c in cs):
            return "deliberate: container without `image:` (filled in by kustomize/Helm)"
        if check == "CKV_K8S_38":
            # `serviceAccount` is the deprecated spelling the API server still honours
            sa = pod.get("serviceAccountName") or pod.get("serviceAccount")
            if sa not in (None, "default"):
                return "deliberate: dedicated service account (its token is wanted)"
        if check == "CKV_K8S_40":
            uids = [sc(c).get("runAsUser", sc(pod).get("runAsUser")) for c in cs]
            if 0 in uids:
                return "deliberate: runAsUser 0 is K8S001's (container-run-as-root)"
            if None in uids:
                return "deliberate: runAsUser unset (K8S001 asks for non-root; K8S033 only judges a set UID)"
        return "unclassified"
    if side == "only shipgate (no checkov result)":
        if o is None:
            return "outside any object"
        if v.get("kind") not in CHECKOV_KINDS.get(check, CONTAINER_KINDS):
            return "checkov limitation: kind not checked by this check (DeploymentConfig, PodTemplate, PDB, NetworkPolicy, …)"
        md = v.get("metadata") if isinstance(v.get("metadata"), dict) else {}
        if not md.get("name") and not md.get("labels"):
            return "checkov limitation: object without metadata.name (checkov ignores it)"
        if "{{" in open(CORPUS + path, encoding="utf-8", errors="replace").read():
            return "checkov limitation: file with `{{ }}` placeholders (checkov skips it)"
        if pod is not None:
            res = [c.get("resources") for c in containers(pod, True)]
            if any(r is not None and not isinstance(r, dict) for r in res):
                return "malformed: `resources` is not a mapping (checkov UNKNOWN)"
            if check in ("CKV_K8S_10", "CKV_K8S_12", "CKV_K8S_11", "CKV_K8S_13"):
                sec = "requests" if check in ("CKV_K8S_10", "CKV_K8S_12") else "limits"
                if any(isinstance(r, dict) and not isinstance(r.get(sec), dict) for r in res):
                    return f"checkov bug: `resources` without a `{sec}` map is UNKNOWN, not FAILED"
        return "unclassified"
    # only shipgate, checkov passed
    if pod is None:
        return "unclassified"
    if check == "CKV_K8S_23":
        return "deliberate: init containers are checked too (checkov reads `containers` only)"
    if check == "CKV_K8S_28":
        return "related: drops NET_RAW but not ALL (K8S013 asks for ALL)"
    if check == "CKV_K8S_29":
        return "related: a pod securityContext exists but leaves root or seccomp open"
    if check == "CKV_K8S_30":
        return "related: a container securityContext exists but lacks the field"
    if check == "CKV_K8S_31":
        ann = (((v.get("spec") or {}).get("template") or {}).get("metadata") or {}).get("annotations") \
            or (v.get("metadata") or {}).get("annotations") or {}
        if any("seccomp" in str(k) for k in ann) or "seccomp.security.alpha" in str(v):
            return "deliberate: deprecated seccomp annotation (not applied since Kubernetes 1.27)"
    return "unclassified"


def owner(objs, line):
    best = None
    for o in objs:
        if o.start <= line <= o.end and (best is None or o.start >= best.start):
            best = o
    return best


def main():
    sg = json.load(open(sys.argv[1]))
    rules = json.load(open(sys.argv[2]))
    details = None
    if "--details" in sys.argv:
        i = sys.argv.index("--details")
        details = sys.argv[i + 1] if i + 1 < len(sys.argv) else "ALL"
    alias = collections.defaultdict(list)
    for r in rules:
        if r["pack"] == "kubernetes":
            for a in r["aliases"]:
                if a.startswith("CKV"):
                    alias[a].append(r["code"])
    for k, v in RELATED.items():
        alias.setdefault(k, v)

    objs_cache = {}

    def objs(f):
        if f not in objs_cache:
            objs_cache[f] = file_objects(CORPUS + f)
        return objs_cache[f]

    by_rid = {}
    ours = collections.defaultdict(set)  # code -> {(file, rid)}
    ours_msg = collections.defaultdict(set)  # (code, check) -> {(file, rid)}
    unplaced = collections.Counter()
    for f in sg["findings"]:
        if not f.get("start"):
            continue
        path = rel(f["path"])
        o = owner(objs(path), f["start"]["line"])
        if o is None:
            unplaced[f["code"]] += 1
            continue
        ours[f["code"]].add((path, o.rid()))
        for check, word in MESSAGE.items():
            if word in f["message"]:
                ours_msg[(f["code"], check)].add((path, o.rid()))
        by_rid[(path, o.rid())] = o

    failed = collections.defaultdict(set)
    passed = collections.defaultdict(set)
    for i, line in enumerate(open(f"{ANCHORS}/checkov_k8s.tsv")):
        parts = line.rstrip("\n").split("\t")
        if i == 0 or len(parts) < 4:
            continue
        key = (parts[0], parts[3])
        if parts[2] == "FAILED":
            failed[parts[1]].add(key)
        elif parts[2] == "PASSED":
            passed[parts[1]].add(key)

    print("checkov 3.3.30 vs shipgate, by (file, resource)\n")
    print("| checkov | shipgate | both | only checkov | only shipgate (checkov passed) "
          "| only shipgate (no checkov result) |")
    print("|---|---|---:|---:|---:|---:|")
    causes = collections.defaultdict(collections.Counter)

    def find(key):
        if key in by_rid:
            return by_rid[key]
        for o in objs(key[0]):
            if o.rid() == key[1]:
                return o
        return None

    for check in MAPPED + EXTRA:
        codes = alias.get(check, [])
        pick = (lambda c: ours_msg[(c, check)]) if check in MESSAGE else (lambda c: ours[c])
        s = set().union(*(pick(c) for c in codes)) if codes else set()
        t = failed[check]
        only_s = s - t
        seen = only_s & passed[check]
        rel_mark = " (related)" if check in RELATED and check not in {
            a for r in rules for a in r["aliases"]} else ""
        print(f"| {check} | {', '.join(codes) or '—'}{rel_mark} | {len(s & t)} | "
              f"{len(t - s)} | {len(seen)} | {len(only_s - seen)} |")
        for side, keys in (("only checkov", t - s), ("only shipgate (checkov passed)", seen),
                           ("only shipgate (no checkov result)", only_s - seen)):
            for k in keys:
                causes[check][(side, cause(check, side, find(k), k[0]))] += 1
        if details in ("ALL", check):
            for x in sorted(t - s):
                print(f"    only checkov: {x[0]} {x[1]}")
            for x in sorted(seen):
                print(f"    only shipgate (checkov PASSED): {x[0]} {x[1]}")
            for x in sorted(only_s - seen):
                print(f"    only shipgate (no checkov result): {x[0]} {x[1]}")
    print("\ndifferences by cause\n")
    print("| checkov | side | cause | resources |")
    print("|---|---|---|---:|")
    for check in MAPPED + EXTRA:
        for (side, why), n in sorted(causes[check].items()):
            print(f"| {check} | {side} | {why} | {n} |")
    if unplaced:
        print(f"\nfindings outside any object (not compared): {dict(unplaced)}")

    # fixtures as cases
    print("\nfixtures as cases: objects whose expected result the fixture names, "
          "checked against shipgate\n")
    print("| fixture | check | shipgate | expected fire: fired | expected fire: silent "
          "| expected silent: silent | expected silent: fired |")
    print("|---|---|---|---:|---:|---:|---:|")
    # kube-linter checks aliased by the rules compared above (plus NET_RAW, related)
    compared = {c for check in MAPPED for c in alias.get(check, [])}
    kl = collections.defaultdict(list)
    for r in rules:
        for a in r["aliases"]:
            if not a.startswith("CKV") and r["code"] in compared:
                kl[a].append(r["code"])
    kl["drop-net-raw-capability"] = RELATED["CKV_K8S_28"]
    case_rows = []
    kdir = "stackrox__kube-linter/tests/checks/"
    for name in sorted(os.listdir(CORPUS + kdir)):
        check = re.sub(r"\.ya?ml$", "", name)
        if check not in kl:
            continue
        f = kdir + name
        codes = kl[check]
        hit = set().union(*(ours[c] for c in codes))
        counts = [0, 0, 0, 0]
        misses = []
        for o in objs(f):
            if o.kind == "List":
                continue
            fired = (f, o.rid()) in hit
            expect = not (o.name or "").startswith("dont-fire")
            idx = (0 if fired else 1) if expect else (2 if not fired else 3)
            counts[idx] += 1
            if idx in (1, 3):
                misses.append(o.rid())
        case_rows.append(("kube-linter " + name, check, codes, counts, misses))
    cdir = "bridgecrewio__checkov/tests/kubernetes/checks/"
    for ex in sorted(os.listdir(CORPUS + cdir)):
        m = re.match(r"example_(\w+)$", ex)
        if not m or not os.path.isdir(CORPUS + cdir + ex):
            continue
        # the file name says the expected result (`…FAILED.yaml`, `…PASSED.yaml`);
        # files that say both or neither (`1FAILED1PASSED`, `UNKNOWN`) are left out
        files = sorted(x for x in os.listdir(CORPUS + cdir + ex)
                       if x.endswith((".yaml", ".yml")) and ("FAILED" in x) != ("PASSED" in x))
        check = CHECKOV_EXAMPLES.get(m.group(1))
        if check is None or check not in alias:
            continue
        codes = alias[check]
        hit = set().union(*(ours[c] for c in codes))
        counts = [0, 0, 0, 0]
        misses = []
        for x in files:
            f = cdir + ex + "/" + x
            expect = "FAILED" in x
            fired = any(p == f for (p, _) in hit)
            idx = (0 if fired else 1) if expect else (2 if not fired else 3)
            counts[idx] += 1
            if idx in (1, 3):
                misses.append(x)
        case_rows.append(("checkov " + ex, check, codes, counts, misses))
    for fixture, check, codes, c, misses in case_rows:
        print(f"| {fixture} | {check} | {', '.join(codes)} | {c[0]} | {c[1]} | {c[2]} | {c[3]} |")
        if details and misses:
            for x in misses:
                print(f"    differs: {x}")


# checkov fixture folder → the check it exercises (from checkov's own test names)
CHECKOV_EXAMPLES = {
    "LivenessProbe": "CKV_K8S_8",
    "ReadinessProbe": "CKV_K8S_9",
    "CPURequests": "CKV_K8S_10",
    "CPULimits": "CKV_K8S_11",
    "MemoryRequests": "CKV_K8S_12",
    "MemoryLimits": "CKV_K8S_13",
    "ImageTagFixed": "CKV_K8S_14",
    "PrivilegedContainers": "CKV_K8S_16",
    "AllowPrivilegeEscalation": "CKV_K8S_20",
    "DefaultNamespace": "CKV_K8S_21",
    "ReadOnlyFilesystem": "CKV_K8S_22",
    "RootContainers": "CKV_K8S_23",
    "DropCapabilities": "CKV_K8S_28",
    "Seccomp": "CKV_K8S_31",
    "MinimizeCapabilities": "CKV_K8S_37",
    "ServiceAccountTokens": "CKV_K8S_38",
    "RootContainersHighUID": "CKV_K8S_40",
}


if __name__ == "__main__":
    main()
