code --date 2026-13-01 tests/golden/inputs/dateline.txt
