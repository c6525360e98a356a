worker_class = r"uvicorn.workers.UvicornWorker"
timeout = """30"""
keepalive = f"{5}"
backlog = b"64"
workers = u'4'
threads = "\x34"
