from sqlalchemy.ext.asyncio import create_async_engine as cae
from sqlalchemy.pool import NullPool

engine = cae(
    DATABASE_URL,
    pool_size=20, max_overflow=0,
    pool_timeout=30.0, pool_recycle=-1, pool_pre_ping=True,
    poolclass=NullPool,
)
