tokenize --date 2026-01-02 tests/golden/inputs/dateline.txt
