#!/usr/bin/env bash
# Benchmark: vouch next to ripgrep scanning vouch's own phrasings, on a generated corpus.
#
#   benches/run.sh              # medium corpus (~50 MB)
#   benches/run.sh large        # also the large corpus (~200 MB)
#   KEEP=1 CORPUS_DIR=/tmp/x benches/run.sh   # reuse generated corpora
#   benches/run.sh --corpus DIR [--manifest psp.toml]   # your own content library
#
# Prints wall time, files/s, MB/s and peak RSS for vouch and for ripgrep (plain `-i` and the
# `(?-u:\b)` rewrite), their ratio, the small-file latency (process start to exit) and the
# rule-count curve (built-in pack vs 10x generated rules), and, when proselint or alex is
# installed, those prose linters on 2 MB of the same copy (also with --corpus). Corpora go
# to a temp folder and are never committed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SIZES=("medium")
[[ "${1:-}" == "large" ]] && SIZES+=("large")
# --corpus DIR: a library that is not generated (real copy, another project's docs); its
# own psp.toml, else --manifest, else the example's manifest.
EXTERNAL=""
EXTERNAL_MANIFEST=""
if [[ "${1:-}" == "--corpus" ]]; then
  EXTERNAL=$(realpath "${2:?--corpus needs a folder}")
  [[ "${3:-}" == "--manifest" ]] && EXTERNAL_MANIFEST=$(realpath "${4:?--manifest needs a file}")
  [[ -n "$EXTERNAL_MANIFEST" || -f "$EXTERNAL/psp.toml" ]] ||
    EXTERNAL_MANIFEST=$PWD/examples/carebridge/psp.toml
fi
WORK=${CORPUS_DIR:-$(mktemp -d /tmp/vouch-bench.XXXXXX)}
mkdir -p "$WORK"
[[ -n "${KEEP:-}" ]] || trap 'rm -rf "$WORK"' EXIT
THREADS=${THREADS:-2}

need() { command -v "$1" >/dev/null || { apt-get install -y "$2" >/dev/null 2>&1 || true; }; }
need rg ripgrep
need bc bc
[[ -x /usr/bin/time ]] || apt-get install -y time >/dev/null 2>&1 || true
need hyperfine hyperfine

cargo build --release --quiet
VOUCH=$ROOT/target/release/vouch

# vouch's own phrasings, for rg -f: as written (Unicode \b, slow engine with -i) and with
# ASCII word boundaries, ripgrep's fast form.
# Named groups become plain groups: rg joins the patterns into one regex, where a name
# may not repeat.
"$VOUCH" rules --patterns | sed -E 's/\(\?P<[A-Za-z_]+>/(/g' > "$WORK/patterns.txt"
sed 's/\\b/(?-u:\\b)/g' "$WORK/patterns.txt" > "$WORK/patterns-fast.txt"
echo "phrasings: $(wc -l < "$WORK/patterns.txt")"

