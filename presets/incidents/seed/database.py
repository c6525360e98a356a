# src/db/database.py as it was deployed (incident report, "Root Causes" 2): SQLAlchemy's pool
# defaults (pool_size=5, max_overflow=10, pool_timeout=30) with pre-ping.
from sqlalchemy.ext.asyncio import create_async_engine

from src.core.config import settings

engine = create_async_engine(
    str(settings.DATABASE_URL),
    pool_pre_ping=True,
    echo=False,
)
