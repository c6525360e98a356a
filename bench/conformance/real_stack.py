"""Starting and stopping the real stack for one run of a scenario, and reducing its report."""
import json
import os
import pathlib
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import preset_values

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PYTHON = "/usr/bin/python3"
PACKAGES = ["gunicorn", "python3-uvicorn", "python3-fastapi", "python3-sqlalchemy", "python3-asyncpg",
            "python3-psycopg2", "python3-httpx", "postgresql"]


def versions():
    out = {}
    for pkg in PACKAGES:
        r = subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], capture_output=True, text=True)
        out[pkg] = r.stdout.strip()
    return out


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout, what):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.05)
    raise RuntimeError(f"conformance: timed out waiting for {what}")


def read_port(path):
    try:
        return int(pathlib.Path(path).read_text().strip())
    except (OSError, ValueError):
        return None


class Postgres:
    """A private PostgreSQL cluster on 127.0.0.1, started per scenario with its connection
    limits (max_connections needs a restart). As root it runs as the `postgres` user."""

    def __init__(self, root):
        self.root = root
        self.data = root / "data"
        self.bin = sorted(pathlib.Path("/usr/lib/postgresql").glob("*/bin"))[-1]
        self.port = None
        self.held = []
        if not self.data.exists():
            self._as_postgres([str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
                               "-E", "UTF8", "--no-locale", "--no-sync"])

    def _as_postgres(self, argv):
        if os.geteuid() == 0:
            argv = ["runuser", "-u", "postgres", "--"] + argv
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)

    def start(self, max_connections, reserved):
        self.port = free_port()
        opts = (f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories={self.root} "
                f"-c max_connections={max_connections} -c superuser_reserved_connections={reserved} -c fsync=off")
        self._as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-o", opts, "start"])
        # The app connects as an ordinary role: PostgreSQL keeps the reserved slots from it.
        self.psql("DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app') THEN "
                  "CREATE ROLE app LOGIN; END IF; END$$;"
                  "DROP TABLE IF EXISTS api_keys, chat_sessions, usage;"
                  "CREATE TABLE api_keys (id int PRIMARY KEY, secret text);"
                  "INSERT INTO api_keys VALUES (1, 'sk-private');"
                  "CREATE TABLE chat_sessions (id serial PRIMARY KEY, key_id int, owner text, calls int DEFAULT 0,"
                  " UNIQUE (key_id, owner));"
                  "CREATE TABLE usage (id serial PRIMARY KEY, owner text, tokens int);"
                  "GRANT ALL ON ALL TABLES IN SCHEMA public TO app; GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO app;")

    @property
    def log(self):
        return self.root / "server.log"

    def psql(self, sql):
        subprocess.run([str(self.bin / "psql"), "-q", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                        "-d", "postgres", "-c", sql], check=True, stdout=subprocess.DEVNULL)

    def hold(self, n):
        """Connections other services hold (db_server.other_connections)."""
        import psycopg2
        self.held = [psycopg2.connect(host="127.0.0.1", port=self.port, user="app", dbname="postgres") for _ in range(n)]

    def refusals(self, since):
        text = self.log.read_text(errors="replace")[since:]
        return text.count("too many clients") + text.count("remaining connection slots are reserved")

    def log_size(self):
        return self.log.stat().st_size if self.log.exists() else 0

    def stop(self):
        for c in self.held:
            c.close()
        self.held = []
        if self.port:
            self._as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"])
            self.port = None


class Processes:
    """Every process a run starts, stopped (TERM, then KILL) when the run ends, whatever happened."""

    def __init__(self):
        self.procs = []

    def start(self, argv, **kw):
        p = subprocess.Popen(argv, start_new_session=True, **kw)
        self.procs.append(p)
        return p

    def stop(self):
        for p in reversed(self.procs):
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in reversed(self.procs):
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()


def app_settings(values, scale, upstream_url):
    req = dict(values["request"])
    # The default parse_cpu and response_cpu are the real stack's own CPU (measured by
    # `conformance.py profile-cpu`): the app spends only what a preset sets beyond them.
    for k in ("parse_cpu", "response_cpu"):
        req[k] = max(0.0, req[k] - preset_values.DEFAULTS["request"][k])
    for k in ("parse_cpu", "response_cpu", "cpu_per_input_token", "blocking_call"):
        req[k] = req[k] * scale
    return {"request": req, "http_client_mode": values["http_client"]["mode"], "upstream_url": upstream_url,
            "time_scale": scale}


def reduce(report, scale, boots, timeouts, refusals):
    """The compared quantities of one run (the load report is in preset seconds already)."""
    s = report["summary"]
    lat = s.get("latency_s", {})
    reqs = report.get("requests", [])
    # Over the requests the app answered: a killed or refused one carries no attempts header.
    attempts = [r.get("attempts", 0) for r in reqs if r.get("http_status") and r.get("cause") != "concurrency_limit"]
    return {
        "requests": s["requests"],
        "by_status": s["by_status"],
        "by_cause": s["by_cause"],
        "calls": [c["by_status"] for c in report.get("calls", [])],
        "latency": {q: round(lat.get(q, 0.0), 4) for q in ("p50", "p90", "p99")},
        "attempts": round(sum(attempts) / len(attempts), 3) if attempts else 0.0,
        "worker_boots": boots,
        "worker_timeouts": timeouts,
        "pg_refusals": refusals,
    }


def worker_cpu_seconds(master_pid):
    """CPU time (user + system) of gunicorn's workers: the live ones and those the master reaped."""
    tick = os.sysconf("SC_CLK_TCK")

    def stat(pid):
        try:
            fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return fields  # fields[11:15]: utime stime cutime cstime (after the state field)

    master = stat(master_pid)
    if master is None:
        return None
    total = int(master[13]) + int(master[14])  # reaped children
    try:
        children = pathlib.Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    except OSError:
        children = []
    for pid in children:
        s = stat(pid)
        if s is not None:
            total += int(s[11]) + int(s[12])
    return total / tick