# measure LABEL CMD...: runs CMD under /usr/bin/time -v; sets SECS and RSS_MB. With RUNS=N
# it runs CMD N times and reports the run of median wall time: one run on a shared machine
# can land in someone else's busy second.
measure() {
  local label=$1; shift
  local runs=${RUNS:-1} i
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -v -o "$WORK/time.$i.txt" "$@" > /dev/null 2> "$WORK/stderr.$i.txt" || true
  done
  local median
  median=$(for ((i = 0; i < runs; i++)); do
      awk -F': ' -v i="$i" '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(k=1;k<=n;k++) s=s*60+a[k]; print s, i}' "$WORK/time.$i.txt"
    done | sort -n | awk -v m=$((runs / 2)) 'NR == m + 1 {print $2}')
  cp "$WORK/time.$median.txt" "$WORK/time.txt"
  cp "$WORK/stderr.$median.txt" "$WORK/stderr.txt"
  CPU=$(awk -F': ' '/User time|System time/ {s+=$2} END {printf "%.2f", s}' "$WORK/time.txt")
  SECS=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$WORK/time.txt")
  RSS_MB=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$WORK/time.txt")
  # Exit 1 is a tool's "found something" (rg: a match; proselint, alex: a warning); 2 and up
  # is a failed run, whose time means nothing. vouch exits 2 also when some files of a real
  # library cannot be read (a Latin-1 .txt, a damaged .docx): it checked all the others, so
  # the time stands, and what it could not read is shown.
  if grep -qE "exited with non-zero status ([2-9]|[0-9]{2,})" "$WORK/time.txt"; then
    if [[ "$label" == *vouch* ]] && grep -q "could not be trusted" "$WORK/stderr.txt"; then
      echo "  $label: exit 2 with $(grep -c '^error' "$WORK/stderr.txt") error(s); the first:"
      grep -m 3 '^error' "$WORK/stderr.txt" | sed 's/^/    /'
    else
      echo "  $label FAILED:"
      head -3 "$WORK/stderr.txt"
    fi
  fi
  # Below /usr/bin/time's resolution: count it as 0.01 s rather than divide by zero.
  [[ $(echo "$SECS < 0.01" | bc -l) == 1 ]] && SECS=0.01
  [[ $(echo "$CPU < 0.01" | bc -l) == 1 ]] && CPU=0.01
  printf "  %-34s %8.2f s  %8.1f MB/s  %8.0f files/s  cpu %7.2f s (%6.1f MB/cpu-s)  peak RSS %6s MB\n" "$label" "$SECS" \
    "$(echo "$MB / $SECS" | bc -l)" "$(echo "$FILES / $SECS" | bc -l)" "$CPU" "$(echo "$MB / $CPU" | bc -l)" "$RSS_MB"
}

# corpus DIR LABEL: sets FILES and MB for DIR/copy, prints its header, enters DIR and warms
# the page cache so every tool reads from memory.
corpus() {
  FILES=$(find "$1/copy" -type f | wc -l)
  MB=$(du -sb "$1/copy" | awk '{printf "%.1f", $1/1e6}')
  echo "== $2: $FILES files, $MB MB"
  # Word and PowerPoint files are zipped XML: vouch reads them, rg sees binary and skips them.
  local office=$(find "$1/copy" -type f \( -name '*.docx' -o -name '*.pptx' \) | wc -l)
  if (( office > 0 )); then
    local office_mb=$(find "$1/copy" -type f \( -name '*.docx' -o -name '*.pptx' \) -print0 |
      du -cb --files0-from=- | tail -1 | awk '{printf "%.1f", $1/1e6}')
    echo "  of which Word/PowerPoint: $office files, $office_mb MB" \
      "($(find "$1/copy" -type f -name '*.docx' | wc -l) .docx, $(find "$1/copy" -type f -name '*.pptx' | wc -l) .pptx)"
    echo "  rg skips those as binary (zipped XML; it stops at the first NUL byte): it searches the" \
      "other $((FILES - office)) files, yet its files/s and MB/s below count all $FILES files, $MB MB"
  fi
  cd "$1"
  # A corpus just written is still being flushed to disk: let that finish first.
  sync
  cat copy/*/*/* > /dev/null
}

