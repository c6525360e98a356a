"""The scenarios of scenarios.toml, each a shipped preset with overrides."""
import tomllib


def load(path, only=None):
    with open(path, "rb") as f:
        doc = tomllib.load(f)
    out = []
    for sc in doc["scenario"]:
        sc.setdefault("set", [])
        # The environment the real runs had (loopback, PostgreSQL on the same host, no TLS),
        # given to the simulator only: these keys describe the environment, not the service.
        sc["sim_set"] = doc.get("loopback", []) + sc.get("sim_set", [])
        sc.setdefault("time_scale", doc.get("time_scale", 0.5))
        sc.setdefault("seed", 1)
        sc.setdefault("sync", False)
        if not only or sc["name"] in only:
            out.append(sc)
    return out
