#!/usr/bin/env bash
# Throughput and memory of the whole `analyze` pipeline (input -> steps -> JSON Lines), on a
# corpus built from real text: every labelled set in ../shared/data/eval plus the transcripts in
# ../shared/data/transcripts when present, the bundled samples/ otherwise. The corpus is repeated
# (ids made unique) up to each size, written once into a temporary folder and deleted at the end.
#
#   scripts/bench.sh [BINARY]
#
# Environment:
#   SIZES="4 40"     corpus sizes in MB of input
#   JOBS="1 2"       values of --jobs to run
#   RUNS=3           runs per size and jobs; the fastest is shown (other work on the machine only
#                    ever slows a run down), and the highest peak RSS
#   CORPUS=mixed     mixed: all sets and transcripts; cfpb: the CFPB narratives only (long texts)
#   BIG="0.25 0.5 1"  single records of these sizes in MB, dense with findings (BIG=0 skips)
#   VADER=1          also time VADER (pip install vaderSentiment) per sentence on the same text;
#                    skipped when the module is missing. VADER=0 skips it.
#
# --jobs N is pinned to N cores with taskset when available, so "1 job" means one core.
# Prints, per size and jobs: seconds, MB/s of complaint text (the text and turn texts only),
# MB/s of input bytes, cases/s and peak RSS (/usr/bin/time -f %M). Also checks that the output is
# byte for byte the same for every --jobs. For information: it never fails on a low figure.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-}
if [ -z "$bin" ]; then
  (cd "$here" && cargo build --release --quiet)
  bin=$here/target/release/grievance
fi
sizes=${SIZES:-4 40}
jobs_list=${JOBS:-1 2}
runs=${RUNS:-3}
corpus=${CORPUS:-mixed}
data=${DATA_DIR:-$here/../shared/data}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

timer=/usr/bin/time
pin1=()
if command -v taskset >/dev/null; then pin1=(taskset -c 0); fi
if [ ! -x "$timer" ]; then
  echo "bench: /usr/bin/time is needed for peak RSS (apt-get install time)" >&2
  exit 2
fi

# Builds $work/corpus-<MB>.jsonl and prints "<text bytes> <cases>" into $work/corpus-<MB>.meta.
python3 - "$here" "$data" "$corpus" "$work" $sizes <<'PY'
import glob, json, os, sys

here, data, corpus, work, *sizes = sys.argv[1:]
rows = []  # (object without id, text bytes)

def add_row(obj):
    if isinstance(obj.get("turns"), list):
        n = sum(len(t.get("text", "").encode()) for t in obj["turns"] if isinstance(t, dict))
        keep = {k: obj[k] for k in ("turns",) if k in obj}
    elif isinstance(obj.get("text"), str):
        n = len(obj["text"].encode())
        keep = {"text": obj["text"]}
    else:
        return
    if n:
        rows.append((keep, n))

if corpus == "cfpb":
    files = sorted(glob.glob(os.path.join(data, "eval", "cfpb.jsonl")))
else:
    files = sorted(glob.glob(os.path.join(data, "eval", "*.jsonl")))
    files += sorted(glob.glob(os.path.join(data, "transcripts", "*.jsonl")))
