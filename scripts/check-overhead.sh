#!/usr/bin/env bash
# Measures what `choragen perf:check` costs over the bare `go test` command
# lines it runs (issue 3's goal: at most 1.10x), side by side on one module.
#
#   bash scripts/check-overhead.sh [dir] [rounds]    (default examples/shop, 5)
#
# It runs perf:check once with -v to learn the exact go test lines (choragen
# prints each as "$ cd DIR && go test ..."), then alternates: perf:check,
# then those lines bare, for the given number of rounds, with a warm build
# cache. It prints each round's wall times and the ratios' median.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-examples/shop}
rounds=${2:-5}
bin=$(mktemp -d)/choragen
trap 'rm -rf "$(dirname "$bin")"' EXIT
go build -o "$bin" ./cmd/choragen

lines=$(mktemp)
"$bin" perf:check --dir "$dir" -v >/dev/null 2>"$lines.err" || true
grep '^\$ ' "$lines.err" | sed 's/^\$ //' >"$lines"
echo "bare command lines:" >&2
sed 's/^/  /' "$lines" >&2

now() { date +%s.%N; }
ratios=()
for i in $(seq "$rounds"); do
	t0=$(now)
	"$bin" perf:check --dir "$dir" >/dev/null 2>&1 || true
	t1=$(now)
	while read -r line; do bash -c "$line" >/dev/null 2>&1 || true; done <"$lines"
	t2=$(now)
	r=$(awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {printf "%.4f", (b - a) / (c - b)}')
	ratios+=("$r")
	awk -v i="$i" -v a="$t0" -v b="$t1" -v c="$t2" -v r="$r" 'BEGIN {printf "round %d: perf:check %.2fs, bare go test %.2fs, ratio %.3f\n", i, b - a, c - b, r}'
done
printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {printf "median ratio %.3f (min %.3f, max %.3f) over %d rounds\n", a[int((NR+1)/2)], a[1], a[NR], NR}'
rm -f "$lines" "$lines.err"
