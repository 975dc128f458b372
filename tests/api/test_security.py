"""API keys, rate limits, CORS and the public-bind rule."""

from __future__ import annotations

import httpx
import pytest
from pydantic import SecretStr

from api.app import create_app, run_server
from api.security import RateLimiter, check_bind, is_loopback
from tests.api.conftest import asgi_client, assert_error
from tip.settings import Settings

KEY = "k-2b7e151628aed2a6abf7158809cf4f3c"
OTHER_KEY = "k-3ad77bb40d7a3660a89ecaf32466ef97"
ASK = {"question": "Ai chủ trì hỗ trợ nạn nhân ở Hòa Bình?"}


def keyed(settings: Settings, **changes: object) -> Settings:
    return settings.model_copy(update={"api_keys": [SecretStr(KEY), SecretStr(OTHER_KEY)], **changes})


@pytest.mark.anyio
async def test_keys_required_on_v1_only(mini_settings: Settings) -> None:
    async with asgi_client(create_app(keyed(mini_settings))) as client:
        r = await client.post("/v1/ask", json=ASK)
        err = assert_error(r, 401, "missing_api_key")
        assert "X-API-Key" in err["message"] and r.headers["www-authenticate"].startswith("Bearer")
        assert_error(
            await client.get("/v1/documents", headers={"X-API-Key": "k-wrong"}), 401, "invalid_api_key"
        )
        assert_error(
            await client.get("/v1/documents", headers={"Authorization": f"Basic {KEY}"}),
            401,
            "missing_api_key",
        )
        assert (await client.post("/v1/ask", json=ASK, headers={"X-API-Key": KEY})).status_code == 200
        assert (
            await client.get("/v1/documents", headers={"Authorization": f"Bearer {OTHER_KEY}"})
        ).status_code == 200
        # a bad body from an unauthenticated caller is refused for the key, not validated
        assert_error(await client.post("/v1/ask", content=b"{oops"), 401, "missing_api_key")
        for path in ("/healthz", "/readyz", "/metrics", "/docs", "/openapi.json", "/"):
            assert (await client.get(path)).status_code == 200, path
        schemes = (await client.get("/openapi.json")).json()["components"]["securitySchemes"]
        assert {s["type"] for s in schemes.values()} == {"apiKey", "http"}


@pytest.mark.anyio
async def test_no_security_schemes_without_keys(client: httpx.AsyncClient) -> None:
    assert "securitySchemes" not in (await client.get("/openapi.json")).json().get("components", {})


@pytest.mark.anyio
async def test_rate_limit_per_client_ip(mini_settings: Settings) -> None:
    app = create_app(mini_settings.model_copy(update={"rate_limit_per_minute": 3}))
    async with (
        asgi_client(app, client_ip="10.1.1.1") as first,
        asgi_client(app, client_ip="10.1.1.2") as second,
    ):
        for _ in range(3):
            assert (await first.get("/v1/documents")).status_code == 200
        r = await first.get("/v1/documents")
        err = assert_error(r, 429, "rate_limited")
        assert 1 <= int(r.headers["retry-after"]) <= 20 and "3 per minute" in err["message"]
        assert (await second.get("/v1/documents")).status_code == 200, "another client has its own budget"
        assert (await first.get("/healthz")).status_code == 200, "operations endpoints are not limited"
        assert "tip_rate_limited_total 1.0" in (await first.get("/metrics")).text


@pytest.mark.anyio
async def test_rate_limit_per_key(mini_settings: Settings) -> None:
    app = create_app(keyed(mini_settings, rate_limit_per_minute=2))
    async with asgi_client(app) as client:
        for _ in range(2):
            assert (await client.get("/v1/documents", headers={"X-API-Key": KEY})).status_code == 200
        assert_error(
            await client.get("/v1/documents", headers={"Authorization": f"Bearer {KEY}"}), 429, "rate_limited"
        )
        assert (await client.get("/v1/documents", headers={"X-API-Key": OTHER_KEY})).status_code == 200


def test_token_bucket_refills() -> None:
    now = [0.0]
    limiter = RateLimiter(60, clock=lambda: now[0])
    assert all(limiter.take("c") == 0 for _ in range(60))
    assert limiter.take("c") == pytest.approx(1.0)
    now[0] += 2.0
    assert limiter.take("c") == 0 and limiter.take("c") == 0
    assert limiter.take("c") > 0
    assert RateLimiter(0).take("c") == 0, "0 disables the limit"


@pytest.mark.anyio
async def test_cors_origins(mini_settings: Settings) -> None:
    app = create_app(mini_settings.model_copy(update={"cors_origins": ["https://workshop.example.org"]}))
    async with asgi_client(app) as client:
        allowed = {"Origin": "https://workshop.example.org"}
        r = await client.options("/v1/ask", headers={**allowed, "Access-Control-Request-Method": "POST"})
        assert (
            r.status_code == 200
            and r.headers["access-control-allow-origin"] == "https://workshop.example.org"
        )
        r = await client.post("/v1/ask", json=ASK, headers=allowed)
        assert r.headers["access-control-allow-origin"] == "https://workshop.example.org"
        assert "X-Request-ID" in r.headers["access-control-expose-headers"]
        r = await client.post("/v1/ask", json=ASK, headers={"Origin": "https://evil.example.com"})
        assert "access-control-allow-origin" not in r.headers


def test_public_bind_needs_keys() -> None:
    for host in ("127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"):
        assert is_loopback(host), host
        check_bind(Settings(api_host=host))
    for host in ("0.0.0.0", "::", "192.168.1.10", "example.org", ""):
        assert not is_loopback(host), host
    with pytest.raises(ValueError, match="TIP_API_KEYS"):
        run_server(Settings(api_host="0.0.0.0"))
    check_bind(Settings(api_host="0.0.0.0", api_keys=[SecretStr(KEY)]))


def test_keys_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIP_API_KEYS", f"{KEY}, {OTHER_KEY}")
    assert [k.get_secret_value() for k in Settings().api_keys] == [KEY, OTHER_KEY]
