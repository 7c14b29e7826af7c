"""Notices for agencies (pesan.txt, pesan-instansi.csv, the page's notice) from real runs:
a Drive video too short, a Drive file not shared, an entry waiting for review."""

from __future__ import annotations

import csv
import io
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from fixtures.drive_server import DriveServer
from fixtures.youtube_server import YouTubeServer
from pipeline.cli import main
from pipeline.config import Config
from pipeline.fetch.drive import DriveClient
from pipeline.formatting import clock
from pipeline.jury.records import ScoreSource
from pipeline.jury.scoring import record_scores
from pipeline.jury.tally import tally
from pipeline.models import Entry, Section, Verdict
from pipeline.report import summarize, write_summary
from pipeline.report.notices import notices_csv, stored_notices, wa_number
from pipeline.runner import Env, validate
from pipeline.store import Store
from tests.conftest import CONFIG_2024
from tests.test_runner import all_found

BEFORE = datetime(2024, 5, 31, 4, 0, tzinfo=UTC)  # 31 May 2024 12.00 WITA
AFTER = datetime(2024, 6, 1, 1, 0, tzinfo=UTC)  # 1 June 2024 09.00 WITA


def entry(link: str, **extra: str) -> Entry:
    fields = {"agency": "Dinas Kesehatan", "title": "Posyandu Digital", **extra}
    return Entry(entry_id="dinas-kesehatan", link=link, row=2, **fields)


@pytest.fixture
def env(config: Config, tmp_path: Path, drive_client: DriveClient) -> Iterator[Env]:
    out = tmp_path / "out"
    with Store.open(out) as store:
        yield Env(
            config=config, out=out, lang="id", cache_dir=out / ".kipp" / "cache", store=store,
            drive=drive_client, clock=lambda: BEFORE, find_sections=all_found,
        )  # fmt: skip


def notice_of(env: Env) -> str:
    return (env.out / "dinas-kesehatan" / "pesan.txt").read_text("utf-8")


def test_a_video_too_short_gets_its_figure_the_fix_the_deadline_and_the_link(
    env: Env, drive_server: DriveServer, make_media: Callable[[str], Path]
) -> None:
    fid = drive_server.add_file("inovasi.mp4", make_media("short_59"))
    link = drive_server.link(fid)
    validate(entry(link, email="dinkes@minut.go.id", phone="0812-3456-7890"), env)
    assert notice_of(env) == (
        "Yth. Dinas Kesehatan,\n"
        "\n"
        "Terima kasih telah mengikuti Kompetisi Inovasi Pelayanan Publik (KIPP) 2024. "
        'Video inovasi "Posyandu Digital" belum memenuhi syarat lomba.\n'
        "\n"
        "Yang perlu diperbaiki:\n"
        "- Durasi video 0:59, minimal 1:00. Perpanjang video hingga minimal 1:00, lalu "
        "unggah ulang.\n"
        "\n"
        "Mohon kirim video perbaikan paling lambat 31 Mei 2024 pukul 23.59 WITA, dengan link "
        "yang sama atau link baru.\n"
        "\n"
        f"Link yang dikirim: {link}\n"
        "\n"
        "Hormat kami,\n"
        "Badan Riset dan Inovasi Daerah (BRIDa) Kabupaten Minahasa Utara\n"
    )
    (notice,) = stored_notices(env.store, ["dinas-kesehatan"])
    assert notice.contact == "dinkes@minut.go.id, 0812-3456-7890"
    assert notice.wa_link is not None
    assert notice.wa_link.startswith("https://wa.me/6281234567890?text=Yth.%20Dinas%20Kesehatan")
    page = (env.out / "dinas-kesehatan" / "report.html").read_text("utf-8")
    assert 'id="copy-notice"' in page and "Durasi video 0:59, minimal 1:00." in page
    assert 'data-done="Tersalin">Salin pesan</button>' in page  # the label, not a method
    assert 'href="https://wa.me/6281234567890?text=' in page


