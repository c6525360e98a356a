"""UvicornWorker with uvicorn's limit_concurrency, which gunicorn has no setting for: the way a
deployment sets it (Gatetune does not export it, GT024)."""
import os

from uvicorn.workers import UvicornWorker


class LimitedUvicornWorker(UvicornWorker):
    CONFIG_KWARGS = {"loop": "auto", "http": "auto",
                     "limit_concurrency": int(os.environ["CONFORMANCE_LIMIT_CONCURRENCY"])}
