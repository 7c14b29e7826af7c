"""An agency's link never makes kipp connect to the officer's machine or network
(pipeline.fetch.netguard), and no redirect, encoding or slow server gets round it.

No traffic leaves 127.0.0.1: the refusals happen at the resolver / connect layer, which
is asserted directly (``Spy`` records every address the backend would connect to), and a
local server (fixtures/web_server.py) shows its request log stays empty."""

from __future__ import annotations

import gzip
import ipaddress
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpcore
import httpx
import pytest

from fixtures.web_server import WebServer
from pipeline.config import Config
from pipeline.errors import TransientFetchError, WrongSource
from pipeline.fetch import FetchContext, fetch
from pipeline.fetch.netguard import AddressPolicy, Refused, Transport, resolve
from pipeline.fetch.pace import Budget, TooSlow
from pipeline.models import Entry
from tests.conftest import allow_loopback

LOOPBACK_SPELLINGS = [
    "127.0.0.1", "127.1", "0x7f.1", "0x7f000001", "2130706433", "017700000001", "127.255.0.9",
    "::1", "[::1]", "::ffff:127.0.0.1", "0.0.0.0", "0", "::", "localhost",
]  # fmt: skip
INTERNAL = [
    "169.254.169.254", "fe80::1", "10.0.0.1", "10.255.255.254", "172.16.0.1",
    "172.31.255.254", "192.168.1.1", "fc00::1", "fd12:3456::1", "100.64.0.1",
    "224.0.0.1", "255.255.255.255", "::ffff:10.0.0.1", "::ffff:169.254.169.254",
    "2002:7f00:1::1", "64:ff9b::a9fe:a9fe", "2001:0:4136:e378:8000:63bf:80ff:fffe",
]  # fmt: skip


class Spy:
    """A resolver that answers from a table (no DNS) and records what was asked."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table, self.asked = table, []  # type: ignore[var-annotated]

    def __call__(self, host: str, port: int) -> list[str]:
        self.asked.append(host)
        return self.table[host] if host in self.table else resolve(host, port)


@pytest.mark.parametrize("host", LOOPBACK_SPELLINGS + INTERNAL)
def test_every_internal_address_is_refused_at_the_resolver(host: str) -> None:
    with pytest.raises(Refused) as caught:
        AddressPolicy().vet(host, 80)
    assert caught.value.host == host


@pytest.mark.parametrize("host", ["8.8.8.8", "2606:4700:4700::1111", "203.0.114.9"])
def test_public_addresses_pass(host: str) -> None:
    assert AddressPolicy().vet(host, 443) == [host]


def test_a_name_with_any_internal_answer_is_refused_whole() -> None:
    spy = Spy({"media.minut.go.id": ["8.8.8.8", "169.254.169.254"]})
    with pytest.raises(Refused) as caught:
        AddressPolicy(resolver=spy).vet("media.minut.go.id", 443)
    assert caught.value.address == "169.254.169.254"


def test_the_officer_may_allow_addresses_and_networks(config: Config) -> None:
    fetch_rules = config.fetch.model_copy(update={"allow_addresses": ("127.0.0.1", "10.20.0.0/16")})
    policy = AddressPolicy.from_config(fetch_rules)
    assert policy.vet("127.0.0.1", 80) == ["127.0.0.1"]
    assert policy.vet("10.20.3.4", 80) == ["10.20.3.4"]
    for host in ("127.0.0.2", "10.21.0.1", "::1"):
        with pytest.raises(Refused):
            policy.vet(host, 80)


def test_a_config_with_a_bad_address_is_refused(tmp_path: Path) -> None:
    from pipeline.config import load_config
    from pipeline.errors import ConfigError
    from tests.conftest import CONFIG_2024

    bad = tmp_path / "kipp.toml"
    text = CONFIG_2024.read_text("utf-8")
    bad.write_text(text.replace("allow_addresses = []", 'allow_addresses = ["intranet"]'))
    with pytest.raises(ConfigError) as caught:
        load_config(bad)
    assert "'intranet' is not an IP address or network" in str(caught.value)


# ------------------------------------------------------------- the connect layer
@pytest.fixture
def web() -> Iterator[WebServer]:
    with WebServer() as server:
        yield server


class Sockets(httpcore.SyncBackend):
    """The socket layer under the vetting backend: records each host it is asked to
    connect to (an address, never a name)."""

    def __init__(self) -> None:
        self.connected: list[str] = []

    def connect_tcp(self, host: str, *args: Any, **kw: Any) -> httpcore.NetworkStream:
        self.connected.append(host)
        return super().connect_tcp(host, *args, **kw)


def guarded_client(policy: AddressPolicy) -> tuple[httpx.Client, Sockets]:
    sockets = Sockets()
    transport = Transport(policy, inner=sockets)
    return httpx.Client(transport=transport, follow_redirects=True, trust_env=False), sockets


def test_a_name_is_connected_through_the_address_vetted_never_resolved_again(
    web: WebServer,
) -> None:
    """DNS rebinding: the connection goes to the address the policy saw; the Host header
    still names the link's host (TLS would check its certificate by that name)."""
    web.add_file("/v.mp4", b"video bytes")
    spy = Spy({"media.minut.go.id": ["127.0.0.1"]})
    url = f"http://media.minut.go.id:{web.port}/v.mp4"
    refused_client, refused = guarded_client(AddressPolicy(resolver=spy))
    with refused_client, pytest.raises(Refused):
        refused_client.get(url)
    assert refused.connected == [] and web.requests == []
    allowed = AddressPolicy(allowed=(ipaddress.ip_network("127.0.0.1/32"),), resolver=spy)
    client, sockets = guarded_client(allowed)
    with client:
        assert client.get(url).content == b"video bytes"
    assert sockets.connected == ["127.0.0.1"] and spy.asked.count("media.minut.go.id") == 2
    assert web.requests[0]["headers"]["host"] == f"media.minut.go.id:{web.port}"


