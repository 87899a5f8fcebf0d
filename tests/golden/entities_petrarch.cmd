entities --date 2018-08-08 --actors tests/golden/inputs/petrarch_actors.txt --agents tests/golden/inputs/petrarch_agents.txt tests/golden/inputs/zorbia.txt
