explain --date 2018-08-08 --dict dict "Iran and North Korea held talks in Tehran on Wednesday. Rouhani did not meet Kim. The day held talks with Iran. Iran met Iran."