# beside_prose_linters SRC MANIFEST: prose linters, when installed (`pip install proselint`,
# `npm install -g alex`), on about 2 MB of SRC's Markdown and text files, since such linters
# run well under 1 MB/s, with vouch on the same files. The slice gets a config of its own:
# the corpus's include globs would leave a folder outside it unchecked (exit 2).
beside_prose_linters() {
  local src=$1 manifest=$2
  local linters=()
  command -v proselint >/dev/null && linters+=(proselint)
  command -v alex >/dev/null && linters+=(alex)
  (( ${#linters[@]} > 0 )) || return 0
  local slice=$WORK/prose-slice
  rm -rf "$slice"
  mkdir -p "$slice/copy"
  # Whole files in path order until about 2 MB; names keep their folders, flattened.
  find "$src" -type f \( -name '*.md' -o -name '*.markdown' -o -name '*.txt' \) -size +0 -print0 |
    sort -z | python3 -c '
import os, shutil, sys
src, dest, total = sys.argv[1], sys.argv[2], 0
for path in sys.stdin.buffer.read().split(b"\0"):
    if not path or total >= 2_000_000:
        continue
    path = path.decode("utf-8", "surrogateescape")
    name = os.path.relpath(path, src).replace(os.sep, "_")
    shutil.copyfile(path, os.path.join(dest, name))
    total += os.path.getsize(path)
' "$src" "$slice/copy"
  FILES=$(find "$slice/copy" -type f | wc -l)
  (( FILES > 0 )) || { echo "== beside a prose linter: no Markdown or text files in $src"; return 0; }
  MB=$(du -sb "$slice/copy" | awk '{printf "%.1f", $1/1e6}')
  printf 'manifest = "%s"\ninclude = ["copy/**"]\n' "$manifest" > "$slice/vouch.toml"
  echo "== beside prose linters: $FILES Markdown and text files of $src, $MB MB"
  (
    cd "$slice"
    measure "vouch check (json)" "$VOUCH" check -j "$THREADS" --format json --fail-on never copy
    local v=$SECS
    if [[ " ${linters[*]} " == *" proselint "* ]]; then
      measure "$(proselint version 2>&1 | head -1)" proselint check copy
      printf "  proselint / vouch: %.0fx\n" "$(echo "$SECS / $v" | bc -l)"
    fi
    if [[ " ${linters[*]} " == *" alex "* ]]; then
      measure "alex $(alex --version 2>&1 | head -1)" alex copy
      printf "  alex / vouch: %.0fx\n" "$(echo "$SECS / $v" | bc -l)"
    fi
  )
}

if [[ -n "$EXTERNAL" ]]; then
  # The files vouch reads: supported extensions, outside hidden folders. ripgrep is given
  # the text ones (it cannot read inside Word, PowerPoint or PDF files).
  TEXT_GLOB='*.{md,markdown,mdx,html,htm,xhtml,txt,text}'
  cd "$EXTERNAL"
  find . -path '*/.*' -prune -o -type f -regextype posix-extended \
    -iregex '.*\.(md|markdown|mdx|html|htm|xhtml|txt|text|docx|pptx|pdf)' -print0 > "$WORK/files"
  FILES=$(tr -cd '\0' < "$WORK/files" | wc -c)
  MB=$(du -cb --files0-from="$WORK/files" | tail -1 | awk '{printf "%.1f", $1/1e6}')
  xargs -0 cat < "$WORK/files" > /dev/null
  echo "== $EXTERNAL: $FILES files, $MB MB ($THREADS threads)"
  MANIFEST_ARGS=()
  [[ -n "$EXTERNAL_MANIFEST" ]] && MANIFEST_ARGS=(--manifest "$EXTERNAL_MANIFEST")
  RUNS=3 measure "vouch check (json), median of 3" "$VOUCH" check -j "$THREADS" "${MANIFEST_ARGS[@]}" --format json --fail-on never .
  V=$SECS
  measure "vouch check (human)" "$VOUCH" check -j "$THREADS" "${MANIFEST_ARGS[@]}" --color never --fail-on never .
  measure "rg -i (Unicode \\b)" rg -j "$THREADS" --no-ignore --iglob "$TEXT_GLOB" -c -i -f "$WORK/patterns.txt" .
  RS=$SECS
  RUNS=3 measure "rg -i (?-u:\\b), median of 3" rg -j "$THREADS" --no-ignore --iglob "$TEXT_GLOB" -c -i -f "$WORK/patterns-fast.txt" .
  RF=$SECS
  printf "  vouch / rg fast form: %.2fx   vouch / rg Unicode form: %.2fx\n" \
    "$(echo "$V / $RF" | bc -l)" "$(echo "$V / $RS" | bc -l)"
  "$VOUCH" check -j "$THREADS" "${MANIFEST_ARGS[@]}" --format json --fail-on never . 2> /dev/null |
    python3 -c 'import json,sys; s=json.load(sys.stdin)["summary"]; print("  vouch found", s.get("claims"), "promises,", s.get("findings"), "findings in", s.get("files"), "files")' || true
  beside_prose_linters "$EXTERNAL" "${EXTERNAL_MANIFEST:-$EXTERNAL/psp.toml}"
  exit 0
fi

for size in "${SIZES[@]}"; do
  corpus=$WORK/$size
  [[ -f "$corpus/vouch.toml" ]] || python3 benches/gen_corpus.py --size "$size" "$corpus"
  corpus "$corpus" "$size corpus ($THREADS threads)"
  RUNS=3 measure "vouch check (json), median of 3" "$VOUCH" check -j "$THREADS" --format json --fail-on never .
  V=$SECS
  measure "vouch check (human)" "$VOUCH" check -j "$THREADS" --color never --fail-on never .
  measure "rg -i (Unicode \\b)" rg -j "$THREADS" -c -i -f "$WORK/patterns.txt" copy
  RS=$SECS
  RUNS=3 measure "rg -i (?-u:\\b), median of 3" rg -j "$THREADS" -c -i -f "$WORK/patterns-fast.txt" copy
  RF=$SECS
  printf "  vouch / rg fast form: %.2fx   vouch / rg Unicode form: %.2fx\n" \
    "$(echo "$V / $RF" | bc -l)" "$(echo "$V / $RS" | bc -l)"

  if [[ "$size" == medium ]]; then
    # The rule-count curve: built-in pack vs 10x as many rules from rules.extra.
    builtin=$("$VOUCH" rules | grep -vc '^suppression')
    python3 "$ROOT/benches/gen_corpus.py" --extra-rules $((builtin * 9)) "$WORK/extra-rules" > /dev/null
    { cat vouch.toml; printf '\n[rules]\nextra = ["%s"]\n' "$WORK/extra-rules"; } > "$WORK/vouch-10x.toml"
    cp "$WORK/vouch-10x.toml" "$corpus/vouch-10x.toml"
    echo "  rule-count curve:"
    measure "  $builtin rules (built-in)" "$VOUCH" check -j "$THREADS" --format json --fail-on never .
    measure "  $((builtin * 10)) rules (10x)" "$VOUCH" check -j "$THREADS" --config vouch-10x.toml --format json --fail-on never .
  fi
  cd "$ROOT"
done

# beside_rg DIR LABEL GEN_ARGS...: generates DIR with gen_corpus.py GEN_ARGS unless it is
# there, then times vouch (JSON) and rg's fast form on it.
beside_rg() {
  local dir=$1 label=$2; shift 2
  [[ -f "$dir/vouch.toml" ]] || python3 benches/gen_corpus.py "$@" "$dir" 2> /dev/null
  corpus "$dir" "$label"
  RUNS=3 measure "vouch check (json), median of 3" "$VOUCH" check -j "$THREADS" --format json --fail-on never .
  V=$SECS
  RUNS=3 measure "rg -i (?-u:\\b), median of 3" rg -j "$THREADS" -c -i -f "$WORK/patterns-fast.txt" copy
  printf "  vouch / rg fast form: %.2fx\n" "$(echo "$V / $SECS" | bc -l)"
  cd "$ROOT"
}

if [[ " ${SIZES[*]} " == *" medium "* ]]; then
  # Copy that promises nothing: what the scan itself costs.
  beside_rg "$WORK/promise-free" "promise-free copy (safety text only)" --promise-free --bytes 20000000
  # The same mix where no sentence repeats: vouch remembers what a repeated sentence
  # (safety text, footers, the support line) promises, and here that never helps.
  beside_rg "$WORK/unique" "medium corpus, no sentence repeated (--unique)" --size medium --unique
fi

if [[ " ${SIZES[*]} " == *" medium "* ]]; then
  beside_prose_linters "$WORK/medium/copy" "$WORK/medium/psp.toml"
fi

# One small file, process start to exit.
small=$WORK/small
[[ -f "$small/vouch.toml" ]] || python3 benches/gen_corpus.py --size small "$small" 2> /dev/null
one=$(find "$small/copy" -name '*.md' | sort | head -1)
echo "== one small file ($(wc -c < "$one") bytes), start to exit"
if command -v hyperfine >/dev/null; then
  (cd "$small" && hyperfine -N --warmup 5 --runs 50 -i "$VOUCH check --fail-on never $one" 2>&1 | grep -E 'Time|Range')
else
  start=$(date +%s%N)
  for _ in $(seq 50); do (cd "$small" && "$VOUCH" check --fail-on never "$one" > /dev/null); done
  echo "  mean $(( ($(date +%s%N) - start) / 50000000 )) ms over 50 runs"
fi
