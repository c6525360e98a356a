"""The simulator's cause names (sim/outcome.hpp) for the exceptions the real libraries raise."""
import httpx
from sqlalchemy.exc import DBAPIError, IntegrityError, TimeoutError as PoolTimeoutError


def cause_of(exc):
    if isinstance(exc, PoolTimeoutError):
        return "db_pool_timeout"  # QueuePool limit of size … overflow … reached
    if isinstance(exc, IntegrityError):
        return "session_create_race"  # duplicate key on the chat session's unique key (O4)
    if isinstance(exc, DBAPIError) and "too many clients" in str(exc):
        return "db_too_many_clients"  # FATAL: sorry, too many clients already (53300)
    if isinstance(exc, httpx.PoolTimeout):
        return "http_pool_timeout"
    if isinstance(exc, httpx.ConnectTimeout):
        return "upstream_connect_timeout"
    if isinstance(exc, httpx.ConnectError):
        return "upstream_connect_error"
    if isinstance(exc, httpx.ReadTimeout):
        return "upstream_read_timeout"
    status = getattr(exc, "status", None)
    if status == 429:
        return "upstream_rate_limited"
    if status == 400:
        return "context_length_exceeded"
    if status is not None:
        return "upstream_error"
    if "too many clients" in str(exc) or type(exc).__name__ == "TooManyConnectionsError":
        return "db_too_many_clients"
    return type(exc).__name__  # not a modelled cause: `gatetune load` falls back to the status