# ------------------------------------------------------------- through kipp's fetch
def entry(link: str) -> Entry:
    return Entry(entry_id="dinas-kesehatan", agency="Dinas Kesehatan", link=link, row=2)


def context(config: Config, tmp_path: Path, web: WebServer | None = None) -> FetchContext:
    hosts = {"media.minut.go.id": web.endpoint} if web is not None else {}
    return FetchContext(config, tmp_path / "cache", hosts=hosts)


@pytest.mark.parametrize("host", ["127.0.0.1", "127.1", "0x7f.1", "2130706433", "[::1]",
                                  "[::ffff:127.0.0.1]", "0.0.0.0", "localhost"])  # fmt: skip
def test_a_link_to_loopback_is_refused_before_connecting(
    web: WebServer, config_2025: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, host: str
) -> None:
    monkeypatch.setenv("KIPP_RETRY_WAIT_SCALE", "0")
    web.add_file("/v.mp4", b"internal answer", content_type="application/json")
    link = f"https://{host}:{web.port}/v.mp4"
    with pytest.raises(WrongSource) as caught:
        fetch(entry(link), context(config_2025, tmp_path))
    assert caught.value.key == "web.private_address" and caught.value.outcome == "fail"
    text = caught.value.render("en")
    assert text.startswith(f"The link {link} leads to a local or internal network address")
    assert "json" not in text and "200" not in text  # nothing of the internal answer
    assert web.requests == []


@pytest.mark.parametrize(
    "target",
    ["http://127.0.0.2:{port}/v.mp4", "http://169.254.169.254/latest/meta-data/",
     "http://10.0.0.1/admin", "http://192.168.1.1/", "http://[fc00::1]/", "http://[::1]:{port}/"],
)  # fmt: skip
def test_a_redirect_to_an_internal_address_is_refused(
    web: WebServer, config_2025: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    target: str,
) -> None:  # fmt: skip
    """The stand-in (127.0.0.1, allowed) redirects inward: every hop is vetted."""
    monkeypatch.setenv("KIPP_RETRY_WAIT_SCALE", "0")
    web.add_redirect("/v.mp4", target.format(port=web.port))
    with pytest.raises(WrongSource) as caught:
        fetch(entry("https://media.minut.go.id/v.mp4"),
              context(allow_loopback(config_2025), tmp_path, web))  # fmt: skip
    assert caught.value.key == "web.private_address"
    assert [r["path"] for r in web.requests] == ["/v.mp4"]  # one hop, not retried