def test_a_drive_file_not_shared_says_how_to_share_it(
    env: Env, drive_server: DriveServer, make_media: Callable[[str], Path]
) -> None:
    fid = drive_server.add_file("inovasi.mp4", make_media("valid_90"))
    drive_server.not_found(fid)
    link = drive_server.link(fid)
    validate(entry(link), env)
    assert notice_of(env) == (
        "Yth. Dinas Kesehatan,\n"
        "\n"
        "Terima kasih telah mengikuti Kompetisi Inovasi Pelayanan Publik (KIPP) 2024. "
        'Video inovasi "Posyandu Digital" belum memenuhi syarat lomba.\n'
        "\n"
        "Yang perlu diperbaiki:\n"
        "- Berkas video di Google Drive belum dapat kami buka (belum dibagikan atau sudah "
        'dihapus). Buka berkas di Google Drive, klik Bagikan, lalu pilih "Siapa saja yang '
        'memiliki link" sebagai Pelihat.\n'
        "\n"
        "Mohon kirim video perbaikan paling lambat 31 Mei 2024 pukul 23.59 WITA, dengan link "
        "yang sama atau link baru.\n"
        "\n"
        f"Link yang dikirim: {link}\n"
        "\n"
        "Hormat kami,\n"
        "Badan Riset dan Inovasi Daerah (BRIDa) Kabupaten Minahasa Utara\n"
    )
    assert fid not in notice_of(env).replace(link, "")  # no file id beyond the link itself


def one_open(entry, fetched, probe, config, *, workdir, frames_dir=None, speech=None):
    """Content stand-in: every section found but the technical instructions."""
    return tuple(
        Section(id=s.id, label=s.label, required=s.required, present=s.id != "petunjuk_teknis")
        for s in config.sections
    )


def test_needs_review_in_english_after_the_deadline_asks_for_help_and_gives_the_decision(
    env: Env, tmp_path: Path, make_media: Callable[[str], Path]
) -> None:
    video = make_media("valid_90")
    late = replace(env, lang="en", clock=lambda: AFTER, find_sections=one_open)
    report = validate(entry(str(video)), late).report
    assert report.verdict == "needs_review"
    assert notice_of(env) == (
        "Dear Dinas Kesehatan,\n"
        "\n"
        "Thank you for taking part in Kompetisi Inovasi Pelayanan Publik (KIPP) 2024. "
        'The video of "Posyandu Digital" has reached us, but we could not find every '
        "required part in it.\n"
        "\n"
        "Please help us:\n"
        '- We did not find the part "Technical instructions for using the innovation" in the '
        "video. Reply with the minute where it starts (e.g. 1:05), or show the part's title as "
        "text on screen.\n"
        "\n"
        "The deadline (31 May 2024, 23:59 WITA) has passed; the committee will let you know "
        "its decision on this video.\n"
        "\n"
        "Kind regards,\n"
        "Badan Riset dan Inovasi Daerah (BRIDa) Kabupaten Minahasa Utara\n"
    )
    assert str(tmp_path) not in notice_of(env)  # a local link is never shown


def test_a_pass_removes_the_notice_file_and_the_store_keeps_every_notice(
    env: Env, make_media: Callable[[str], Path]
) -> None:
    validate(entry(str(make_media("short_59"))), env)
    assert (env.out / "dinas-kesehatan" / "pesan.txt").is_file()
    validate(entry(str(make_media("valid_90"))), env)
    assert not (env.out / "dinas-kesehatan" / "pesan.txt").exists()
    assert stored_notices(env.store, ["dinas-kesehatan"]) == []
    rows = env.store._all("SELECT version, verdict, notice_json IS NULL FROM notices")
    assert rows == [(1, "fail", 0), (2, "pass", 1)]
    page = (env.out / "dinas-kesehatan" / "report.html").read_text("utf-8")
    assert 'id="notice"' not in page


def test_the_csv_is_excel_safe_with_one_row_per_notice(
    env: Env, make_media: Callable[[str], Path]
) -> None:
    validate(entry(str(make_media("short_59")), agency="=Dinas", phone="+62 812 1111 2222"), env)
    text = notices_csv(stored_notices(env.store, ["dinas-kesehatan"]))
    assert text.startswith("\ufeffagency;verdict;message;contact\r\n")
    rows = list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))
    assert rows[1][0] == "'=Dinas" and rows[1][1] == "fail" and rows[1][3] == "'+62 812 1111 2222"
    assert rows[1][2].startswith("Yth. =Dinas,\n\n") and len(rows) == 2


@pytest.mark.parametrize(
    ("phone", "number"),
    [
        ("0812-3456-7890", "6281234567890"),
        ("+62 812 3456 7890", "6281234567890"),
        ("812 3456 7890", "6281234567890"),
        ("(0431) 891234", "62431891234"),
        ("12345", None),
        ("", None),
    ],
)
def test_indonesian_numbers_become_wa_me_numbers(phone: str, number: str | None) -> None:
    assert wa_number(phone) == number


