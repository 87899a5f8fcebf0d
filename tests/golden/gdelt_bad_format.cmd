code --format gdelt2 tests/golden/inputs/gdelt_news.jsonl
