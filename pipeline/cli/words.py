"""Words the commands print in the terminal (table headers, summary lines), in Bahasa
Indonesia (the default) and English (``--lang en``): i18n keys ``cli.*``.

Paths are printed after a text, never passed through a message (messages cut local paths,
and an officer needs the whole path of OUT in the terminal).  Verdict words are the
reports' own (``verdict.<v>``, e.g. "Tidak lolos" / "Fail").
"""

from __future__ import annotations

from typing import Any

from pipeline import i18n
from pipeline.models import Verdict

i18n.register(
    {
        # kipp status
        "cli.status.agency": {"id": "Instansi", "en": "Agency"},
        "cli.status.verdict": {"id": "Hasil", "en": "Verdict"},
        "cli.status.version": {"id": "Versi", "en": "Version"},
        "cli.status.checked": {"id": "Diperiksa", "en": "Checked"},
        "cli.status.notice": {"id": "Pesan", "en": "Notice"},
        "cli.status.changes": {
            "id": "Berubah sejak run sebelumnya",
            "en": "Changed since the run before",
        },
        "cli.status.not_checked": {"id": "belum diperiksa", "en": "not checked yet"},
        "cli.status.written": {"id": "ditulis {when}", "en": "written {when}"},
        "cli.status.entry_changed": {
            "id": ", entri berubah sesudahnya",
            "en": ", entry changed since",
        },
        "cli.status.last_run": {
            "id": "Run terakhir: #{id} {command}, mulai {started}, {status}.",
            "en": "Last run: #{id} {command}, started {started}, {status}.",
        },
        "cli.run.done": {"id": "selesai", "en": "done"},
        "cli.run.running": {"id": "sedang berjalan", "en": "running"},
        "cli.run.failed": {"id": "gagal", "en": "failed"},
        "cli.run.interrupted": {"id": "terputus", "en": "interrupted"},
        "cli.change.new_entry": {"id": "entri baru", "en": "new entry"},
        "cli.change.new_link": {"id": "link baru", "en": "new link"},
        "cli.change.changed_file": {"id": "berkas berubah", "en": "changed file"},
        "cli.change.verdict": {
            "id": "hasil {before} -> {after}",
            "en": "verdict {before} -> {after}",
        },
        # kipp history
        "cli.history.version": {"id": "Versi", "en": "Version"},
        "cli.history.validated": {"id": "Diperiksa pada", "en": "Validated"},
        "cli.history.verdict": {"id": "Hasil", "en": "Verdict"},
        "cli.history.tool": {"id": "Versi kipp", "en": "kipp version"},
        "cli.history.reason": {"id": "Alasan", "en": "Reason"},
        "cli.history.none": {
            "id": "{agency} belum punya laporan: jalankan kipp run atau kipp rerun.",
            "en": "{agency} has no report yet: run kipp run or kipp rerun.",
        },
        "cli.files": {"id": "Berkas:", "en": "Files:"},
        # kipp notices
        "cli.notices.none": {
            "id": "Tidak ada pesan untuk {who}: semua entri yang sudah diperiksa lolos, atau "
            "belum ada yang diperiksa (kipp run).",
            "en": "No notice for {who}: every entry checked so far passed, or none was "
            "checked yet (kipp run).",
        },
        "cli.notices.anyone": {"id": "entri mana pun", "en": "any entry"},
        "cli.notices.count": {"id": "{n} pesan; berkas:", "en": "{n} notice(s); files:"},
        # kipp review
        "cli.review.present": {"id": "ada pada {at}", "en": "present at {at}"},
        "cli.review.absent": {"id": "tidak ada", "en": "absent"},
        "cli.review.recorded": {
            "id": "Dicatat: {agency}, bagian {section} {seen}, oleh {by}.",
            "en": "Recorded: {agency}, section {section} {seen}, by {by}.",
        },
        "cli.review.version": {"id": "Laporan versi {version}:", "en": "Report version {version}:"},
        "cli.review.duplicate_same": {
            "id": "Dicatat: video {agency} dan {other} SAMA, oleh {by}.",
            "en": "Recorded: the videos of {agency} and {other} are THE SAME, by {by}.",
        },
        "cli.review.duplicate_different": {
            "id": "Dicatat: video {agency} dan {other} berbeda, oleh {by}.",
            "en": "Recorded: the videos of {agency} and {other} are different, by {by}.",
        },
        # kipp check-link
        "cli.link.not_checked.drive": {
            "id": "(berkasnya sendiri belum diperiksa: kipp tidak punya akses Google Drive; "
            "beri --credentials KEY.json atau atur KIPP_DRIVE_API_KEY)",
            "en": "(the file itself was not checked: kipp has no Google Drive access; pass "
            "--credentials KEY.json or set KIPP_DRIVE_API_KEY)",
        },
        "cli.link.not_checked.youtube": {
            "id": "(videonya sendiri belum diperiksa: kipp tidak punya akses YouTube Data API; "
            "beri --credentials KEY.json atau atur KIPP_YOUTUBE_API_KEY)",
            "en": "(the video itself was not checked: kipp has no YouTube Data API access; "
            "pass --credentials KEY.json or set KIPP_YOUTUBE_API_KEY)",
        },
        "cli.link.ignored": {
            "id": "tidak dinilai (layanan lain): {links}",
            "en": "not judged (another service): {links}",
        },
        # kipp run: which registry column is used for what (first run), and its warnings
        "cli.columns": {"id": "Kolom registri: {uses}.", "en": "Registry columns: {uses}."},
        "cli.columns.use": {"id": "{role} = {headers}", "en": "{role} = {headers}"},
        "cli.columns.role.timestamp": {"id": "stempel waktu", "en": "timestamp"},
        "cli.columns.role.agency": {"id": "instansi", "en": "agency"},
        "cli.columns.role.title": {"id": "judul", "en": "title"},
        "cli.columns.role.innovation_type": {"id": "jenis inovasi", "en": "innovation type"},
        "cli.columns.role.link": {"id": "link video", "en": "video link"},
        "cli.columns.role.email": {"id": "e-mail", "en": "e-mail"},
        "cli.columns.role.phone": {"id": "telepon/WhatsApp", "en": "phone/WhatsApp"},
        "cli.columns.role.declared": {
            "id": "waktu bagian {section}",
            "en": "time of section {section}",
        },
        "cli.columns.repeated": {
            "id": "Peringatan: kolom {headers} ({role}) ada di {n} tempat (kolom {positions}); "
            "isinya digabung per baris: nilai pertama yang terisi dipakai.",
            "en": "Warning: column {headers} ({role}) appears {n} times (columns {positions}); "
            "merged per row: the first filled value is used.",
        },
        "cli.columns.unused_contact": {
            "id": "Peringatan: kolom '{header}' tampak seperti kontak (telepon/e-mail) tetapi "
            "tidak dipakai: tulis namanya di [registry.columns] phone atau email pada "
            "konfigurasi agar pesan dapat memakainya.",
            "en": "Warning: column '{header}' looks like a contact (phone/e-mail) but is not "
            "used: add its name under [registry.columns] phone or email in the config so "
            "the notices can use it.",
        },
        "cli.skipped": {
            "id": "kipp: run ini dilewati: {reason}",
            "en": "kipp: skipped this run: {reason}",
        },
        # kipp run / rerun / review: after the table
        "cli.count.pass": {"id": "lolos", "en": "pass"},
        "cli.count.fail": {"id": "tidak lolos", "en": "fail"},
        "cli.count.needs_review": {"id": "perlu ditinjau", "en": "needs_review"},
        "cli.count.error": {"id": "galat", "en": "error"},
        "cli.summary.counts": {"id": "{n} entri: {counts}.", "en": "{n} entries: {counts}."},
        "cli.summary.index": {"id": "Indeks:", "en": "Index:"},
        "cli.summary.pdf": {"id": "PDF:", "en": "PDF:"},
        "cli.summary.notices": {"id": "Pesan ({n}):", "en": "Notices ({n}):"},
    }
)


def say(key: str, lang: str, /, **params: Any) -> str:
    """The terminal text ``cli.<key>`` in ``lang`` (``id`` or ``en``)."""
    return i18n.message(f"cli.{key}", lang, **params)


def verdict(value: Verdict | str, lang: str) -> str:
    """A verdict as officers read it: "Tidak lolos" / "Fail" for ``fail``."""
    return i18n.message(f"verdict.{Verdict(value).value}", lang)


def count(value: Verdict | str, lang: str) -> str:
    """A verdict in the counts line after a run: "tidak lolos 10" / "fail 10"."""
    return say(f"count.{Verdict(value).value}", lang)