@pytest.mark.parametrize(
    ("pasted", "shown"),
    [
        ("drive.google.com/file/d/{fid}/view", True),  # pasted without https://
        ("  <https://drive.google.com/file/d/{fid}/view?usp=sharing>. ", True),
        ("videos/inovasi.mp4", False),  # a local path is never quoted to the agency
    ],
)
def test_the_notice_quotes_the_link_as_sent_whatever_its_shape(
    env: Env, drive_server: DriveServer, make_media: Callable[[str], Path], tmp_path: Path,
    pasted: str, shown: bool,
) -> None:  # fmt: skip
    """Whether the registry cell is a link is decided in one place (the link reading of
    the fetch stage), so a link pasted without its scheme is quoted like any other."""
    fid = drive_server.add_file("inovasi.mp4", make_media("short_59"))
    link = pasted.format(fid=fid)
    (tmp_path / "videos").mkdir()
    (tmp_path / "videos" / "inovasi.mp4").write_bytes(make_media("short_59").read_bytes())
    validate(entry(link).model_copy(update={"registry_path": tmp_path / "r.csv"}), env)
    notice = notice_of(env)
    assert ("Link yang dikirim: " + link.strip() + "\n" in notice) is shown
    assert ("Link yang dikirim:" in notice) is shown


@pytest.mark.parametrize(
    ("cell", "key"),
    [
        (r"C:\Users\Ani\Videos\inovasi.mp4", "fetch.local_windows"),  # another computer
        ("videos/inovasi (1).mp4", "fetch.local_missing"),  # a typo
        ("../elsewhere/inovasi.mp4", "fetch.local_outside"),
    ],
)
def test_the_officers_own_row_is_an_error_with_no_notice(
    env: Env, tmp_path: Path, cell: str, key: str
) -> None:
    """A local path kipp cannot use is the officer's row: ``error`` saying which registry
    row to check, and nothing is written for the agency (issue 22)."""
    outcome = validate(entry(cell).model_copy(update={"registry_path": tmp_path / "r.csv"}), env)
    report = outcome.report
    assert report.verdict is Verdict.ERROR
    check = next(c for c in report.checks if c.id == "fetch.access")
    assert check.key == key
    assert "periksa baris 2 registri" in check.message or "di baris 2 registri" in check.message
    assert check.message.endswith("tidak ada pesan untuk instansi.")
    assert not (env.out / "dinas-kesehatan" / "pesan.txt").exists()


# ------------------------------------------------- said to the agency, in its voice
def body(notice: str) -> str:
    """The notice between the verdict and the deadline: what to fix."""
    return notice.split("\n\n")[2]


def test_a_registry_row_without_a_link_asks_the_agency_for_its_link(env: Env) -> None:
    wori = Entry(entry_id="dinas-kesehatan", agency="Kecamatan Wori", link="", row=7)
    validate(wori, env)
    assert body(notice_of(env)) == (
        "Yang perlu diperbaiki:\n"
        "- Pendaftaran Anda belum berisi link video. Kirim link Google Drive video Anda (di "
        "Google Drive: klik kanan video > Bagikan > Salin link)."
    )
    english = validate(wori, replace(env, lang="en"))
    assert english.report.language == "en"
    assert body(notice_of(env)) == (
        "What to fix:\n"
        "- Your entry has no video link. Send the Google Drive link of your video (in Google "
        "Drive: right-click the video > Share > Copy link)."
    )


def test_words_instead_of_a_link_ask_the_agency_for_one_of_an_accepted_service(
    env: Env, config_2025: Config
) -> None:
    """ "belum ada" in the link column: the agency is asked for a link (2024: of Drive;
    2025: of any service it accepts), never told a file was not found."""
    words = Entry(entry_id="dinas-kesehatan", agency="Dinas Kesehatan", link="belum ada", row=3)
    validate(words, env)
    assert body(notice_of(env)) == (
        "Yang perlu diperbaiki:\n"
        "- Isian link pada pendaftaran Anda (belum ada) bukan sebuah link. Kirim link Google "
        "Drive video Anda (di Google Drive: klik kanan video > Bagikan > Salin link)."
    )
    validate(words, replace(env, config=config_2025, lang="en"))
    assert body(notice_of(env)) == (
        "What to fix:\n"
        "- The link you entered (belum ada) is not a link. Send a link to your video that "
        "anyone can open, stored on Google Drive, YouTube, Dropbox, OneDrive/SharePoint, "
        "https."
    )


