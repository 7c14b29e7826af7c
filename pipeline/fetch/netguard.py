"""Where an agency's link may make kipp connect: public addresses only, vetted where the
socket is opened.

    policy = AddressPolicy.from_config(config.fetch)   # [fetch] allow_addresses
    policy.vet("media.minut.go.id", 443) -> ["203.0.113.7"]   # or raises Refused
    transport = Transport(policy, budget)              # an httpx transport: every
                                                       # connection vetted and paced

A link, and every redirect it leads to, could name the officer's own machine or network:
``http://127.0.0.1:8080/``, ``http://169.254.169.254/`` (the cloud metadata address), a
router at 192.168.1.1, or a name whose DNS answer is one of those.  The network backend
here (httpcore's public NetworkBackend API) resolves the host itself, refuses the whole
host when any of its addresses is not public (loopback in every spelling: ``127.1``,
``0x7f.1``, ``2130706433``, ``[::1]``, ``::ffff:127.0.0.1``, ``0.0.0.0``; private
10/8, 172.16/12, 192.168/16, fc00::/7; link-local 169.254/16, fe80::/10; CGNAT, multicast,
reserved; IPv6 forms that carry one of those: IPv4-mapped, 6to4, Teredo, NAT64), and then
connects to the vetted address itself, so a second DNS answer (rebinding) is never asked
for.  TLS still checks the certificate against the link's host name.  Refused raises
before any byte is sent: no status, type or body of an internal address reaches a report.

``[fetch] allow_addresses`` lists addresses or networks the officer allows although they
are not public (the local stand-ins of tests and the demo: ``127.0.0.1``).  Proxies from
the environment are not used: the address vetted is the one connected to.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import ssl
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx

from pipeline.config import Fetch
from pipeline.fetch.pace import Budget

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], list[str]]
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class Refused(Exception):
    """The host resolves to an address kipp does not connect to (``address``: the first
    such address, for kipp.log only; reports name the link, never the address)."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"{host} resolves to {address}, which is not a public address")
        self.host, self.address = host, address


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6, as getaddrinfo orders them);
    an IP literal in any spelling inet_aton accepts gives its one address."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]).split("%")[0] for info in infos))


def embedded(ip: IPAddress) -> list[IPAddress]:
    """``ip`` and the IPv4 address an IPv6 form carries (mapped, 6to4, Teredo, NAT64)."""
    out: list[IPAddress] = [ip]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            out.append(ip.ipv4_mapped)
        if ip.sixtofour is not None:
            out.append(ip.sixtofour)
        if ip.teredo is not None:
            out += list(ip.teredo)
        if ip in NAT64:
            out.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return out


def is_public(ip: IPAddress) -> bool:
    """A global unicast address, and so is every address it carries."""
    return all(
        one.is_global and not (one.is_multicast or one.is_reserved or one.is_unspecified)
        for one in embedded(ip)
    )


@dataclass(frozen=True)
class AddressPolicy:
    """Public addresses, plus the networks the officer allows."""

    allowed: tuple[Network, ...] = ()
    resolver: Resolver = resolve

    @classmethod
    def from_config(cls, fetch: Fetch, resolver: Resolver = resolve) -> AddressPolicy:
        nets = tuple(ipaddress.ip_network(a, strict=False) for a in fetch.allow_addresses)
        return cls(nets, resolver)

    def permits(self, address: str) -> bool:
        ip = ipaddress.ip_address(address)
        if any(ip in net for net in self.allowed if net.version == ip.version):
            return True
        return is_public(ip)

    def vet(self, host: str, port: int) -> list[str]:
        """The addresses of ``host`` to connect to.  Raises Refused when any is not
        permitted (a name with one internal answer is not tried at all), or OSError
        (socket.gaierror) when the name does not resolve."""
        addresses = self.resolver(host.strip("[]"), port)
        for address in addresses:
            if not self.permits(address):
                raise Refused(host, address)
        if not addresses:
            raise socket.gaierror(socket.EAI_NONAME, f"{host} has no address")
        return addresses