for path in files:
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                add_row(json.loads(line))
if not rows:
    # No shared data: the bundled samples (a JSON Lines export and the text files).
    print("bench: no ../shared/data; using samples/", file=sys.stderr)
    with open(os.path.join(here, "samples", "tickets.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                add_row(json.loads(line))
    for name in sorted(os.listdir(os.path.join(here, "samples"))):
        if name.endswith(".txt"):
            with open(os.path.join(here, "samples", name), encoding="utf-8") as f:
                add_row({"text": f.read()})
if not rows:
    sys.exit("bench: no text to build a corpus from")

for mb in sizes:
    target = int(float(mb) * 1_000_000)
    written = text = cases = 0
    with open(os.path.join(work, f"corpus-{mb}.jsonl"), "w", encoding="utf-8") as out:
        rep = 0
        while written < target:
            for obj, n in rows:
                line = json.dumps({"id": f"b{rep}-{cases}", **obj}, ensure_ascii=False) + "\n"
                out.write(line)
                written += len(line.encode())
                text += n
                cases += 1
                if written >= target:
                    break
            rep += 1
    with open(os.path.join(work, f"corpus-{mb}.meta"), "w") as m:
        m.write(f"{text} {cases}\n")
PY

echo "grievance analyze -> JSON Lines; corpus: $corpus; best of $runs runs; $(nproc) cores; load $(cut -d' ' -f1 /proc/loadavg)"
printf '%6s %5s %8s %10s %10s %10s %10s\n' input jobs seconds 'text MB/s' 'input MB/s' 'cases/s' 'peak RSS'
for mb in $sizes; do
  file=$work/corpus-$mb.jsonl
  read -r text_bytes cases <"$work/corpus-$mb.meta"
  in_bytes=$(stat -c %s "$file")
  reference=
  for j in $jobs_list; do
    best=
    rss=0
    # --jobs N runs on N cores: the reader and writer threads do not get a core of their own.
    pin=()
    if command -v taskset >/dev/null && [ "$j" -le "$(nproc)" ]; then pin=(taskset -c "0-$((j - 1))"); fi
    for _ in $(seq "$runs"); do
      # Exit code 1 (some records failed) is not a benchmark failure.
      "$timer" -f '%e %M' -o "$work/time" "${pin[@]}" "$bin" analyze "$file" --jobs "$j" >/dev/null 2>"$work/err" ||
        [ $? -eq 1 ] || { cat "$work/err" "$work/time" >&2; exit 1; }
      read -r secs kb <"$work/time"
      if [ -z "$best" ] || [ "$(echo "$secs < $best" | bc)" = 1 ]; then best=$secs; fi
      if [ "$kb" -gt "$rss" ]; then rss=$kb; fi
    done
    s=$(echo "if ($best < 0.01) 0.01 else $best" | bc)
    printf '%5sM %5s %8.2f %10.1f %10.1f %10.0f %8.1fMB\n' "$mb" "$j" "$best" \
      "$(echo "scale=3; $text_bytes / 1000000 / $s" | bc)" \
      "$(echo "scale=3; $in_bytes / 1000000 / $s" | bc)" \
      "$(echo "scale=3; $cases / $s" | bc)" \
      "$(echo "scale=3; $rss / 1024" | bc)"
    # Same bytes whatever --jobs says (checked on the smallest size only, to keep it quick).
    if [ "$mb" = "${sizes%% *}" ]; then
      sum=$("$bin" analyze "$file" --jobs "$j" 2>/dev/null | md5sum | cut -d' ' -f1) || true
      if [ -z "$reference" ]; then
        reference=$sum
      elif [ "$sum" != "$reference" ]; then
        echo "bench: output with --jobs $j differs from the first run's" >&2
        exit 1
      fi
    fi
  done
done

# One big record dense with findings: time should grow linearly with its size (a superlinear
# step shows here as falling MB/s). BIG="0.25 0.5 1" sizes in MB; BIG=0 skips.
if [ "${BIG:-0.25 0.5 1}" != 0 ]; then
  printf '%8s %8s %10s %10s\n' record seconds 'text MB/s' 'peak RSS'
  for mb in ${BIG:-0.25 0.5 1}; do
    python3 -c "import sys; s='I am furious, they charged me \$40 twice on 3 March! '; open(sys.argv[1], 'w').write(s * int(float(sys.argv[2]) * 1e6 / len(s)))" \
      "$work/big.txt" "$mb"
    "$timer" -f '%e %M' -o "$work/time" "${pin1[@]}" "$bin" analyze "$work/big.txt" --jobs 1 >/dev/null 2>"$work/err" ||
      { cat "$work/err" >&2; exit 1; }
    read -r secs kb <"$work/time"
    s=$(echo "if ($secs < 0.01) 0.01 else $secs" | bc)
    printf '%7sM %8.2f %10.2f %8.1fMB\n' "$mb" "$secs" "$(echo "scale=3; $(stat -c %s "$work/big.txt") / 1000000 / $s" | bc)" \
      "$(echo "scale=3; $kb / 1024" | bc)"
  done
fi

if [ "${VADER:-1}" != 0 ]; then
  small=$work/corpus-${sizes%% *}.jsonl
  python3 - "$small" <<'PY' || echo "vader: not installed (pip install vaderSentiment); skipped"
import json, re, sys, time
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

texts = []
for line in open(sys.argv[1], encoding="utf-8"):
    obj = json.loads(line)
    if "turns" in obj:
        texts.extend(t.get("text", "") for t in obj["turns"])
    else:
        texts.append(obj["text"])
sentences = [s for t in texts for s in re.split(r"(?<=[.!?])\s+", t) if s.strip()]
n = sum(len(s.encode()) for s in sentences)
sia = SentimentIntensityAnalyzer()
start = time.perf_counter()
for s in sentences:
    sia.polarity_scores(s)
secs = time.perf_counter() - start
print(f"vader: polarity_scores per sentence, {len(sentences)} sentences, {n / 1e6:.1f} MB of text: "
      f"{secs:.2f}s, {n / 1e6 / secs:.2f} MB/s on one core")
PY
fi
