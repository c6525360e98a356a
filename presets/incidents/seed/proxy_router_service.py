# src/services/proxy_router_service.py as it was deployed (incident report, "Root Causes" 3 and 4):
# a new httpx.AsyncClient for every request, with _execute_request's 30 s timeout, and three
# attempts (for attempt in range(max_retries), max_retries=3).
import httpx

UPSTREAM_MAX_ATTEMPTS = 3


async def _execute_request(method, endpoint, *, headers=None, json_data=None, params=None, user_id=None, db=None):
    url = f"{PROXY_ROUTER_URL}{endpoint}"
    async with httpx.AsyncClient(timeout=30.0) as client:  # NEW CLIENT EVERY TIME (timeout=30.0 from the signature)
        for attempt in range(UPSTREAM_MAX_ATTEMPTS):
            response = await client.request(method, url, headers=headers, json=json_data, params=params)
            if response.status_code < 500:
                response.raise_for_status()
                return response
    response.raise_for_status()
    return response
