"""issue 11, items 10-12: weak keys on a public bind, rate-limit bypasses, questions without words."""

from __future__ import annotations

import httpx
import pytest
from pydantic import SecretStr

from api.app import create_app
from api.security import check_bind, server_options
from tests.api.conftest import asgi_client, assert_error
from tests.servers import live_server
from tip.settings import Settings

STRONG = "k-2b7e151628aed2a6abf7158809cf4f3c"
WEAK = ["a", "password", "12345", "your-api-key", "<your-key>", "change_me", "secret123", "apikey", "x" * 20]
WEAK += ["your-api-key-goes-here", "PASSWORD-PASSWORD-PASSWORD"]


# -- item 10 ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("key", WEAK)
def test_weak_keys_are_refused_on_a_public_bind(key: str) -> None:
    settings = Settings(api_host="0.0.0.0", api_keys=[SecretStr(STRONG), SecretStr(key)])
    with pytest.raises(ValueError, match="key 2 of TIP_API_KEYS is") as exc:
        check_bind(settings)
    assert "\n" not in str(exc.value) and "16 characters" in str(exc.value)
    check_bind(Settings(api_host="127.0.0.1", api_keys=[SecretStr(key)]))  # loopback: a local choice


def test_a_strong_key_is_accepted_on_a_public_bind() -> None:
    check_bind(Settings(api_host="0.0.0.0", api_keys=[SecretStr(STRONG)]))


# -- item 11 ----------------------------------------------------------------------------------------------
def _forwarded_requests(settings: Settings, n: int) -> list[int]:
    with (
        live_server(create_app(settings), **server_options(settings)) as url,
        httpx.Client(base_url=url, timeout=30) as client,
    ):
        return [
            client.get("/v1/documents", headers={"X-Forwarded-For": f"203.0.113.{i}"}).status_code
            for i in range(n)
        ]


def test_forwarded_for_is_not_trusted_by_default(mini_settings: Settings) -> None:
    """Before: uvicorn believed X-Forwarded-For from 127.0.0.1, so 20 of 20 escaped a limit of 5."""
    statuses = _forwarded_requests(mini_settings.model_copy(update={"rate_limit_per_minute": 5}), 20)
    assert statuses.count(200) == 5 and statuses.count(429) == 15


def test_forwarded_for_is_believed_from_a_trusted_proxy(mini_settings: Settings) -> None:
    settings = mini_settings.model_copy(update={"rate_limit_per_minute": 5, "trusted_proxies": ["127.0.0.1"]})
    assert _forwarded_requests(settings, 8) == [200] * 8  # eight clients behind the proxy


def test_trusted_proxies_setting_reads_a_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIP_TRUSTED_PROXIES", "10.0.0.1, 10.1.0.0/16")
    assert Settings().trusted_proxies == ["10.0.0.1", "10.1.0.0/16"]
    assert server_options(Settings()) == {
        "proxy_headers": True,
        "forwarded_allow_ips": "10.0.0.1,10.1.0.0/16",
    }


@pytest.mark.anyio
async def test_repeated_wrong_keys_are_rate_limited(mini_settings: Settings) -> None:
    """Before: 30 of 30 wrong keys got 401, none 429."""
    settings = mini_settings.model_copy(
        update={"api_keys": [SecretStr(STRONG)], "auth_failures_per_minute": 10}
    )
    async with asgi_client(create_app(settings)) as client:
        statuses = [
            (await client.get("/v1/documents", headers={"X-API-Key": f"k-guess-{i}"})).status_code
            for i in range(30)
        ]
        assert statuses.count(401) == 10 and statuses.count(429) == 20
        limited = await client.get("/v1/documents", headers={"X-API-Key": "k-guess"})
        err = assert_error(limited, 429, "rate_limited")
        assert "failed API key checks" in err["message"] and limited.headers["retry-after"]
        ok = await client.get("/v1/documents", headers={"X-API-Key": STRONG})
        assert ok.status_code == 200  # the right key still works


# -- item 12 ----------------------------------------------------------------------------------------------
@pytest.mark.anyio
@pytest.mark.parametrize("question", ["\u0000\u0000", "\u001d", "?!", "...", "\u200b\u200b", "_"])
async def test_a_question_without_letters_or_digits_is_422(client: httpx.AsyncClient, question: str) -> None:
    err = assert_error(await client.post("/v1/ask", json={"question": question}), 422, "invalid_question")
    assert "letters or digits" in err["message"]
    assert_error(await client.get("/v1/search", params={"q": question}), 422, "invalid_question")


@pytest.mark.anyio
async def test_the_schema_says_a_question_needs_a_letter_or_digit(client: httpx.AsyncClient) -> None:
    schema = (await client.get("/openapi.json")).json()
    question = schema["components"]["schemas"]["AskRequest"]["properties"]["question"]
    assert question["pattern"] == r"[^\W_]" and "letter or digit" in question["description"]
    assert (await client.post("/v1/ask", json={"question": "Hòa Bình?"})).status_code == 200
    assert (await client.post("/v1/ask", json={"question": "2025"})).status_code == 200
