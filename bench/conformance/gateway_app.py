"""The gateway under test: the incident's FastAPI endpoint, written as such apps are written.

It imports the files `gatetune export` wrote for the scenario — db.py (the SQLAlchemy engine and
its QueuePool) and http_client.py (the shared httpx client and the retry constants) — and takes
the rest of the app's shape (docs/MODEL.md [request] keys: how long a session is held, which
statements run, the client per request or shared) from CONFORMANCE_APP, a JSON file the driver
writes from the preset. Every response names its cause in x-gatetune-cause so `gatetune load`
classifies it as the simulator does; the cause comes from the exception the libraries raised.
"""
import asyncio
import contextlib
import contextvars
import json
import logging
import os
import random
import time

import httpx
from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, TimeoutError as PoolTimeoutError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import sessionmaker

import db
import http_client
from causes import cause_of

SETTINGS = json.load(open(os.environ["CONFORMANCE_APP"]))
REQ = SETTINGS["request"]
UPSTREAM = SETTINGS["upstream_url"]
SessionLocal = sessionmaker(db.engine, class_=AsyncSession, expire_on_commit=False)
app = FastAPI()

# Opt-in (conformance.py profile-cpu): the CPU time of each step of the request path, one JSON
# line per request appended to $CONFORMANCE_PROFILE_CPU.<pid>. Measured with time.thread_time()
# around each step; across an await it counts whatever else the loop ran meanwhile, so the
# profile drives one request at a time. Unset (every recorded run), no step is timed.
PROFILE = os.environ.get("CONFORMANCE_PROFILE_CPU")
_steps = contextvars.ContextVar("steps", default=None)


_UNTIMED = contextlib.nullcontext()


def cpu(step):
    return _timed(step) if PROFILE else _UNTIMED


@contextlib.contextmanager
def _timed(step):
    d = _steps.get()
    if d is None:
        yield
        return
    t0 = time.thread_time()
    try:
        yield
    finally:
        d[step] = d.get(step, 0.0) + time.thread_time() - t0
        d["n_" + step] = d.get("n_" + step, 0) + 1


def profile_note(key, value):
    d = _steps.get() if PROFILE else None
    if d is not None:
        d[key] = value


def profile_write(record):
    with open(f"{PROFILE}.{os.getpid()}", "a") as f:
        f.write(json.dumps(record) + "\n")


class CpuProfile:
    """The whole ASGI call's CPU (routing, dependencies, the session's close, sending), around
    the app as gunicorn loads it; the steps inside are timed by cpu()."""

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.inner(scope, receive, send)
        d = {}
        token = _steps.set(d)
        t0 = time.thread_time()
        try:
            await self.inner(scope, receive, send)
        finally:
            d["app_total"] = time.thread_time() - t0
            _steps.reset(token)
            profile_write(d)


def profile_error_log():
    """uvicorn's "Exception in ASGI application" traceback after a 500, timed: the logger's
    error() wrapped on the instance uvicorn's protocols use."""
    logger = logging.getLogger("uvicorn.error")
    inner = logger.error

    def error(msg, *args, **kw):
        t0 = time.thread_time()
        try:
            return inner(msg, *args, **kw)
        finally:
            if "exc_info" in kw:
                profile_write({"error_log": time.thread_time() - t0})

    logger.error = error


class UpstreamStatus(Exception):
    """The upstream answered an error status (raise_for_status in the app's retry loop)."""

    def __init__(self, status, retry_after):
        super().__init__(f"upstream answered {status}")
        self.status = status
        self.retry_after = retry_after


def spend_cpu(seconds):
    """The preset's per-request CPU, spent on the event loop as parsing and serialising are."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


async def get_db():
    """FastAPI's Depends(get_db): one session per request, closed after the response."""
    async with SessionLocal() as session:
        yield session


class Steps:
    """The request's statements, on the request's session (db_holding = per_request: the first
    query checks a connection out and it stays out across the upstream call) or each on its
    own short session (per_query)."""

    def __init__(self, session):
        self.session = session
        self.ran = False

    async def run(self, sql, params=None, commit=False):
        with cpu("db_first" if not self.ran else "db"):
            self.ran = True
            return await self._run(sql, params, commit)

    async def _run(self, sql, params, commit):
        if REQ["db_holding"] == "per_request":
            result = await self.session.execute(text(sql), params or {})
            row = result.first() if result.returns_rows else None
            if commit:
                await self.session.commit()
            return row
        async with SessionLocal() as own:
            result = await own.execute(text(sql), params or {})
            row = result.first() if result.returns_rows else None
            if commit:
                await own.commit()
            return row


