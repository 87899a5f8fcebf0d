tokenize --format jsonl -
