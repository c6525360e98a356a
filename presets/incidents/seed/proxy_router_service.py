# src/services/proxy_router_service.py as it was deployed (incident report, "Root Causes" 3 and 4):
# a new httpx.AsyncClient for every request, 30 s timeout, three attempts.
import httpx


async def _execute_request(
    method,
    endpoint,
    *,
    headers=None,
    json_data=None,
    params=None,
    timeout: float = 30.0,
    max_retries: int = 3,
    user_id=None,
    db=None,
):
    url = f"{PROXY_ROUTER_URL}{endpoint}"
    async with httpx.AsyncClient() as client:
        for attempt in range(max_retries):
            response = await client.request(method, url, headers=headers, json=json_data, params=params, timeout=timeout)
            if response.status_code < 500:
                response.raise_for_status()
                return response
    response.raise_for_status()
    return response
