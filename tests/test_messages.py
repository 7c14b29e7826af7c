"""No message an agency reads holds a local path (issue 9, part 2): every registered
message key, in both languages, rendered with realistic values."""

from __future__ import annotations

import importlib
import pkgutil
import re
import string

import pytest

import pipeline
from pipeline import i18n
from pipeline.errors import ProbeError

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


@pytest.mark.parametrize("key", KEYS)
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
