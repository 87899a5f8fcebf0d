explain --dict dict
