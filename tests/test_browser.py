"""The static report pages in a real browser: Debian's headless Chromium driven by
Playwright (``executable_path=/usr/bin/chromium``; Playwright never downloads a browser
here).  A real ``kipp run`` writes OUT; the pages are opened from disk (file://), as
from a USB stick, with no server and no network.

Screenshots go to $KIPP_ARTIFACTS/browser/ (or a pytest temp folder).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from fixtures.media import build
from tests.conftest import CONFIG_2024, kipp
from tests.test_analyze import SIGNALS_CMD

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Dialog, Page

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed: pip install -e '.[dev]'"
)
CHROMIUM = os.environ.get("KIPP_CHROMIUM") or shutil.which("chromium")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Debian's chromium is not installed (apt-get install -y --no-install-recommends "
    "chromium, or bash scripts/setup test)",
)
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCRIPT = "<script>alert(1)</script>"
ACCENTED = "Kecamatan Likupang Timur – Désa Ñandú"
HEADER = "Stempel waktu;Nama Instansi;Judul Inovasi;Jenis Inovasi;Link Video;No. WhatsApp"
PHONE = "0812-3456-7890"  # the <script> agency's
ROWS = [
    ("30/05/2024 09:00:00", "Dinas Kesehatan", "Posyandu Digital", "Pelayanan Publik", "valid"),
    (
        "30/05/2024 10:00:00",
        "Dinas Pariwisata",
        "Likupang Smart Tourism",
        "Inovasi lainnya",
        "signals final #2",
    ),
    ("31/05/2024 08:00:00", SCRIPT, "Judul <b>tebal</b>", "Tata Kelola Pemerintahan", "valid"),
    ("31/05/2024 09:00:00", ACCENTED, "Lapor Camat", "Pelayanan Publik", ""),
]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """OUT of a real `kipp run` on four entries: a valid video, a 20 s clip with black,
    frozen and silent parts, an agency named <script>, and one with no link."""
    root = tmp_path_factory.mktemp("browser")
    videos = root / "videos"
    videos.mkdir()
    shutil.copy(build("valid_90"), videos / "valid.mp4")
    subprocess.run([*SIGNALS_CMD, str(videos / "signals final #2.mp4")], check=True, timeout=120)
    lines = [HEADER]
    for stamp, agency, title, kind, video in ROWS:
        link = f"videos/{video}.mp4" if video else ""
        lines.append(
            ";".join((stamp, agency, title, kind, link, PHONE if agency == SCRIPT else ""))
        )
    registry = root / "registry.csv"
    registry.write_text("\ufeff" + "\r\n".join(lines) + "\r\n", encoding="utf-8")
    target = root / "out"
    result = kipp(
        "run", "--config", str(CONFIG_2024), "--registry", str(registry), "--out", str(target)
    )
    assert result.returncode in (0, 1), result.stderr
    assert (target / "index.html").is_file()
    return target


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = os.environ.get("KIPP_ARTIFACTS")
    folder = Path(base) / "browser" if base else tmp_path_factory.mktemp("artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def context() -> Iterator[BrowserContext]:
    profile = tempfile.mkdtemp(prefix="kipp-chromium-")  # a fresh --user-data-dir
    try:
        with playwright_api.sync_playwright() as pw:
            ctx = pw.chromium.launch_persistent_context(
                profile,
                executable_path=CHROMIUM,
                headless=True,
                args=FLAGS,
                viewport={"width": 1280, "height": 900},
                offline=True,
            )
            try:
                yield ctx
            finally:
                ctx.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


@dataclass
class Watched:
    page: Page
    problems: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


Opener = Callable[[Path], Watched]


@pytest.fixture
def open_page(context: BrowserContext) -> Iterator[Opener]:
    """``open_page(path)`` -> Watched; console errors and page errors fail the test."""
    opened: list[Watched] = []

    def _open(path: Path) -> Watched:
        page = context.new_page()
        w = Watched(page)
        page.on("console", lambda m: w.problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: w.problems.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: w.problems.append(f"request failed: {r.url}"))

        def on_dialog(d: Dialog) -> None:
            w.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", on_dialog)
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        opened.append(w)
        return w

    yield _open
    for w in opened:
        links = w.page.eval_on_selector_all(
            "[src], [href]", "els => els.map(e => e.getAttribute('src') || e.getAttribute('href'))"
        )
        local = ("data:", "https://wa.me/")  # wa.me: a link the officer may click, never loaded
        remote = [u for u in links if re.match(r"^[a-z]+:", u) and not u.startswith(local)]
        assert remote == [], f"the page must work offline from disk: {remote}"
        w.page.close()
        assert w.problems == [], w.problems
        assert w.dialogs == [], f"a script ran: {w.dialogs}"


def visible_agencies(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        "#entries tbody tr:not([hidden]) td:nth-child(2)", "els => els.map(e => e.textContent)"
    )


def test_index_rows_counts_filter_and_sort(out: Path, artifacts: Path, open_page: Opener) -> None:
    w = open_page(out / "index.html")
    page = w.page
    assert sorted(visible_agencies(page)) == sorted(r[1] for r in ROWS)
    counts = page.eval_on_selector_all(
        "#counts button",
        "els => els.map(e => [e.dataset.verdict, e.querySelector('.n').textContent])",
    )
    assert sum(int(n) for _, n in counts) == len(ROWS)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(artifacts / "index.png"), full_page=True)

    page.fill("#filter", "likupang")  # agency or title, case-insensitive
    assert sorted(visible_agencies(page)) == sorted(["Dinas Pariwisata", ACCENTED])
    assert page.text_content("#shown") == "2"
    page.fill("#filter", "<b>tebal")
    assert visible_agencies(page) == [SCRIPT]
    page.fill("#filter", "")
    fail_chip = next(v for v, n in counts if v == "fail" and int(n) > 0)
    page.click(f"#counts button[data-verdict={fail_chip}]")
    failing = visible_agencies(page)
    assert 0 < len(failing) < len(ROWS)
    assert page.get_attribute(f"#counts button[data-verdict={fail_chip}]", "aria-pressed") == "true"
    page.screenshot(path=str(artifacts / "index-filtered.png"), full_page=True)
    page.select_option("#verdict-filter", "")
    assert (
        page.get_attribute("a[href='berita-acara.pdf']", "href")
        and (out / "berita-acara.pdf").is_file()
    )
    assert len(visible_agencies(page)) == len(ROWS)

    duration_th = page.locator("#entries th", has_text="Durasi")
    duration_th.click()
    assert duration_th.get_attribute("aria-sort") == "ascending"
    first = visible_agencies(page)
    assert first[0] == ACCENTED  # no video: duration sorts as -1
    assert first[1] == "Dinas Pariwisata"  # the 20 s clip
    duration_th.click()
    assert visible_agencies(page)[-1] == ACCENTED


def test_agency_page_video_timeline_and_contact_sheet(
    out: Path, artifacts: Path, open_page: Opener
) -> None:
    w = open_page(out / "dinas-pariwisata" / "report.html")
    page = w.page
    assert page.text_content("h1") == "Dinas Pariwisata"
    banner = page.locator("#verdict")
    assert banner.get_attribute("data-verdict") == "fail"  # 20 s is too short
    assert "Durasi" in (page.text_content("#reason") or "")
    page.wait_for_function("document.getElementById('video').readyState >= 1", timeout=15_000)
    duration = page.eval_on_selector("#video", "v => v.duration")
    assert abs(duration - 20.0) < 0.5  # the relative link plays the fetched file offline
    bars = {
        track: page.locator(f"#timeline [data-track={track}] .tl-bar").count()
        for track in ("sections", "black", "frozen", "silent")
    }
    assert bars["black"] == 1 and bars["silent"] == 1 and bars["frozen"] >= 1, bars
    thumbs = page.locator("#sheet img")
    assert thumbs.count() >= 6
    page.wait_for_function(
        "[...document.querySelectorAll('#sheet img')].every(i => i.complete && i.naturalWidth > 0)"
    )
    page.locator("#sheet button").nth(3).click()
    at = float(page.locator("#sheet button").nth(3).get_attribute("data-at") or "nan")
    assert abs(page.eval_on_selector("#video", "v => v.currentTime") - at) < 0.6
    checks = page.eval_on_selector_all("#checks tbody tr", "els => els.map(e => e.dataset.check)")
    assert {"duration.min", "integrity.decode", "signal.black", "signal.silent"} <= set(checks)
    assert page.locator("#versions tbody tr").count() >= 1
    page.screenshot(path=str(artifacts / "agency.png"), full_page=True)


def script_folder(out: Path) -> Path:
    folders = [p.parent for p in out.glob("*/report.json")]
    return next(
        f
        for f in folders
        if SCRIPT in (f / "report.html").read_text("utf-8")
        or "&lt;script&gt;" in (f / "report.html").read_text("utf-8")
    )


def test_agency_page_shows_the_notice_with_a_copy_button_and_a_whatsapp_link(
    out: Path, artifacts: Path, open_page: Opener
) -> None:
    folder = script_folder(out)
    page = open_page(folder / "report.html").page
    text = page.text_content("#notice-text") or ""
    assert text == (folder / "pesan.txt").read_text("utf-8")
    assert text.startswith(f"Yth. {SCRIPT},\n\nTerima kasih telah mengikuti ")
    href = page.get_attribute("#notice-wa", "href") or ""
    assert href.startswith("https://wa.me/6281234567890?text=Yth.%20%3Cscript%3E")
    page.click("#copy-notice")
    # the clipboard answers asynchronously (or refuses, then the old way copies)
    page.wait_for_function("document.querySelector('#copy-notice').textContent !== 'Salin pesan'")
    assert page.text_content("#copy-notice") == "Tersalin"
    page.screenshot(path=str(artifacts / "agency-notice.png"), full_page=False)
    index = open_page(out / "index.html").page
    assert index.locator("#entries a.wa").count() == 1  # only the agency with a phone


def test_script_agency_stays_text_everywhere(out: Path, artifacts: Path, open_page: Opener) -> None:
    folder = script_folder(out)
    w = open_page(folder / "report.html")
    page = w.page
    assert page.text_content("h1") == SCRIPT
    assert SCRIPT in page.title()
    assert page.locator("body script").count() == 1  # only the page's own script
    page.screenshot(path=str(artifacts / "agency-script.png"), full_page=True)
    index = open_page(out / "index.html").page
    assert SCRIPT in visible_agencies(index)
    assert index.locator("script").count() == 1
    html = (out / "index.html").read_text("utf-8") + (folder / "report.html").read_text("utf-8")
    assert SCRIPT not in html and "<b>tebal</b>" not in html


def test_the_judging_page_and_an_entry_block_from_disk(
    tmp_path: Path, artifacts: Path, open_page: Opener
) -> None:
    """The worked example judged (tests/jury_support.py), its pages opened from disk:
    the ranking with the recused cell saying why, the entry's block, and back."""
    from datetime import UTC, datetime

    from pipeline.config import load_config
    from pipeline.report.judging_pages import write_judging
    from pipeline.store import Store
    from tests.jury_support import config_file, score_interview, score_video, seed

    config = load_config(config_file(tmp_path))
    assert config.judging is not None
    out = tmp_path / "out"
    with Store.open(out) as store:
        seed(store)
        score_video(store, config.judging)
        score_interview(store, config.judging)
        write_judging(store, config, out, "id", datetime(2024, 6, 5, 2, tzinfo=UTC))
    page = open_page(out / "penjurian.html").page
    assert page.locator("#ranking-video tbody tr").count() == 4
    recused = page.locator("#video-c td").nth(2)
    assert recused.is_visible() and recused.inner_text() == "×"
    assert recused.get_attribute("title") == "Kepala BAPPEDA tidak menilai BAPPEDA"
    assert page.inner_text("#recusals-video") == (
        "Tidak menilai: Kepala BAPPEDA tidak menilai BAPPEDA."
    )
    assert page.inner_text("#winner-list").splitlines() == [
        "Juara I: Dinas Perhubungan (84,08)",
        "Juara II: Badan Perencanaan Pembangunan Daerah (81,65)",
    ]
    page.screenshot(path=str(artifacts / "judging.png"), full_page=True)
    page.click("#video-c a")
    page.wait_for_load_state("load")
    block = page.locator("#judging")
    assert block.is_visible() and "Peringkat 2 dari 4" in block.inner_text()
    page.screenshot(path=str(artifacts / "judging-entry.png"), full_page=False)
    page.click("#to-judging")
    page.wait_for_load_state("load")
    assert page.url.endswith("penjurian.html#video-c")


def test_the_same_video_twice_shows_frames_of_both_on_both_pages_and_the_index(
    out: Path, artifacts: Path, open_page: Opener
) -> None:
    """Dinas Kesehatan and the <script> agency sent the same file (valid_90)."""
    w = open_page(out / "dinas-kesehatan" / "report.html")
    page = w.page
    block = page.locator("#duplicates + .duplicate")
    assert block.count() == 1
    text = block.locator("p").text_content() or ""
    assert "md5" in text and SCRIPT in text  # named as text, never run
    images = block.locator("img")
    assert images.count() >= 2  # this entry's frame beside the other's
    page.wait_for_function(
        "[...document.querySelectorAll('.duplicate img')]"
        ".every(i => i.complete && i.naturalWidth > 0)"
    )
    checks = page.eval_on_selector_all("#checks tbody tr", "els => els.map(e => e.dataset.check)")
    assert "duplicate.video" in checks
    page.screenshot(path=str(artifacts / "duplicate.png"), full_page=True)
    index = open_page(out / "index.html").page
    rows = index.locator("#duplicate-pairs tbody tr")
    assert rows.count() == 1
    assert rows.first.locator("img").count() == 2
