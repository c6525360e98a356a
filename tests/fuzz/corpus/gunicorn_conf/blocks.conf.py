import os
if os.environ.get("DEBUG"):
    workers = 1
else:
    workers = 4
threads += 2
backlog = -1; timeout = 3.5
worker_class = "ge" "vent"
wsgi_app = None
