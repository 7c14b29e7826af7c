"""The words of the judging page and the entry page's judging block (``jury.page.*``):
Bahasa Indonesia first, English with ``--lang en``.

    word(key, lang) -> str
"""

from __future__ import annotations

from pipeline import i18n

WORDS = {
    "title": ("Penjurian", "Judging"),
    "draft": (
        "DRAF: ada nilai atau hitungan yang belum masuk; hasil dapat berubah.",
        "DRAFT: some scores or counts are still missing; the results may change.",
    ),
    "final_state": ("Semua nilai dan hitungan sudah masuk.", "Every score and count is in."),
    "to_index": ("Daftar entri", "Entries"),
    "files": ("Berkas", "Files"),
    "flagged": ("Berubah sesudah dinilai", "Changed after scoring"),
    "flagged_hint": (
        "Nilainya tetap disimpan; entri ini tidak maju dan tidak menang selama tidak lolos.",
        "Its scores are kept; it does not advance or win while it does not pass.",
    ),
    "progress": ("Kemajuan penilaian", "Scoring progress"),
    "complete": ("lengkap", "complete"),
    "incomplete": ("belum lengkap", "not complete"),
    "no_entries": (
        "belum ada entri (menunggu hasil validasi atau nominasi)",
        "no entries yet (waiting for validation or nominations)",
    ),
    "juror": ("Juri", "Juror"),
    "scored": ("Dinilai", "Scored"),
    "handed_in": ("Diserahkan", "Handed in"),
    "yes": ("ya", "yes"),
    "no": ("belum", "not yet"),
    "missing_list": ("Belum dinilai", "Missing"),
    "draft_list": ("Draf belum diserahkan", "Drafts not handed in"),
    "recused_list": ("Tidak menilai", "Does not score"),
    "waiting": ("Menunggu nilai", "Waiting for"),
    "entries": ("entri", "entries"),
    "rank": ("Peringkat", "Rank"),
    "agency": ("Instansi", "Agency"),
    "mean": ("Rata-rata", "Mean"),
    "median": ("Median", "Median"),
    "spread": ("Selisih", "Spread"),
    "spread_hint": (
        "Selisih = nilai juri tertinggi − terendah: di mana juri tidak sepakat.",
        "Spread = highest − lowest juror score: where the jury disagrees.",
    ),
    "cell_hint": (
        "× tidak menilai (arahkan ke sel untuk alasannya) · – belum ada nilai · … draf atau "
        "belum lengkap. Arahkan ke nilai untuk angka persisnya dan asalnya.",
        "× does not score (hover for why) · – no score yet · … a draft or partly filled. "
        "Hover a score for its exact value and where it came from.",
    ),
    "recusals": ("Tidak menilai", "Recused"),
    "ties": ("Seri", "Ties"),
    "tie_broken_by": ("seri dipecah", "tie broken"),
    "nominees": ("Nominasi", "Nominees"),
    "nominee": ("nominasi", "nominee"),
    "no_nominees": (
        "Nominasi ditetapkan setelah semua nilai babak ini masuk.",
        "The nominees are set once every score of this round is in.",
    ),
    "cut_tied": (
        "Seri di batas nominasi: semua yang seri ikut maju.",
        "A tie sits at the cut: every tied entry advances.",
    ),
    "final": ("Peringkat akhir", "Final ranking"),
    "total": ("Nilai akhir", "Total"),
    "winners": ("Pemenang", "Winners"),
    "no_winners": (
        "Pemenang belum dapat ditetapkan: nilai belum lengkap.",
        "No winners yet: scores are missing.",
    ),
    "favourite": ("Inovasi terfavorit", "Public favourite"),
    "post": ("unggahan", "post"),
    "counts_hint": ("reaksi / komentar per penghitung", "reactions / comments per counter"),
    "agreed": ("sama", "agree"),
    "recount": ("hitung ulang", "recount"),
    "missing": ("belum ada nilai", "no score yet"),
    "recused": ("tidak menilai", "does not score"),
    "draft_cell": ("draf, belum diserahkan", "a draft, not handed in"),
    "partial": ("belum semua kriteria diisi", "not every criterion filled"),
    "block": ("Penilaian juri", "The jury's scores"),
    "block_hint": (
        "Hanya untuk panitia dan petugas: nilai tidak pernah masuk ke pesan untuk instansi.",
        "For the committee and officers only: scores never go into the agency's notice.",
    ),
    "of": ("dari", "of"),
    "round": ("Babak", "Round"),
    "place": ("Juara", "Place"),
    "whole_page": ("Seluruh penjurian", "The whole judging"),
    "no_score": ("Belum dinilai.", "Not scored yet."),
}
i18n.register({f"jury.page.{k}": {"id": v[0], "en": v[1]} for k, v in WORDS.items()})


def word(key: str, lang: str) -> str:
    """One word of the judging pages (a key of ``WORDS``)."""
    return i18n.message(f"jury.page.{key}", lang)
