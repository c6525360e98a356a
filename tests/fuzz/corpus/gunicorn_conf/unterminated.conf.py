workers = 4
timeout = "300
