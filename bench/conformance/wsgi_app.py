"""The same gateway for gunicorn's sync workers: one request per worker at a time, blocking
SQLAlchemy (psycopg2) and a blocking httpx.Client. The pool and client settings are the
exported ones (db.py's engine and http_client.py's client, read back), rebuilt synchronously."""
import json
import os
import sys
import time

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

import db
import http_client
from causes import cause_of

SETTINGS = json.load(open(os.environ["CONFORMANCE_APP"]))
REQ = SETTINGS["request"]
UPSTREAM = SETTINGS["upstream_url"]
_async_pool = db.engine.pool
engine = create_engine(os.environ["SYNC_DATABASE_URL"], pool_size=_async_pool.size(), max_overflow=_async_pool._max_overflow,
                       pool_timeout=_async_pool._timeout, pool_pre_ping=_async_pool._pre_ping, future=True)
client = httpx.Client(timeout=http_client.get_http_client().timeout)


class UpstreamStatus(Exception):
    def __init__(self, status):
        super().__init__(f"upstream answered {status}")
        self.status = status


def chat(body):
    attempts = 0
    with engine.connect() as conn:
        for _ in range(max(REQ["api_key_queries"], 1)):
            conn.execute(text("SELECT id FROM api_keys WHERE id = 1")).first()
        owner = body.get("user") or "key-1"
        if REQ["session_lookup"]:
            found = conn.execute(text("SELECT id FROM chat_sessions WHERE key_id = 1 AND owner = :o"), {"o": owner}).first()
            if found is None:
                conn.execute(text("INSERT INTO chat_sessions (key_id, owner) VALUES (1, :o)"), {"o": owner})
                conn.commit()
        for _ in range(REQ["private_key_queries"]):
            conn.execute(text("SELECT secret FROM api_keys WHERE id = 1")).first()
        for attempts in range(1, http_client.UPSTREAM_MAX_ATTEMPTS + 1):
            try:
                r = client.post(UPSTREAM + "/v1/chat/completions", json=body)
            except httpx.TransportError:
                if attempts == http_client.UPSTREAM_MAX_ATTEMPTS:
                    raise
                continue
            if r.status_code < 400:
                break
            if attempts == http_client.UPSTREAM_MAX_ATTEMPTS or r.status_code < 500:
                raise UpstreamStatus(r.status_code)
        reply = r.json()
        if REQ["usage_writes"] > 0:
            conn.execute(text("INSERT INTO usage (owner, tokens) VALUES (:o, :t)"),
                         {"o": owner, "t": reply.get("usage", {}).get("total_tokens", 0)})
            if REQ["usage_writes"] > 1:
                conn.execute(text("UPDATE chat_sessions SET calls = calls + 1 WHERE key_id = 1 AND owner = :o"), {"o": owner})
            conn.commit()
    return reply, attempts


def app(environ, start_response):
    size = int(environ.get("CONTENT_LENGTH") or 0)
    body = json.loads(environ["wsgi.input"].read(size) or b"{}")
    try:
        reply, attempts = chat(body)
        status, cause = "200 OK", "ok"
    except Exception as exc:  # the catch-all handler: every exception a 500 naming its cause
        print(f"[ERROR] {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
        reply = {"error": {"message": str(exc), "type": "server_error", "code": cause_of(exc)}}
        status, cause, attempts = "500 Internal Server Error", cause_of(exc), 0
    data = json.dumps(reply).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data))),
                            ("x-gatetune-cause", cause), ("x-gatetune-attempts", str(attempts))])
    return [data]
