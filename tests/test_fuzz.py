"""Fuzzing what comes from outside (hypothesis): a server's headers and body, a YouTube
API answer, a registry file, a link cell, a subtitle file.  Each gives a per-entry result
(a value, or an EntryError / ContentError with a message) or a clear exit 2
(RegistryError), never another exception: one entry never stops the batch.

The web fetcher is fuzzed end to end against a raw server on 127.0.0.1 that answers each
example's bytes (allowed by ``[fetch] allow_addresses``), so h11, httpx and kipp's own
parsing all see them."""

from __future__ import annotations

import json
import socket
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.config import Config
from pipeline.content.subtitles import read_sidecar
from pipeline.errors import ContentError, EntryError, RegistryError
from pipeline.fetch import FetchContext, fetch, web_headers
from pipeline.fetch.sources import read_cell
from pipeline.fetch.youtube_api import _first_video
from pipeline.models import Entry
from pipeline.registry import load_registry
from pipeline.text import printable
from tests.conftest import allow_loopback

FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
HEADER_NAMES = st.sampled_from(
    ["Content-Type", "Content-Length", "Content-Range", "Content-Disposition", "ETag",
     "Last-Modified", "Content-Encoding", "Location", "Transfer-Encoding", "X-Other"]
)  # fmt: skip
HEADER_VALUES = st.one_of(
    st.text(st.characters(min_codepoint=32, max_codepoint=0x2FFF, exclude_characters="\r\n"),
            max_size=80),
    st.sampled_from(["bytes 0-9/10", "bytes */0", "9" * 400, "-1", "video/mp4; x", "gzip, gzip",
                     "attachment; filename*=UTF-8''%1B%5B2J.mp4", "Fri, 31 Dec 9999 23:59:59 GMT",
                     "file:///etc/passwd", "http://169.254.169.254/", "W/\"x\"", "chunked"]),
)  # fmt: skip
HEADERS = st.dictionaries(HEADER_NAMES, HEADER_VALUES, max_size=6)


def clean(text: str) -> bool:
    """No control, escape or bidi character (what reaches a terminal or the log)."""
    return printable(text) == text


# ------------------------------------------------------------------ edge parsers
@given(headers=HEADERS, offset=st.one_of(st.none(), st.integers(0, 2**40)))
@FUZZ
def test_header_parsers_answer_a_typed_value_or_none(
    headers: dict[str, str], offset: int | None
) -> None:
    lowered = {k.lower(): v for k, v in headers.items()}
    total = web_headers.total(lowered, offset)
    assert total is None or (isinstance(total, int) and total >= 0)
    assert isinstance(web_headers.starts_at(lowered, offset or 0), bool)
    name = web_headers.file_name(lowered, "https://x.example/a%1B[2Jb.mp4")
    assert name and clean(name) and "/" not in name
    date = web_headers.http_date(lowered.get("last-modified"))
    assert date is None or 1970 <= date.year < 2200
    kind = web_headers.media_type(lowered)
    assert kind is None or "/" in kind
    assert web_headers.suffix(name).startswith(".")


@given(answer=st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["items", "id", "snippet", "contentDetails", "status", "publishedAt",
                         "duration", "uploadStatus", "title"]), inner, max_size=4),
    max_leaves=12,
))  # fmt: skip
@FUZZ
def test_a_youtube_answer_is_a_video_none_or_that_entrys_error(answer: object) -> None:
    try:
        video = _first_video(answer, "https://youtu.be/AbCdEfGhIj0")
    except EntryError as exc:
        assert exc.key == "youtube.bad_answer"
    else:
        assert video is None or video.id


@given(text=st.text(max_size=300))
@FUZZ
def test_a_link_cell_is_always_read(text: str) -> None:
    for link in read_cell(text, 10):
        assert link.kind and clean(link.url)


