code --layers quotes,weather tests/golden/inputs/dateline.txt
