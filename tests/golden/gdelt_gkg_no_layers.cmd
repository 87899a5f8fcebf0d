code -q --dict dict --format gdelt-gkg --layers none tests/golden/inputs/gdelt_news.jsonl
