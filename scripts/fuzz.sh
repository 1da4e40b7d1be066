#!/usr/bin/env bash
# Run every fuzz target for SECONDS (default 600) each, seeded from fixtures and the
# shared corpus. Needs cargo-fuzz (`cargo install cargo-fuzz`); RUSTC_BOOTSTRAP lets the
# stable toolchain build with the sanitizer flags cargo-fuzz passes.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
secs="${1:-600}"
export RUSTC_BOOTSTRAP=1
for t in $(cargo fuzz list); do
  mkdir -p "corpus/$t"
  echo "== fuzz $t for ${secs}s"
  cargo fuzz run -O "$t" "corpus/$t" -- -max_total_time="$secs" -rss_limit_mb=4096 -max_len=65536 2>&1 | tail -n 4
done
