"""Account settings, and what the client refuses to be built with."""

from __future__ import annotations

import dataclasses

import httpx
import pytest

from desktop.api.client import BokaMeraClient
from desktop.api.errors import ConfigurationError
from desktop.api.settings import BOKAMERA_PRODUCTION, BOKAMERA_TEST, AccountSettings


def settings(**overrides: object) -> AccountSettings:
    base: dict[str, object] = {
        **BOKAMERA_TEST,
        "api_key": "11111111-2222-3333-4444-555555555555",
        "username": "desk@example.se",
        "password": "s3cret-pw",
    }
    base.update(overrides)
    return AccountSettings(**base)  # type: ignore[arg-type]


def test_hosts_are_the_documented_ones() -> None:
    assert BOKAMERA_PRODUCTION == {
        "api_url": "https://api.bokamera.se",
        "token_url": "https://identity.bookmore.com/realms/bookmore-admin/protocol/openid-connect/token",
    }
    assert BOKAMERA_TEST == {
        "api_url": "https://testapi.bokamera.se",
        "token_url": "https://identity.bookmore.dev/realms/bookmore-admin/protocol/openid-connect/token",
    }


def test_defaults_follow_the_doc() -> None:
    s = AccountSettings(**BOKAMERA_PRODUCTION)
    assert s.client_id == "bm-external-api-users"
    assert s.language == "en"
    assert s.offsetless_zone == "Europe/Stockholm"
    assert s.company_id is None
    assert s.connect_timeout > 0
    assert s.read_timeout > 0


def test_settings_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings().password = "x"  # type: ignore[misc]


def test_logout_url_swaps_token_for_logout() -> None:
    assert settings().logout_url() == (
        "https://identity.bookmore.dev/realms/bookmore-admin/protocol/openid-connect/logout"
    )
    assert settings(token_url="http://127.0.0.1:9/realms/r/token/").logout_url() == (
        "http://127.0.0.1:9/realms/r/logout"
    )


def test_logout_url_of_an_odd_token_url_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError) as info:
        settings(token_url="https://id.example/oauth2/grant").logout_url()
    assert "Settings" in info.value.message


def test_repr_never_shows_secrets() -> None:
    text = repr(settings())
    assert "s3cret-pw" not in text
    assert "11111111-2222" not in text
    assert "desk@example.se" in text  # the username is not a secret, and helps support


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080",
        "http://127.3.4.5:8080/api",
        "http://localhost:1234",
        "http://LOCALHOST:1234",
        "http://[::1]:8080",
        "https://testapi.bokamera.se",
        "https://api.bokamera.se/",
    ],
)
def test_https_or_loopback_http_is_accepted(url: str) -> None:
    with BokaMeraClient(settings(api_url=url, token_url=url + "/token")):
        pass


@pytest.mark.parametrize(
    ("field", "url"),
    [
        ("api_url", "http://api.bokamera.se"),
        ("api_url", "http://10.0.0.5:8080"),
        ("api_url", "http://192.168.1.10"),
        ("api_url", "http://localhost.evil.example"),
        ("api_url", "http://128.0.0.1"),
        ("token_url", "http://identity.bookmore.com/realms/x/token"),
    ],
)
def test_plain_http_to_another_host_is_refused(field: str, url: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        BokaMeraClient(settings(**{field: url}))
    err = info.value
    assert err.code == "insecure_url"
    assert "https://" in err.message
    assert "Settings" in err.message


@pytest.mark.parametrize("url", ["ftp://api.bokamera.se", "api.bokamera.se", "", "https://"])
def test_an_address_that_is_no_web_address_is_refused(url: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        BokaMeraClient(settings(api_url=url))
    assert info.value.code == "bad_url"
    assert "Settings" in info.value.message


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("language", "de"),
        ("language", ""),
        ("offsetless_zone", "Europe/Nowhere"),
        ("connect_timeout", 0),
        ("read_timeout", -1.0),
        ("client_id", ""),
    ],
)
def test_invalid_settings_are_refused_with_the_setting_named(field: str, value: object) -> None:
    with pytest.raises(ConfigurationError) as info:
        BokaMeraClient(settings(**{field: value}))
    assert info.value.code == "bad_setting"
    assert field in info.value.message
    assert "Settings" in info.value.message


def test_the_http_client_has_explicit_timeouts_limits_and_verification() -> None:
    s = settings(connect_timeout=3.0, read_timeout=7.5)
    with BokaMeraClient(s, max_connections=4) as client:
        http: httpx.Client = client._http
        assert http.timeout.connect == 3.0
        assert http.timeout.read == 7.5
        assert http.timeout.write is not None
        assert http.timeout.pool is not None
        assert http.follow_redirects is False
        pool = http._transport._pool  # type: ignore[attr-defined]
        assert pool._max_connections == 4
        assert pool._ssl_context.verify_mode.name == "CERT_REQUIRED"


def test_sandbox_on_loopback_bypasses_proxies_from_the_environment() -> None:
    local = settings(api_url="http://127.0.0.1:9", token_url="http://127.0.0.1:9/t/token")
    with BokaMeraClient(local) as client:
        assert client._http.trust_env is False
    with BokaMeraClient(settings()) as client:
        assert client._http.trust_env is True