def run_scenario(gatetune, sc, pg, seed):
    preset = str(ROOT / sc["preset"])
    sets = sc["set"]
    scale = sc["time_scale"]
    values = preset_values.resolve(preset, sets)
    setargs = [a for s in sets for a in ("--set", s)]
    work = pathlib.Path(tempfile.mkdtemp(prefix="conformance-"))
    procs = Processes()
    db = values["db_server"]
    pg.start(db["max_connections"], db["superuser_reserved_connections"])
    try:
        pg.hold(int(db["other_connections"]))
        log_mark = pg.log_size()
        # The mock LLM: the preset's [upstream] (token-based times, slots, RPM/TPM 429, errors, outages).
        procs.start([gatetune, "upstream", preset, *setargs, "--time-scale", str(scale), "--listen", "127.0.0.1:0",
                     "--port-file", str(work / "upstream.port")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: read_port(work / "upstream.port"), 20, "the mock upstream")
        upstream_url = f"http://127.0.0.1:{read_port(work / 'upstream.port')}"
        # The service's files, as a user would deploy them, from Gatetune's own export.
        gport = free_port()
        export = work / "export"
        subprocess.run([gatetune, "export", preset, *setargs, "--time-scale", str(scale), "--out", str(export),
                        "--force", "--seeds", "1", "--app", "gateway_app:app", "--bind", f"127.0.0.1:{gport}"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        (work / "app.json").write_text(json.dumps(app_settings(values, scale, upstream_url)))
        server = values["server"]
        sync = server["worker_class"] == "sync"
        env = dict(os.environ, PYTHONPATH=f"{export}:{HERE}", CONFORMANCE_APP=str(work / "app.json"),
                   DATABASE_URL=f"postgresql+asyncpg://app@127.0.0.1:{pg.port}/postgres",
                   SYNC_DATABASE_URL=f"postgresql+psycopg2://app@127.0.0.1:{pg.port}/postgres",
                   CONFORMANCE_LIMIT_CONCURRENCY=str(server["limit_concurrency"] or ""))
        argv = [PYTHON, "-m", "gunicorn", "-c", str(export / "gunicorn.conf.py")]
        if sync:
            argv += ["wsgi_app:app"]
        elif server["limit_concurrency"]:
            # gunicorn has no flag for it: a UvicornWorker subclass passes limit_concurrency (GT024).
            argv += ["-k", "limited_worker.LimitedUvicornWorker", "gateway_app:app"]
        else:
            argv += ["gateway_app:app"]
        glog = open(work / "gunicorn.log", "w")
        gunicorn = procs.start(argv, env=env, stdout=glog, stderr=subprocess.STDOUT, cwd=work)
        ready = "Booting worker" if sync else "Application startup complete"
        workers = int(server["workers"])
        wait_for(lambda: (work / "gunicorn.log").read_text(errors="replace").count(ready) >= workers, 30,
                 "gunicorn's workers")
        target = f"http://127.0.0.1:{gport}"
        if values["load_balancer"]["enabled"]:
            procs.start([gatetune, "alb", preset, *setargs, "--time-scale", str(scale), "--listen", "127.0.0.1:0",
                         "--port-file", str(work / "alb.port"), "--target", target],
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wait_for(lambda: read_port(work / "alb.port"), 20, "the load balancer")
            target = f"http://127.0.0.1:{read_port(work / 'alb.port')}"
        cpu_before = worker_cpu_seconds(gunicorn.pid)  # booted: the imports are behind
        load = procs.start([gatetune, "load", preset, *setargs, "--time-scale", str(scale), "--target", target,
                            "--api-key", "gt-conformance", "--seed", str(seed), "--format", "json",
                            "-o", str(work / "load.json")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started = time.monotonic()
        if server["restart_at"] is not None:
            # A deploy: the orchestrator signals gunicorn's master at restart_at.
            while load.poll() is None and time.monotonic() - started < server["restart_at"] * scale:
                time.sleep(0.01)
            if server["restart_signal"] == "hup":
                gunicorn.send_signal(signal.SIGHUP)  # a reload: new workers, the old ones drain
            else:
                # A container deploy: the old master stops gracefully, then the new one starts.
                gunicorn.send_signal(signal.SIGTERM)
                gunicorn.wait(timeout=300)
                procs.start(argv, env=env, stdout=glog, stderr=subprocess.STDOUT, cwd=work)
        load.wait(timeout=900)
        cpu_after = worker_cpu_seconds(gunicorn.pid)
        # gunicorn forks a killed worker's replacement on its next pass (≤ 1 s): count it too.
        time.sleep(1.5)
        report = json.loads((work / "load.json").read_text())
        log = (work / "gunicorn.log").read_text(errors="replace")
        out = reduce(report, scale, log.count("Booting worker"), log.count("WORKER TIMEOUT"), pg.refusals(log_mark))
        # The workers' CPU per request while the load ran (real seconds: the stack's own CPU is not
        # scaled, O8) — what the model's per-request CPU stands for. Not for runs with restarts.
        if cpu_before is not None and cpu_after is not None and server["restart_at"] is None and out["requests"]:
            out["worker_cpu_per_request_s"] = round((cpu_after - cpu_before) / out["requests"], 5)
        return out
    finally:
        procs.stop()
        pg.stop()
        if os.environ.get("CONFORMANCE_KEEP"):  # for debugging a scenario: its logs and files
            print(f"conformance: kept {work}", flush=True)
        else:
            shutil.rmtree(work, ignore_errors=True)