class _Stream(httpcore.NetworkStream):
    """A connection whose reads are paced by the download's Budget."""

    def __init__(self, inner: httpcore.NetworkStream, budget: Budget | None) -> None:
        self.inner, self.budget = inner, budget

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        if self.budget is None:
            return self.inner.read(max_bytes, timeout)
        data = self.inner.read(max_bytes, self.budget.read_timeout(timeout))
        self.budget.feed(len(data))
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if self.budget is not None:
            timeout = self.budget.read_timeout(timeout)
        self.inner.write(buffer, timeout)

    def close(self) -> None:
        self.inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        return _Stream(self.inner.start_tls(ssl_context, server_hostname, timeout), self.budget)

    def get_extra_info(self, info: str) -> Any:
        return self.inner.get_extra_info(info)


class Backend(httpcore.NetworkBackend):
    """httpcore's sync backend (``inner``), connecting only to addresses the policy vetted."""

    def __init__(
        self,
        policy: AddressPolicy,
        budget: Budget | None = None,
        inner: httpcore.NetworkBackend | None = None,
    ) -> None:
        self.policy, self.budget = policy, budget
        self.inner = inner or httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses = self.policy.vet(host, port)
        except OSError as exc:
            raise httpcore.ConnectError(f"{host}: {exc}") from exc
        failure: Exception | None = None
        for address in addresses:  # the vetted address itself: never resolved again
            try:
                stream = self.inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
                continue
            return _Stream(stream, self.budget)
        assert failure is not None
        raise failure

    def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("kipp connects to network addresses only")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


@contextlib.contextmanager
def _as_httpx(request: httpx.Request) -> Iterator[None]:
    """httpcore's errors as httpx's of the same name (httpx's own transport does the
    same); kipp's Refused and TooSlow pass as they are."""
    try:
        yield
    except httpcore.TimeoutException as exc:
        raise getattr(httpx, type(exc).__name__, httpx.TimeoutException)(
            str(exc), request=request
        ) from exc
    except httpcore.UnsupportedProtocol as exc:
        raise httpx.UnsupportedProtocol(str(exc), request=request) from exc
    except (httpcore.NetworkError, httpcore.ProtocolError) as exc:
        mapped = getattr(httpx, type(exc).__name__, httpx.TransportError)
        raise mapped(str(exc), request=request) from exc


class _Body(httpx.SyncByteStream):
    def __init__(self, inner: Iterable[bytes], request: httpx.Request) -> None:
        self.inner, self.request = inner, request

    def __iter__(self) -> Iterator[bytes]:
        with _as_httpx(self.request):
            yield from self.inner

    def close(self) -> None:
        if hasattr(self.inner, "close"):
            self.inner.close()


class Transport(httpx.BaseTransport):
    """An httpx transport over httpcore's connection pool with the vetting Backend
    (``inner``: the backend that opens sockets, httpcore's own unless a test records)."""

    def __init__(
        self,
        policy: AddressPolicy,
        budget: Budget | None = None,
        inner: httpcore.NetworkBackend | None = None,
    ) -> None:
        self.pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            network_backend=Backend(policy, budget, inner),
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Raises httpx.UnsupportedProtocol for any scheme but http and https (a redirect
        to ``file:``, ``ftp:``, ``data:``, ``ws:``), Refused, TooSlow or httpx's errors."""
        if request.url.scheme not in ("http", "https"):
            raise httpx.UnsupportedProtocol(
                f"{request.url.scheme or '?'}: is not http or https", request=request
            )
        assert isinstance(request.stream, httpx.SyncByteStream)
        core = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _as_httpx(request):
            answer = self.pool.handle_request(core)
        assert isinstance(answer.stream, Iterable)
        return httpx.Response(
            status_code=answer.status,
            headers=answer.headers,
            stream=_Body(answer.stream, request),
            extensions=answer.extensions,
        )

    def close(self) -> None:
        self.pool.close()
