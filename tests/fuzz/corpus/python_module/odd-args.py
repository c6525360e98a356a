import httpx
c = httpx.AsyncClient(timeout=, limits=httpx.Limits(5, keepalive_expiry=-1e3))
x = httpx.Timeout(*args)
y = httpx.Timeout(1, 2)
def create_engine(): pass
class Timeout: pass
engine = sqlalchemy.create_engine(url, pool_size=1e999, max_overflow=0b101, pool_timeout=.5j)
