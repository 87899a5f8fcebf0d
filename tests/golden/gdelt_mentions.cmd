code -q --dict dict --format gdelt-mentions -j 2 tests/golden/inputs/gdelt_news.jsonl
