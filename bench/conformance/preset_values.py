"""The few preset values the harness itself needs (the app's shape, PostgreSQL's limits, the
deploy signal), read from the preset TOML with the scenario's overrides; everything the
service's own files carry comes from `gatetune export` instead."""
import tomllib

# The simulator's defaults (sim/config.hpp) for the keys read here.
DEFAULTS = {
    "request": {"db_holding": "per_request", "parse_cpu": 0.003, "cpu_per_input_token": 0.0, "response_cpu": 0.0024,
                "api_key_queries": 1, "session_lookup": True, "private_key_queries": 1, "usage_writes": 2,
                "blocking_call": 0.0, "blocking_probability": 0.0},
    "db_server": {"max_connections": 100, "superuser_reserved_connections": 3, "other_connections": 0},
    "server": {"workers": 1, "worker_class": "uvicorn", "limit_concurrency": None, "restart_at": None,
               "restart_signal": "term"},
    "http_client": {"mode": "shared"},
    "load_balancer": {"enabled": False},
}


def _number(v):
    """A distribution's typical value: a constant, or its median (or value)."""
    if isinstance(v, dict):
        return float(v.get("median", v.get("value", v.get("mean", 0.0))))
    return v


def _parse(text):
    try:
        return tomllib.loads("v = " + text)["v"]
    except tomllib.TOMLDecodeError:
        return text


def resolve(preset_path, sets):
    with open(preset_path, "rb") as f:
        doc = tomllib.load(f)
    for s in sets:
        key, value = s.split("=", 1)
        table, name = key.split(".", 1)
        doc.setdefault(table, {})[name] = _parse(value)
    out = {}
    for table, keys in DEFAULTS.items():
        out[table] = {k: _number(doc.get(table, {}).get(k, v)) for k, v in keys.items()}
    return out
