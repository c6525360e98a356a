import multiprocessing

bind = "0.0.0.0:8000"
workers = multiprocessing.cpu_count() * 2 + 1
worker_class = "uvicorn.workers.UvicornWorker"
timeout = '120'
keepalive: int = 5
graceful_timeout = (30)
max_requests = 1_000
max_requests_jitter = 0x32
