entities --input iob2 tests/golden/inputs/entities_news.iob2