async def call_upstream(client, body, request):
    """The app's retry loop with the exported UPSTREAM_* constants."""
    backoff = http_client.UPSTREAM_RETRY_BACKOFF
    for attempt in range(1, http_client.UPSTREAM_MAX_ATTEMPTS + 1):
        request.state.attempts = attempt
        last = attempt == http_client.UPSTREAM_MAX_ATTEMPTS
        try:
            with cpu("upstream_call"):
                r = await client.post(UPSTREAM + "/v1/chat/completions", json=body)
        except httpx.TimeoutException:
            if last or not http_client.UPSTREAM_RETRY_ON_TIMEOUT:
                raise
        except httpx.TransportError:
            if last:
                raise
        else:
            if r.status_code < 400:
                with cpu("upstream_json"):
                    return r.json()
            retry_after = float(r.headers.get("retry-after", "0") or 0)
            retry = (r.status_code >= 500 and http_client.UPSTREAM_RETRY_ON_5XX) or (
                r.status_code == 429 and http_client.UPSTREAM_RETRY_ON_429)
            if last or not retry:
                raise UpstreamStatus(r.status_code, retry_after)
            if r.status_code == 429:
                await asyncio.sleep(retry_after * SETTINGS["time_scale"])
                continue
        if backoff > 0:
            await asyncio.sleep(backoff)
            backoff *= 2


@app.post("/v1/chat/completions")
async def chat(request: Request, session: AsyncSession = Depends(get_db)):
    request.state.attempts = 0
    with cpu("parse"):
        body = await request.json()
        prompt = sum(len(m.get("content", "")) for m in body.get("messages", [])) // 4
    if PROFILE:
        profile_note("prompt_bytes", sum(len(m.get("content", "")) for m in body.get("messages", [])))
    spend_cpu(REQ["parse_cpu"] + REQ["cpu_per_input_token"] * prompt)
    if REQ["blocking_probability"] > 0 and random.random() < REQ["blocking_probability"]:
        time.sleep(REQ["blocking_call"])  # synchronous work on the event loop: no heartbeat meanwhile
    steps = Steps(session)
    for _ in range(max(REQ["api_key_queries"], 1)):
        await steps.run("SELECT id FROM api_keys WHERE id = 1")
    owner = body.get("user") or "key-1"
    if REQ["session_lookup"]:
        found = await steps.run("SELECT id FROM chat_sessions WHERE key_id = 1 AND owner = :o", {"o": owner})
        if found is None:
            # Lookup-or-create without an upsert: two first requests of one owner both insert (O4).
            await steps.run("INSERT INTO chat_sessions (key_id, owner) VALUES (1, :o)", {"o": owner}, commit=True)
    for _ in range(REQ["private_key_queries"]):
        await steps.run("SELECT secret FROM api_keys WHERE id = 1")
    if SETTINGS["http_client_mode"] == "per_request":
        template = http_client.get_http_client()
        with cpu("client_setup"):
            client = httpx.AsyncClient(timeout=template.timeout)
            await client.__aenter__()
        try:
            reply = await call_upstream(client, body, request)
        finally:
            with cpu("client_close"):
                await client.aclose()
    else:
        reply = await call_upstream(http_client.get_http_client(), body, request)
    if REQ["usage_writes"] > 0:
        await steps.run("INSERT INTO usage (owner, tokens) VALUES (:o, :t)",
                        {"o": owner, "t": reply.get("usage", {}).get("total_tokens", 0)},
                        commit=REQ["usage_writes"] == 1)
        if REQ["usage_writes"] > 1:
            await steps.run("UPDATE chat_sessions SET calls = calls + 1 WHERE key_id = 1 AND owner = :o",
                            {"o": owner}, commit=True)
    spend_cpu(REQ["response_cpu"])
    if PROFILE:
        profile_note("completion_tokens", reply.get("usage", {}).get("completion_tokens", 0))
        profile_note("prompt_tokens", reply.get("usage", {}).get("prompt_tokens", 0))
    with cpu("response"):
        return JSONResponse(reply, headers={"x-gatetune-cause": "ok",
                                            "x-gatetune-attempts": str(request.state.attempts)})


@app.exception_handler(Exception)
async def catch_all(request: Request, exc: Exception):
    """The incident's catch-all handler: every exception becomes a 500 naming its cause. Starlette
    re-raises after sending it, and uvicorn then closes the keep-alive connection (O1)."""
    profile_note("error", cause_of(exc))
    return JSONResponse({"error": {"message": str(exc), "type": "server_error", "code": cause_of(exc)}},
                        status_code=500,
                        headers={"x-gatetune-cause": cause_of(exc),
                                 "x-gatetune-attempts": str(getattr(request.state, "attempts", 0))})


@app.on_event("shutdown")
async def shutdown():
    await http_client.close_http_client()
    await db.engine.dispose()


if PROFILE:
    profile_error_log()
    app = CpuProfile(app)  # gunicorn loads gateway_app:app: the wrapper is outermost
