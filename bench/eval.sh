#!/bin/sh
# Accuracy evaluations (`make eval`): sh bench/eval.sh BUILD SHARED
# Text and syntax layers on UD English-EWT dev, from raw text; the event layer
# on the PLOVER gold records and the PETRARCH validation suite (issue 5).
# Each part is skipped, with a message, when its data is not in SHARED.
build=${1:-build}
shared=${2:-../shared}
ud=$shared/data/ud
if [ ! -f "$ud/en_ewt-ud-dev.conllu" ]; then
    echo "eval: $ud/en_ewt-ud-dev.conllu not found, text and syntax skipped"
else
    echo "== text layer, UD English-EWT dev (raw text, one article per document)"
    "$build/bench/eval_text" "$ud/en_ewt-ud-dev.conllu"
    echo
    echo "== syntax, UD English-EWT dev, from gold tokens (casus eval syntax)"
    "$build/casus" eval syntax --gold "$ud/en_ewt-ud-dev.conllu"
    echo
    echo "== syntax, UD English-EWT dev, end to end from raw text (casus eval syntax --raw)"
    "$build/casus" eval syntax --raw --gold "$ud/en_ewt-ud-dev.conllu"
fi
events=$shared/data/events
echo
if [ ! -f "$events/plover/plover_gsr_dev.json" ]; then
    echo "eval: $events/plover/plover_gsr_dev.json not found, PLOVER skipped"
else
    echo "== events, PLOVER gold records (misses in $build/plover_misses.txt)"
    "$build/bench/eval_plover" --dump "$build/plover_misses.txt" "$events/plover/plover_gsr_dev.json"
fi
echo
if [ ! -f "$events/petrarch2/PETR.UnitTest.records.xml" ]; then
    echo "eval: $events/petrarch2/PETR.UnitTest.records.xml not found, PETRARCH suite skipped"
else
    echo "== events, PETRARCH validation suite: (source, target) pairs (misses in $build/petrarch_misses.txt)"
    "$build/bench/eval_petrarch" --dump "$build/petrarch_misses.txt" \
        "$events/petrarch2/PETR.UnitTest.records.xml"
fi
