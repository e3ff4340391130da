#!/usr/bin/env bash
# Runs every fuzz target for a fixed time (default 120 s each): fuzz/run.sh [SECONDS] [TARGET...]
# Uses nightly when installed, else stable with RUSTC_BOOTSTRAP=1 (cargo-fuzz needs -Z flags).
# Crashes land in fuzz/artifacts/TARGET/; turn each into a regression test in tests/.
set -euo pipefail
cd "$(dirname "$0")"
SECS=${1:-120}
shift || true
TARGETS=("$@")
[[ ${#TARGETS[@]} -gt 0 ]] || TARGETS=(manifest hours extract suppress prefilter)
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
if rustup toolchain list | grep -q nightly; then FUZZ=(cargo +nightly fuzz); else export RUSTC_BOOTSTRAP=1; FUZZ=(cargo fuzz); fi
mkdir -p corpus
for t in "${TARGETS[@]}"; do
  mkdir -p "corpus/$t"
  # Seeds: the bundled example copy and manifests.
  case $t in
    manifest) cp ../examples/carebridge/psp.toml ../rules/reference-psp.toml "corpus/$t/" ;;
    hours) printf 'Mon-Fri 08:00-20:00; Sat 09:00-13:00' > "corpus/$t/h1"; printf '24/7' > "corpus/$t/h2"; printf '2 business days' > "corpus/$t/d1" ;;
    extract|suppress|prefilter) for f in ../examples/carebridge/copy/*/*; do cp "$f" "corpus/$t/$(basename "$f")"; done ;;
  esac
  echo "== $t for ${SECS}s"
  start=$(date +%s)
  status=0
  "${FUZZ[@]}" run "$t" "corpus/$t" -- -max_total_time="$SECS" -max_len=65536 -timeout=10 -rss_limit_mb=2048 2>&1 | tail -n 5 || status=$?
  echo "== $t: $(( $(date +%s) - start ))s, exit $status"
done
