code tests/golden/inputs/no-such-file.txt
