explain --dict dict -
