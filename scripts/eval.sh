#!/usr/bin/env bash
# Runs grievance on every labelled set in ../shared/data/eval (or $EVAL_DIR) and prints one table:
# the set, score.py's headline figure, and its other figures. For information: never fails on a
# low figure, only when the tool itself fails.
#
#   scripts/eval.sh [BINARY]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$here/target/release/grievance}
eval_dir=${EVAL_DIR:-$here/../shared/data/eval}
score=${SCORE:-$here/../shared/eval/score.py}
if [ ! -d "$eval_dir" ]; then
  echo "no evaluation sets at $eval_dir; skipping"
  exit 0
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
printf '%-16s %-36s %s\n' set headline details
for gold in "$eval_dir"/*.jsonl; do
  task=$(basename "$gold" .jsonl)
  start=$(date +%s.%N)
  # Exit code 1 means some records failed; they are counted by score.py as missing.
  "$bin" analyze "$gold" --format jsonl --output "$out/$task.jsonl" 2>"$out/$task.err" || [ $? -eq 1 ]
  secs=$(echo "$(date +%s.%N) - $start" | bc)
  python3 "$score" "$task" "$gold" "$out/$task.jsonl" >"$out/$task.score" || { echo "$task: score.py failed"; cat "$out/$task.score"; continue; }
  headline=$(tail -n 1 "$out/$task.score" | sed "s/^$task: //")
  details=$(sed '$d' "$out/$task.score" | { grep -v '^cases:' || true; } | paste -sd ';' -)
  mb=$(echo "scale=1; $(stat -c %s "$gold") / 1048576 / $secs" | bc)
  printf '%-16s %-36s %s  [%s MB/s]\n' "$task" "$headline" "$details" "$mb"
done