@pytest.mark.parametrize(
    ("name", "id_text", "en_text"),
    [
        (
            "zero_bytes",
            "- Berkas inovasi.mp4 kosong (0 byte): unggahannya tidak berisi apa pun. Unggah "
            "ulang berkas video aslinya.",
            "- The file inovasi.mp4 is empty (0 bytes): nothing was uploaded. Upload the "
            "original video file again.",
        ),
        (
            "truncated_noindex",
            "- Berkas inovasi.mp4 tidak lengkap: unggahannya terpotong, sehingga tidak dapat "
            "diputar sebagai video. Unggah ulang berkas video aslinya dan tunggu sampai "
            "unggahan selesai.",
            "- The file inovasi.mp4 is incomplete: the upload was cut off, so it cannot be "
            "played as a video. Upload the original video file again and wait until the "
            "upload has finished.",
        ),
    ],
)
def test_an_empty_or_cut_off_upload_is_named_with_its_fix(
    env: Env, make_media: Callable[[str], Path], tmp_path: Path,
    name: str, id_text: str, en_text: str,
) -> None:  # fmt: skip
    """Not "the file is not a video": the cause the officer's report gives, and its fix."""
    (tmp_path / "inovasi.mp4").write_bytes(make_media(name).read_bytes())
    sent = entry("inovasi.mp4").model_copy(update={"registry_path": tmp_path / "r.csv"})
    assert validate(sent, env).report.verdict == "fail"
    assert body(notice_of(env)) == "Yang perlu diperbaiki:\n" + id_text
    validate(sent, replace(env, lang="en"))
    assert body(notice_of(env)) == "What to fix:\n" + en_text


def test_a_cut_off_upload_that_still_plays_says_where_playback_stops(
    env: Env, make_media: Callable[[str], Path], tmp_path: Path
) -> None:
    """The index survived, so the file probes, but playback stops where the upload was
    cut: the notice gives that point (the check's figure) and the fix."""
    (tmp_path / "inovasi.mp4").write_bytes(make_media("truncated_mp4").read_bytes())
    sent = entry("inovasi.mp4").model_copy(update={"registry_path": tmp_path / "r.csv"})
    report = validate(sent, env).report
    decode = next(c for c in report.checks if c.id == "integrity.decode")
    assert report.analysis is not None and report.analysis.decoded_s is not None
    stop = clock(report.analysis.decoded_s)
    assert decode.message == (
        "Video rusak: berkas tidak dapat diputar sampai selesai (pemutaran terhenti karena "
        f"galat pada {stop} dari 1:30). Minta instansi mengekspor ulang video dari aplikasi "
        "penyuntingnya, lalu mengunggahnya kembali."
    )
    assert 0 < report.analysis.decoded_s < 60  # the second half is missing
    assert body(notice_of(env)) == (
        "Yang perlu diperbaiki:\n"
        f"- Berkas video rusak atau terpotong: pemutarannya berhenti pada {stop} dari 1:30. "
        "Unggah ulang berkas video aslinya sampai selesai; bila masih terhenti, ekspor ulang "
        "video dari aplikasi penyuntingnya."
    )
    validate(sent, replace(env, lang="en"))
    assert body(notice_of(env)) == (
        "What to fix:\n"
        f"- The video file is damaged or cut short: playback stops at {stop} of 1:30. Upload "
        "the original video file again, to the end; if it still stops, export the video "
        "again from its editing app."
    )


YT_KEY = "AIzaSy-kipp-test-notices-0123456789"


@pytest.fixture
def youtube(monkeypatch: pytest.MonkeyPatch) -> Iterator[YouTubeServer]:
    monkeypatch.setenv("KIPP_RETRY_WAIT_SCALE", "0")
    with YouTubeServer(api_keys={YT_KEY}) as server:
        monkeypatch.setenv("KIPP_YOUTUBE_API_KEY", YT_KEY)
        monkeypatch.setenv("KIPP_YOUTUBE_ENDPOINT", server.endpoint)
        yield server


