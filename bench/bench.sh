#!/bin/sh
# Throughput benchmarks over the news benchmark in ../shared.
# Usage: sh bench/bench.sh BUILD SHARED   (run by `make bench`)
set -eu
build=$1
shared=$2
corpus="$shared/data/news/benchmark/news_benchmark.txt"
if [ ! -f "$corpus" ]; then
    echo "bench: $corpus not found; skipping (needs ../shared)"
    exit 0
fi
echo "== machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "== text path (read + normalise + tokenise + split), one core, $corpus"
"$build/bench/bench_text" "$corpus"
echo
echo "== the same input read 4 times (peak memory must not grow with input size)"
"$build/bench/bench_text" --repeat 4 "$corpus" | grep -E 'MB/s|peak'
echo
echo "== whole syntax path (read + text + tag + lemmatise + parse), one core"
"$build/bench/bench_text" --syntax "$corpus"
echo
for j in 1 2; do
    echo "== casus tokenize -j $j (CoNLL-U to /dev/null)"
    /usr/bin/time -f "wall %e s, user %U s, peak RSS %M KB" "$build/casus" tokenize -q -j $j "$corpus" >/dev/null
done
for j in 1 2; do
    echo "== casus parse -j $j (CoNLL-U to /dev/null)"
    /usr/bin/time -f "wall %e s, user %U s, peak RSS %M KB" "$build/casus" parse -q -j $j "$corpus" >/dev/null
done
echo
echo "== event layer (issue 5): whole pipeline from raw text, then the coder alone, one core"
echo "   (first 2000 articles; load average: $(cut -d' ' -f1-3 /proc/loadavg))"
"$build/bench/bench_code" --max-articles 2000 "$corpus"
echo
echo "== the same slice up to the entity stage and up to the syntax stage (time per stage)"
"$build/bench/bench_code" --max-articles 2000 --upto entity "$corpus" | grep -E 'seconds|sentences/s|peak'
"$build/bench/bench_code" --max-articles 2000 --upto syntax "$corpus" | grep -E 'seconds|sentences/s|peak'