@given(data=st.binary(max_size=2000))
@FUZZ
def test_a_subtitle_file_gives_cues_or_its_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "video.srt"
        path.write_bytes(data)
        try:
            cues = read_sidecar(path)
        except ContentError as exc:
            assert exc.key == "content.sidecar_unreadable"
        else:
            assert all(isinstance(c.text, str) for c in cues)


# ------------------------------------------------------------------ the registry
CELL = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["Dinas Kesehatan", "https://drive.google.com/file/d/" + "A" * 33 + "/view",
                     "31/05/2024 10:00:00", "\x1b[2J", "\u202e", '"', "\r\n", "a" * 5000]),
)  # fmt: skip


@given(
    header=st.sampled_from(["Timestamp,Nama Instansi,Judul Inovasi,Jenis Inovasi,Link Video",
                            "Nama Instansi;Link Video", "x,y,z", ""]),
    rows=st.lists(st.lists(CELL, max_size=6), max_size=8),
    raw=st.one_of(st.none(), st.binary(max_size=300)),
)  # fmt: skip
@FUZZ
def test_a_registry_gives_entries_or_a_clear_exit_2(
    header: str, rows: list[list[str]], raw: bytes | None, config: Config
) -> None:
    body = "\n".join(",".join(json.dumps(c) if "," in c else c for c in r) for r in rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pendaftaran.csv"
        if raw is None:
            path.write_text(f"{header}\n{body}\n", encoding="utf-8", errors="surrogatepass")
        else:
            path.write_bytes(raw)
        try:
            entries = load_registry(path, config)
        except RegistryError as exc:
            assert str(exc).startswith(f"Registry {path}")
            return
    for entry in entries:
        assert clean(entry.agency) and clean(entry.title) and entry.entry_id


# ------------------------------------------------------------ a real fuzzed server
class RawServer:
    """127.0.0.1: answers every connection with ``answer`` (bytes), then closes."""

    def __init__(self) -> None:
        self.answer = b""
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    conn.recv(65536)
                    conn.sendall(self.answer)
                    conn.shutdown(socket.SHUT_WR)
                except OSError:
                    pass

    def close(self) -> None:
        self.sock.close()


@pytest.fixture(scope="module")
def raw_server() -> Iterator[RawServer]:
    server = RawServer()
    yield server
    server.close()


STATUS = st.sampled_from([200, 200, 206, 301, 302, 304, 401, 404, 416, 429, 500, 503, 999])
BODY = st.one_of(
    st.binary(max_size=600),
    st.sampled_from([b"<!DOCTYPE html><html>", b"PK\x03\x04" + bytes(100), b"%PDF-1.7",
                     b"\x00\x00\x00\x18ftypmp42" + bytes(500)]),
)  # fmt: skip


@given(status=STATUS, headers=HEADERS, body=BODY)
@FUZZ
def test_a_fuzzed_server_gives_a_file_or_that_entrys_error(
    status: int, headers: dict[str, str], body: bytes, raw_server: RawServer,
    config_2025: Config, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("KIPP_RETRY_WAIT_SCALE", "0")
    lines = [f"HTTP/1.1 {status} X", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in headers.items() if k != "Transfer-Encoding"]
    raw_server.answer = "\r\n".join([*lines, "", ""]).encode("utf-8", "replace") + body
    rules = allow_loopback(config_2025)
    rules = rules.model_copy(update={"fetch": rules.fetch.model_copy(update={"deadline_s": 20})})
    link = f"https://media.minut.go.id:{raw_server.port}/v.mp4"
    entry = Entry(entry_id="dinas-kesehatan", agency="Dinas Kesehatan", link=link, row=2)
    with tempfile.TemporaryDirectory() as folder:
        ctx = FetchContext(
            rules, Path(folder), hosts={"media.minut.go.id": f"http://127.0.0.1:{raw_server.port}"}
        )
        try:
            fetched = fetch(entry, ctx)
        except EntryError as exc:
            assert exc.render("en") and exc.outcome in ("fail", "error")
        else:
            assert fetched.path.is_file() and clean(fetched.source.name)
