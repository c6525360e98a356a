import httpx as hx
from httpx import Timeout, Limits as L

TIMEOUT = Timeout(10.0, read=None)
LIMITS = L(max_connections=None, max_keepalive_connections=None)

async def call():
    async with hx.AsyncClient(timeout=TIMEOUT, limits=LIMITS, http2=True) as c:
        return await c.get("/")

client = hx.AsyncClient(timeout=hx.Timeout(connect=1, read=2), **kwargs)
