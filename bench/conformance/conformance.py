#!/usr/bin/python3
"""Conformance: each scenario run on the real stack (gunicorn + uvicorn/sync workers, FastAPI,
SQLAlchemy QueuePool, httpx, PostgreSQL; `gatetune upstream` as the LLM, `gatetune alb` as the
load balancer, `gatetune load` as the callers) and simulated, then compared.

    conformance.py record --gatetune BIN --out DIR [--only NAME…] [--runs N]
    conformance.py compare --gatetune BIN --data DIR --markdown FILE
    conformance.py profile-cpu --gatetune BIN --pg-dir DIR [--repeats N] [--out FILE]

`record` writes DIR/<scenario>.json: the real runs reduced to the compared quantities, plus
the versions of the real packages. `compare` simulates the same scenarios over several seeds
and writes the table of docs/FIDELITY.md. `profile-cpu` measures the CPU of each step of the real
request path (profile_cpu.py; docs/FIDELITY.md, "CPU per request"). Started by scripts/conformance.sh, which owns
PostgreSQL's lifetime; every other process is started and stopped here.
"""
import argparse
import json
import os
import pathlib
import sys

import real_stack
import compare
import profile_cpu
import scenarios

HERE = pathlib.Path(__file__).resolve().parent


def record(args):
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    pg = real_stack.Postgres(pathlib.Path(args.pg_dir))
    failed = []
    for sc in scenarios.load(HERE / "scenarios.toml", args.only):
        runs = []
        try:
            for i in range(args.runs):
                print(f"conformance: {sc['name']} run {i + 1}/{args.runs}", file=sys.stderr, flush=True)
                runs.append(real_stack.run_scenario(args.gatetune, sc, pg, seed=sc["seed"] + i))
        except Exception as e:  # one broken scenario must not cost the others' runs
            print(f"conformance: {sc['name']} failed: {e}", file=sys.stderr, flush=True)
            failed.append(sc["name"])
            continue
        doc = {"scenario": sc["name"], "preset": sc["preset"], "set": sc["set"], "sim_set": sc["sim_set"],
               "time_scale": sc["time_scale"],
               "versions": real_stack.versions(), "runs": runs}
        (out / f"{sc['name']}.json").write_text(json.dumps(doc, separators=(",", ":"), sort_keys=True) + "\n")
    if failed:
        sys.exit("conformance: not recorded: " + ", ".join(failed))


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("record")
    r.add_argument("--gatetune", required=True)
    r.add_argument("--out", required=True)
    r.add_argument("--pg-dir", required=True)
    r.add_argument("--runs", type=int, default=2)
    r.add_argument("--only", nargs="*")
    c = sub.add_parser("compare")
    c.add_argument("--gatetune", required=True)
    c.add_argument("--data", required=True)
    c.add_argument("--markdown", required=True)
    c.add_argument("--seeds", type=int, default=3)
    f = sub.add_parser("profile-cpu")
    f.add_argument("--gatetune", required=True)
    f.add_argument("--pg-dir", required=True)
    f.add_argument("--repeats", type=int, default=80, help="runs of the 5-call script (requests = 5 × N)")
    f.add_argument("--out", help="also write the JSON here")
    args = p.parse_args()
    if args.cmd == "record":
        record(args)
    elif args.cmd == "profile-cpu":
        profile_cpu.profile(args)
    else:
        compare.write_markdown(args)


if __name__ == "__main__":
    main()
