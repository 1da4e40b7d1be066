#!/usr/bin/env bash
# Run every fuzz target (or the ones named after SECONDS) for SECONDS (default 600) each,
# seeded from fixtures and the shared corpus. Needs cargo-fuzz (`cargo install
# cargo-fuzz`); RUSTC_BOOTSTRAP lets the stable toolchain build with the sanitizer flags
# cargo-fuzz passes. Every target runs even when one fails; the exit code says whether
# any found a crash (its input is in fuzz/artifacts/<target>/).
set -uo pipefail
cd "$(dirname "$0")/../fuzz"
secs="${1:-600}"
shift || true
export RUSTC_BOOTSTRAP=1
targets=("$@")
[ ${#targets[@]} -eq 0 ] && mapfile -t targets < <(cargo fuzz list)
failed=()
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  echo "== fuzz $t for ${secs}s"
  if ! cargo fuzz run -O "$t" "corpus/$t" -- -max_total_time="$secs" -rss_limit_mb=4096 -max_len=65536 > "/tmp/fuzz-$t.log" 2>&1; then
    failed+=("$t")
    echo "   FAILED: see /tmp/fuzz-$t.log and fuzz/artifacts/$t/"
  fi
  grep -E "^Done|SUMMARY|panicked" "/tmp/fuzz-$t.log" | tail -n 3
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "crashes in: ${failed[*]}"
  exit 1
fi
echo "every target ran ${secs}s without a crash"
