"""No message an agency reads holds a local path (issue 9, part 2): every registered
message key, in both languages, rendered with realistic values."""

from __future__ import annotations

import importlib
import pkgutil
import re
import string
import subprocess
import sys

import pytest

import pipeline
from pipeline import i18n
from pipeline.errors import LinkError, ProbeError
from tests.conftest import ROOT

CACHE = "/srv/kipp/hasil/.kipp/cache"
# what the call sites really pass: paths under kipp's cache, tool output naming them
REALISTIC: dict[str, object] = {
    "name": "Video Inovasi Dinas Sosial.mp4",
    "agency": "Dinas Sosial",
    "link": "https://drive.google.com/file/d/1AbCdEfGhIjKlMnOpQrStUvWxYz012345/view?usp=sharing",
    "file_id": "1AbCdEfGhIjKlMnOpQrStUvWxYz012345",
    "path": f"{CACHE}/drive/1AbCdEfGhIjKlMnOpQrStUvWxYz012345-5d41402abc4b2a76.mp4",
    "reason": f"{CACHE}/drive/1AbCdEf-5d41402a.zip: Invalid data found when processing input",
    "text": f"[Errno 13] Permission denied: '{CACHE}/work/dinas-sosial/frames.part'",
    "errors": f"[mov,mp4 @ 0x55d0] {CACHE}/drive/1AbC.mp4: moov atom not found",
    "what": "ZIP",
    "codec": "aac",
    "mime": "application/vnd.google-apps.document",
}
PATH_LIKE = re.compile(r"(^|[\s('\"\[])(~?/|[A-Za-z]:\\)\w")


def _load_every_module() -> None:
    for info in pkgutil.walk_packages(pipeline.__path__, "pipeline."):
        if info.name.endswith("__main__"):
            continue
        importlib.import_module(info.name)


def _values(template: str) -> dict[str, object]:
    out: dict[str, object] = {}
    for _text, field, spec, _conv in string.Formatter().parse(template):
        if field:
            key = field.split(".")[0].split("[")[0]
            out[key] = 12.5 if spec else REALISTIC.get(key, key.replace("_", " "))
    return out


_load_every_module()
KEYS = sorted(i18n.catalog())


def test_the_catalog_holds_the_messages_of_every_stage():
    assert {"probe.no_index", "file.archive", "drive.html_page", "duration.picture_short"} <= set(
        KEYS
    )


@pytest.mark.parametrize("key", [k for k in KEYS if k not in i18n.terminal_keys()])
def test_no_message_shows_a_local_path(key):
    for lang, template in i18n.catalog()[key].items():
        text = i18n.message(key, lang, **_values(template))
        assert ".kipp" not in text and "/srv/" not in text, (key, lang, text)
        assert not PATH_LIKE.search(text), (key, lang, text)


def test_an_error_detail_from_a_tool_shows_no_path_either():
    err = ProbeError("probe.no_index", name="x.zip", reason="?", detail=str(REALISTIC["errors"]))
    assert err.render("en").endswith(" ([mov,mp4 @ 0x55d0] 1AbC.mp4: moov atom not found)")


def test_paths_are_cut_but_links_dates_and_codecs_stay():
    assert i18n.hide_paths(f"{CACHE}/drive/1AbC-f3.zip: bad data") == "1AbC-f3.zip: bad data"
    assert i18n.hide_paths("C:\\Users\\Ani\\video.mp4 dan ~/kipp/x.mp4") == "video.mp4 dan x.mp4"
    kept = f"{REALISTIC['link']} 31/05/2024 H.264/AAC 1/2 ./v/a.mp4"
    assert i18n.hide_paths(kept) == kept


# registry values that hold slashes or markup but are no paths: agency names and titles
REGISTRY_VALUES = (
    "Layanan A/B Terpadu",
    "Program S1/D3 Aparatur",
    "Dinas (PU)/PR Kab. Minut",
    "Inovasi <b>SIPANDU</b> </b>",
    "a/b/c",
    "S1/D3 /PNS",
    '"/b" [/c]',
)


@pytest.mark.parametrize("value", REGISTRY_VALUES)
def test_registry_values_with_slashes_are_not_paths(value: str) -> None:
    assert i18n.hide_paths(value) == value


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
@pytest.mark.parametrize("value", REGISTRY_VALUES)
def test_check_messages_keep_agency_names_and_titles_whole(lang: str, value: str) -> None:
    """The agency and title in a check's message are the registry's words, every
    character kept, in both languages; a real path beside them is still cut."""
    no_link = LinkError("fetch.no_link", agency=value).render(lang)
    assert no_link.startswith(
        {"id": f"Baris registri untuk {value} tidak", "en": f"The registry row for {value} has"}[
            lang
        ]
    )
    too_long = i18n.message(
        "youtube.duration_max", lang, name=f"{value} (AbCdEfGhIj0)", duration_s=301, limit_s=300
    )
    assert f" {value} (AbCdEfGhIj0) " in too_long
    detail = f"{CACHE}/work/x/{value.split()[0]}.mp4: moov atom not found"
    err = ProbeError("probe.no_index", name=value, reason="?", detail=detail)
    assert value in err.render(lang) and CACHE not in err.render(lang)


def test_links_keep_their_paths_and_queries() -> None:
    """A URL is never cut, whatever its query or path holds (a OneDrive ``path=/...``,
    a parenthesis before a slash)."""
    for url in (
        "https://onedrive.live.com/redir?resid=A1&path=/Documents/Video%20Inovasi.mp4",
        "https://media.minut.go.id/arsip_(2024)/inovasi/video.mp4",
        "https://www.dropbox.com/scl/fi/x1y2z3/inovasi.mp4?rlkey=k9k9&dl=0",
    ):
        assert i18n.hide_paths(f"Link {url} tidak ditemukan") == f"Link {url} tidak ditemukan"
        assert url in LinkError("fetch.no_link", agency=url).render("en")


def test_real_local_paths_are_still_cut() -> None:
    assert i18n.hide_paths("/data/lomba/v1.mp4 dan /data/v2.mp4") == "v1.mp4 dan v2.mp4"
    assert i18n.hide_paths(f"'{CACHE}' (=/srv/kipp/hasil)") == "'cache' (=hasil)"
    assert i18n.hide_paths("buka:/srv/kipp/hasil/.kipp") == "buka:.kipp"


def test_a_key_of_a_module_not_loaded_yet_still_renders() -> None:
    """A stored report's check rendered again in a fresh process (``kipp notices --lang
    en``, ``kipp review``): the yt-dlp module that registers ``ytdl.unavailable`` was
    never imported there, and the text is found all the same (it was the key before)."""
    code = (
        "import sys; from pipeline import i18n; "
        "assert not i18n.has('notice.what.no.such.check'); "  # a miss answered, nothing loaded
        "assert 'pipeline.fetch.ytdl' not in sys.modules; "
        "print(i18n.message('ytdl.unavailable', 'en', video_id='AbCdEfGhIj0', link='L'))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT)  # fmt: skip
    assert done.stdout == (
        "YouTube refused the download of AbCdEfGhIj0 (L). Ask the agency to make sure the "
        "video is Public or Unlisted, with no age or region limit.\n"
    )