@pytest.mark.parametrize(
    ("facts", "id_text", "en_text"),
    [
        (
            {"privacy": "private"},
            "- Video YouTube yang dikirim tidak dapat dibuka: videonya Pribadi (Private), "
            "sudah dihapus, atau link-nya salah. Buka YouTube Studio > Konten, atur "
            "Visibilitas video menjadi Publik atau Tidak publik (Unlisted), lalu kirim link "
            "video itu.",
            "- The YouTube video you sent cannot be opened: it is private, deleted, or the "
            "link is wrong. Open YouTube Studio > Content, set the video's Visibility to "
            "Public or Unlisted, then send its link.",
        ),
        (
            {"live": "upcoming", "duration": "P0D"},
            "- Video YouTube yang dikirim adalah tayangan perdana (Premiere) atau siaran "
            "terjadwal yang belum dimulai, jadi belum dapat kami periksa. Unggah videonya "
            "sebagai video biasa (Publik atau Tidak publik) sebelum batas waktu.",
            "- The YouTube video you sent is a Premiere or a scheduled stream that has not "
            "started, so we cannot check it yet. Upload it as a regular video (Public or "
            "Unlisted) before the deadline.",
        ),
    ],
)
def test_a_private_or_premiere_youtube_video_says_what_the_agency_does(
    youtube: YouTubeServer, config_2025: Config, tmp_path: Path,
    facts: dict[str, str], id_text: str, en_text: str,
) -> None:  # fmt: skip
    link = youtube.add_video("AbCdEfGhIj0", title="Posyandu Digital", **facts)
    env = Env(config_2025, tmp_path / "out", "id", tmp_path / "cache", clock=lambda: BEFORE)
    assert validate(entry(link), env).report.verdict == "fail"
    assert body(notice_of(env)) == "Yang perlu diperbaiki:\n" + id_text
    validate(entry(link), replace(env, lang="en"))
    assert body(notice_of(env)) == "What to fix:\n" + en_text


def test_a_scored_entry_that_fails_on_a_new_file_gets_a_notice_without_scores(
    env: Env, make_media: Callable[[str], Path], tmp_path: Path
) -> None:
    """Scores are the officers' and the jury's: the agency's notice (pesan.txt,
    pesan-instansi.csv, `kipp notices`) never carries one, even for an entry the jury
    scored before a new file made it fail (issue 21)."""
    registry = tmp_path / "registry" / "registry.csv"
    video = registry.parent / "posyandu.mp4"
    video.parent.mkdir()
    shutil.copy(make_media("valid_90"), video)
    posyandu = entry(video.name).model_copy(update={"registry_path": registry})
    first = validate(posyandu, env).report
    assert first.verdict is Verdict.PASS, first.reason
    judging = env.config.judging
    assert judging is not None
    values = {"kebaruan": 91, "kebermanfaatan": 87, "keberlanjutan": 83, "replikasi": 79,
              "dampak": 97}  # fmt: skip
    for juror in judging.scorers(judging.rounds[0]):
        sheet = ScoreSource(kind="sheet", name=f"{juror.id}.xlsx")
        record_scores(env.store, judging, juror.id, "video", {"dinas-kesehatan": values},
                      by="Petugas", source=sheet)  # fmt: skip
    shutil.copy(make_media("short_59"), video)  # the agency's new upload, too short
    failed = validate(posyandu, env).report
    assert failed.verdict is Verdict.FAIL
    (scored,) = tally(env.store, judging).round("video").entries
    assert scored.flags == ("not_eligible", "file_changed") and scored.mean == 88.5
    reports = [failed]
    notices = stored_notices(env.store, ["dinas-kesehatan"])
    write_summary(summarize(reports, env.config, "id", BEFORE), reports, env.out, env.config,
                  notices)  # fmt: skip
    registry.write_text(
        "Stempel waktu;Nama Instansi;Judul Inovasi;Jenis Inovasi;Link Video\n"
        f"30/05/2024 09:00:00;Dinas Kesehatan;Posyandu Digital;Pelayanan Publik;{video.name}\n",
        "utf-8",
    )
    common = ["--config", str(CONFIG_2024), "--registry", str(registry), "--out", str(env.out)]
    shown = [
        CliRunner().invoke(main, ["notices", *common, *lang], env={"COLUMNS": "200"})
        for lang in ([], ["--lang", "en"])
    ]
    assert [r.exit_code for r in shown] == [0, 0]
    texts = {
        "pesan.txt": notice_of(env),
        "pesan-instansi.csv": (env.out / "pesan-instansi.csv").read_text("utf-8"),
        "kipp notices": shown[0].stdout,
        "kipp notices --lang en": shown[1].stdout,
    }
    assert "Durasi video 0:59, minimal 1:00." in texts["pesan.txt"]
    assert (
        "0:59" in texts["kipp notices --lang en"]
        and "Dear Dinas" in texts["kipp notices --lang en"]
    )
    said = {str(v) for v in values.values()} | {"88,5", "88.5", "88,50", "88.50"}
    said |= {w for j in judging.jurors for w in (j.id, j.name, j.title)} | {
        "nilai", "juri", "peringkat", "nominasi", "score", "juror", "rank", "nominee"}  # fmt: skip
    for where, text in texts.items():
        text = text.replace(str(tmp_path), "OUT").casefold()  # the command names its folder
        found = sorted(w for w in said if re.search(rf"\b{re.escape(w.casefold())}\b", text))
        assert found == [], (where, found)
