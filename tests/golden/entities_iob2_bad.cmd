entities --input iob2 tests/golden/inputs/entities_bad.iob2
