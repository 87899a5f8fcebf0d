#!/bin/sh
# Accuracy evaluations (`make eval`): sh bench/eval.sh BUILD SHARED
# Text layer: tokens, words and sentences on UD English-EWT dev, from raw text.
build=${1:-build}
shared=${2:-../shared}
ud=$shared/data/ud
if [ ! -f "$ud/en_ewt-ud-dev.conllu" ]; then
    echo "eval: $ud/en_ewt-ud-dev.conllu not found, skipped"
    exit 0
fi
echo "== text layer, UD English-EWT dev (raw text, one article per document)"
"$build/bench/eval_text" "$ud/en_ewt-ud-dev.conllu"
echo
echo "== syntax, UD English-EWT dev, from gold tokens (casus eval syntax)"
"$build/casus" eval syntax --gold "$ud/en_ewt-ud-dev.conllu"
echo
echo "== syntax, UD English-EWT dev, end to end from raw text (casus eval syntax --raw)"
"$build/casus" eval syntax --raw --gold "$ud/en_ewt-ud-dev.conllu"
