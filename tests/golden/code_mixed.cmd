code --tokens tests/golden/inputs/mixed.jsonl
