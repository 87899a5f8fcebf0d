code --date 2018-08-08 tests/golden/inputs/entities_seed.txt
