#!/usr/bin/env bash
# Runs every fuzz target in turn, SECS seconds each (default 600), niced, one at a time, seeded
# with the samples, fixtures and built-in lexicons. Crashes land in fuzz/artifacts/<target>/.
#
#   fuzz/run.sh [TARGET...]
#
# Other work on the machine comes first: besides nice, when started in its own session
# (setsid fuzz/run.sh) the session's scheduling group is lowered too, since with autogroup
# scheduling nice alone only ranks processes within one session.
set -uo pipefail
# cargo's rustc probe reads an inherited stdin as its program; give it nothing to read.
exec </dev/null
echo 19 >/proc/self/autogroup 2>/dev/null || true
here=$(cd "$(dirname "$0")" && pwd)
root=$here/..
secs=${SECS:-600}
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(input_csv input_jsonl input_text records segment lexicon analyze)
seed() {
  mkdir -p "$here/corpus/$1"
  shift
  for f in "$@"; do [ -f "$f" ] && [ "$(stat -c %s "$f")" -lt 65536 ] && cp "$f" "$here/corpus/${target}/" 2>/dev/null; done
}
# A stable toolchain works through RUSTC_BOOTSTRAP when there is no nightly.
if cargo +nightly --version >/dev/null 2>&1; then tc=(+nightly); else tc=(); export RUSTC_BOOTSTRAP=1; fi
for target in "${targets[@]}"; do
  case $target in
    input_csv) seed "$target" "$root"/samples/*.csv "$root"/tests/fixtures/input/*.csv ;;
    input_jsonl) seed "$target" "$root"/samples/*.jsonl "$root"/tests/fixtures/input/*.jsonl ;;
    lexicon) seed "$target" "$root"/lexicons/*.tsv ;;
    records) seed "$target" "$root"/samples/records/* "$root"/tests/fixtures/records/* ;;
    *) seed "$target" "$root"/samples/*.txt "$root"/tests/fixtures/input/*.txt ;;
  esac
  echo "== $target, ${secs}s"
  (cd "$here" && nice -n 19 cargo "${tc[@]}" fuzz run -O "$target" -- \
    -max_total_time="$secs" -max_len=8192 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 2>&1 | tail -n 25)
done