@pytest.mark.parametrize(
    ("location", "key", "target"),
    [("file:///etc/passwd", "web.bad_redirect", "file:"),
     ("ftp://ftp.example.org/video.mp4", "web.bad_redirect", "ftp:"),
     ("data:video/mp4;base64,AAAAIGZ0eXA=", "web.bad_redirect", "data:"),
     ("gopher://127.0.0.1:25/x", "web.bad_redirect", "gopher:"),
     ("/loop", "web.redirect_loop", None)],
)  # fmt: skip
def test_redirects_kipp_does_not_follow_fail_cleanly_at_once(
    web: WebServer, config_2025: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    location: str, key: str, target: str | None,
) -> None:  # fmt: skip
    monkeypatch.setenv("KIPP_RETRY_WAIT_SCALE", "0")
    web.add_redirect("/v.mp4", location)
    web.add_redirect("/loop", "/v.mp4")
    with pytest.raises(WrongSource) as caught:
        fetch(entry("https://media.minut.go.id/v.mp4"),
              context(allow_loopback(config_2025), tmp_path, web))  # fmt: skip
    assert caught.value.key == key and caught.value.outcome == "fail"
    if target is not None:
        assert caught.value.params["target"] == target
        assert len(web.requests) == 1  # not "try again later" after 6 tries
    else:
        assert len(web.requests) == 11  # the link and 10 redirects, once
    assert "Ask the agency for a direct link to the video file" in caught.value.render("en")


# ------------------------------------------------------------- encodings, slow servers
def test_a_compressed_body_is_refused_before_it_is_inflated(
    web: WebServer, config_2025: Config, tmp_path: Path
) -> None:
    """6.7 KB of ``gzip, gzip`` would inflate to 4 GiB: kipp asks for the body as it is
    and refuses one that comes compressed anyway, having inflated nothing."""
    bomb = gzip.compress(gzip.compress(bytes(64 << 20)))  # 64 MiB of zeros, ~1 KB
    web.add_file("/v.mp4", bomb, headers={"Content-Encoding": "gzip, gzip"})
    with pytest.raises(WrongSource) as caught:
        fetch(entry("https://media.minut.go.id/v.mp4"),
              context(allow_loopback(config_2025), tmp_path, web))  # fmt: skip
    assert caught.value.key == "web.encoded" and caught.value.params["encoding"] == "gzip, gzip"
    assert web.requests[0]["headers"]["accept-encoding"] == "identity"
    assert not list((tmp_path / "cache" / "web").glob("*.part"))


def slow_rules(config: Config, **limits: float) -> Config:
    fetch_rules = allow_loopback(config).fetch.model_copy(update=limits)
    return config.model_copy(update={"fetch": fetch_rules})


@pytest.mark.parametrize(
    ("limits", "key"),
    [({"deadline_s": 1.5, "min_rate_kbps": 0}, "fetch.deadline"),
     ({"deadline_s": 60, "min_rate_kbps": 1, "rate_window_s": 1.0}, "fetch.too_slow")],
)  # fmt: skip
def test_a_trickling_server_is_stopped_by_the_deadline_or_the_least_rate(
    web: WebServer, config_2025: Config, tmp_path: Path, limits: dict[str, float], key: str
) -> None:
    """One byte every 0.05 s: every read returns long before the 60 s read timeout, so
    only the whole-transfer budget can stop it (headers included)."""
    web.add_file("/v.mp4", bytes(4096), trickle_s=0.05)
    with pytest.raises(TransientFetchError) as caught:
        fetch(entry("https://media.minut.go.id/v.mp4"),
              context(slow_rules(config_2025, **limits), tmp_path, web))  # fmt: skip
    assert caught.value.key == key and caught.value.outcome == "error"
    assert len(web.requests) == 1  # not retried


def test_budget_rate_is_measured_over_the_window() -> None:
    now = [0.0]
    budget = Budget(deadline_s=100, min_rate=100, window_s=10, clock=lambda: now[0])
    for _ in range(9):
        now[0] += 1
        budget.feed(50)  # 50 B/s, but the window has not passed
    now[0] += 1
    with pytest.raises(TooSlow) as caught:
        budget.feed(50)
    assert caught.value.kind == "rate"
    fast = Budget(deadline_s=100, min_rate=100, window_s=10, clock=lambda: now[0])
    for _ in range(30):
        now[0] += 1
        fast.feed(150)
    assert fast.read_timeout(60) == 60 and fast.read_timeout(None) == pytest.approx(70)
    now[0] += 71
    with pytest.raises(TooSlow):
        fast.read_timeout(60)
