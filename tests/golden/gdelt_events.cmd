code -q --dict dict --format gdelt tests/golden/inputs/gdelt_news.jsonl
