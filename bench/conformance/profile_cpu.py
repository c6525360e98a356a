"""`conformance.py profile-cpu`: the CPU time of each step of the real request path, measured.

Runs the real stack as `record` does (PostgreSQL in the private cluster, `gatetune upstream`,
gunicorn + UvicornWorker with gateway_app.py) with one worker and one caller sending one request
at a time, so that time.thread_time() across an await counts only that request's work. The app
times its own steps when CONFORMANCE_PROFILE_CPU names a file (gateway_app.py; unset in every
recorded run). The preset's own CPU (parse_cpu, response_cpu, cpu_per_input_token) is set to 0,
so what is measured is the libraries' CPU alone. Time scale 1: CPU is never scaled.

Runs: the incident's app (seed-incident.toml: a new httpx.AsyncClient per request, pre-ping,
the session held across the call) and the same with the shared client, over prompt and
completion sizes from 16 to 4096 tokens (each step fitted as a + b × tokens), and a run whose
upstream answers 500 to every call (the catch-all 500 and uvicorn's traceback log).
"""
import json
import os
import pathlib
import shutil
import statistics
import sys
import tempfile

import real_stack

PRESET = "presets/seed-incident.toml"
SIZES = [[16, 16], [256, 128], [1024, 512], [4096, 1024], [512, 2048]]
BASE = ["server.workers=1", "load_balancer.enabled=false", "http_client.tls=false",
        "request.parse_cpu=0", "request.response_cpu=0", "request.cpu_per_input_token=0",
        "upstream.network_rtt=0", "upstream.router_overhead=0.0005", "upstream.ttft_base=0.002",
        "upstream.prefill_tokens_per_s=10000000", "upstream.time_per_output_token=0.00002",
        "workload.network_rtt=0", "workload.think_time=0.002"]
STEPS = ["app_total", "parse", "db_first", "db", "db_per_statement", "client_setup", "upstream_call", "upstream_json",
         "client_close", "response"]


def runs(repeats):
    calls = "workload.calls=" + json.dumps(SIZES).replace(" ", "")
    r = f"workload.repeats={repeats}"
    return [
        ("per_request", BASE + [calls, r, "http_client.mode=per_request"]),
        ("shared", BASE + [calls, r, "http_client.mode=shared"]),
        ("upstream_500", BASE + ["workload.calls=[[256,16]]", f"workload.repeats={max(repeats, 100)}",
                                 "http_client.mode=shared", "http_client.max_attempts=1",
                                 "upstream.error_probability=1.0", "workload.keepalive=false"]),
    ]


def quantile(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))] if xs else 0.0


def fit(points):
    """Least squares a + b × x over (x, y)."""
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    b = sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else 0.0
    return my - b * mx, b


def summary(records, key):
    xs = [r[key] for r in records if key in r]
    return {"n": len(xs), "median_ms": round(1e3 * statistics.median(xs), 3) if xs else None,
            "p90_ms": round(1e3 * quantile(xs, 0.9), 3) if xs else None}


def profile(args):
    pg = real_stack.Postgres(pathlib.Path(args.pg_dir))
    out = {"versions": real_stack.versions(), "runs": {}}
    for name, sets in runs(args.repeats):
        prefix = pathlib.Path(tempfile.mkdtemp(prefix="cpu-profile-")) / "steps"
        os.environ["CONFORMANCE_PROFILE_CPU"] = str(prefix)
        sc = {"name": name, "preset": PRESET, "set": sets, "time_scale": 1.0}
        print(f"profile-cpu: {name}", file=sys.stderr, flush=True)
        try:
            reduced = real_stack.run_scenario(args.gatetune, sc, pg, seed=1)
        finally:
            del os.environ["CONFORMANCE_PROFILE_CPU"]
        lines = [json.loads(line) for f in sorted(prefix.parent.glob("steps.*")) for line in f.read_text().splitlines()]
        shutil.rmtree(prefix.parent, ignore_errors=True)
        for r in lines:
            if r.get("n_db"):
                r["db_per_statement"] = r["db"] / r["n_db"]
        reqs = [r for r in lines if "app_total" in r]
        logs = [r for r in lines if "error_log" in r]
        res = {"requests": len(reqs), "by_cause": reduced["by_cause"],
               "worker_cpu_per_request_ms": round(1e3 * reduced.get("worker_cpu_per_request_s", 0.0), 3),
               "steps": {k: summary(reqs, k) for k in STEPS if any(k in r for r in reqs)}}
        if logs:
            res["steps"]["error_log"] = summary(logs, "error_log")
        ok = [r for r in reqs if "completion_tokens" in r]
        if ok:
            fits = {}
            for step, x in (("parse", "prompt_tokens"), ("app_total", "prompt_tokens"),
                            ("upstream_call", "completion_tokens"), ("upstream_json", "completion_tokens"),
                            ("response", "completion_tokens"), ("app_total", "completion_tokens")):
                a, b = fit([(r[x], r[step]) for r in ok if step in r])
                fits[f"{step} ~ {x}"] = {"a_ms": round(1e3 * a, 4), "b_us_per_token": round(1e6 * b, 4)}
            # Both sizes at once for the whole request: a + b_in × prompt + b_out × completion.
            res["fits"] = fits
            res["by_size"] = {}
            for p, c in SIZES:
                same = [r for r in ok if r["prompt_tokens"] == p and r["completion_tokens"] == c]
                res["by_size"][f"{p}/{c}"] = {k: summary(same, k)["median_ms"] for k in STEPS if any(k in r for r in same)}
        out["runs"][name] = res
    text = json.dumps(out, indent=1, sort_keys=True)
    if args.out:
        pathlib.Path(args.out).write_text(text + "\n")
    print(text)
