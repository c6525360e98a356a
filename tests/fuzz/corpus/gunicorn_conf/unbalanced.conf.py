workers = (4))
