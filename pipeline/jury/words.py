"""The words of the jury's files (score and counting sheets, the workbook, the signature
tables): Bahasa Indonesia first, English with ``--lang en`` (``pipeline.i18n`` keys
``jury.sheet.*``, ``jury.count.*``, ``jury.recused.*``, ``jury.flag.*``, ``jury.role.*``).

    role_word(role, lang) -> "Ketua"      a juror's role as a signature table names it
"""

from __future__ import annotations

from pipeline import i18n

i18n.register(
    {
        "jury.role.chair": {"id": "Ketua", "en": "Chair"},
        "jury.role.secretary": {"id": "Sekretaris", "en": "Secretary"},
        "jury.role.member": {"id": "Anggota", "en": "Member"},
        "jury.role.honorary": {"id": "Juri Kehormatan", "en": "Honorary judge"},
        "jury.sheet.title": {
            "id": "Lembar penilaian juri – {competition}",
            "en": "Juror's score sheet – {competition}",
        },
        "jury.sheet.juror": {"id": "Juri", "en": "Juror"},
        "jury.sheet.round": {"id": "Babak", "en": "Round"},
        "jury.sheet.how": {
            "id": "Isi nilai pada kolom kriteria (baris abu-abu tidak dinilai), simpan, lalu "
            "serahkan berkas ini kepada panitia. Jangan mengubah baris, kolom atau bobot.",
            "en": "Enter the scores in the criterion columns (grey rows are not scored), save, "
            "and hand this file to the committee. Do not change rows, columns or weights.",
        },
        "jury.sheet.criterion": {
            "id": "{label} ({low}–{high}, bobot {weight})",
            "en": "{label} ({low}–{high}, weight {weight})",
        },
        "jury.sheet.open": {"id": "Laporan", "en": "Report"},
        "jury.sheet.watch": {"id": "Video", "en": "Video"},
        "jury.sheet.invalid": {
            "id": "Isi angka {low}–{high}.",
            "en": "Enter a number from {low} to {high}.",
        },
        "jury.sheet.weights_note": {
            "id": "Bobot ditetapkan panitia sebelum penilaian dan tidak dapat diubah di lembar "
            "ini.",
            "en": "The committee set the weights before scoring; they cannot be changed here.",
        },
        "jury.recused.own_agency": {
            "id": "Tidak dinilai: {juror} tidak menilai {agency} (instansi sendiri).",
            "en": "Not scored: {juror} does not score {agency} (their own agency).",
        },
        "jury.recused.declared": {
            "id": "Tidak dinilai: {juror} menyatakan konflik kepentingan ({reason}).",
            "en": "Not scored: {juror} declared a conflict of interest ({reason}).",
        },
        "jury.recused.short": {
            "id": "{juror} tidak menilai {agency}",
            "en": "{juror} does not score {agency}",
        },
        "jury.flag.not_eligible": {
            "id": "hasil validasinya berubah sesudah dinilai: tidak lagi lolos",
            "en": "its verdict changed after scoring: it no longer passes",
        },
        "jury.flag.file_changed": {
            "id": "berkas videonya berganti sesudah dinilai",
            "en": "its video file changed after scoring",
        },
    }
)


def role_word(role: str, lang: str) -> str:
    """A juror's role (``chair``, ``secretary``, ``member``, ``honorary``) in words."""
    return i18n.message(f"jury.role.{role}", lang)
