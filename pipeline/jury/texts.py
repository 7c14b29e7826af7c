"""The jury's messages an officer or juror reads, Bahasa Indonesia first, English second
(``pipeline.i18n``): ``jury.bad.*`` why scores or a sheet were refused (each names where
and what to do).  The terminal's words live in ``pipeline.jury.words``."""

from __future__ import annotations

from pipeline import i18n

i18n.register(
    {
        "jury.bad.round_unknown": {
            "id": "Babak '{round}' tidak ada dalam [judging] konfigurasi: pakai salah satu dari "
            "{known}.",
            "en": "Round '{round}' is not in the config's [judging]: use one of {known}.",
        },
        "jury.bad.juror_unknown": {
            "id": "Juri '{juror}' tidak ada dalam [judging] konfigurasi: pakai salah satu dari "
            "{known}.",
            "en": "Juror '{juror}' is not in the config's [judging]: use one of {known}.",
        },
        "jury.bad.not_scorer": {
            "id": "{juror} tidak menilai babak {round} (lihat scorers babak itu di konfigurasi).",
            "en": "{juror} does not score round {round} (see that round's scorers in the config).",
        },
        "jury.bad.entry_not_in_round": {
            "id": "{where}: entri ini tidak dinilai pada babak {round} (tidak lolos validasi "
            "atau tidak masuk nominasi): hapus barisnya, atau buat lembar baru dengan "
            "kipp jury sheets.",
            "en": "{where}: this entry is not scored in round {round} (it did not pass "
            "validation or was not nominated): remove its row, or make a new sheet with "
            "kipp jury sheets.",
        },
        "jury.bad.entry_unknown": {
            "id": "Entri '{entry}' tidak dikenal: pakai nama folder laporannya (entry_id).",
            "en": "Entry '{entry}' is unknown: use its report folder name (entry_id).",
        },
        "jury.bad.criterion_unknown": {
            "id": "{where}: kriteria ini tidak ada di babak ini; kriteria yang ada: {known}.",
            "en": "{where}: no such criterion in this round; its criteria are {known}.",
        },
        "jury.bad.not_a_number": {
            "id": "{where}: '{value}' bukan angka: isi angka {low}–{high}.",
            "en": "{where}: '{value}' is not a number: enter a number from {low} to {high}.",
        },
        "jury.bad.out_of_range": {
            "id": "{where}: {value} di luar skala {low}–{high}: isi angka dalam skala itu.",
            "en": "{where}: {value} is outside the scale {low}–{high}: enter a number on it.",
        },
        "jury.bad.off_step": {
            "id": "{where}: {value} tidak sesuai langkah skala ({step}): isi kelipatan {step} "
            "dari {low}.",
            "en": "{where}: {value} is off the scale's step ({step}): enter {low} plus a "
            "multiple of {step}.",
        },
        "jury.bad.recused": {
            "id": "{where}: {juror} tidak menilai {agency} (instansi sendiri atau konflik "
            "kepentingan yang dinyatakan): kosongkan nilainya.",
            "en": "{where}: {juror} does not score {agency} (their own agency or a declared "
            "conflict of interest): leave it empty.",
        },
        "jury.bad.handed_in": {
            "id": "{juror} sudah menyerahkan babak {round}: nilai tidak bisa diubah lagi di "
            "sini; minta petugas membukanya kembali (kipp jury reopen).",
            "en": "{juror} has handed in round {round}: scores cannot be changed here any "
            "more; ask an officer to reopen it (kipp jury reopen).",
        },
        "jury.bad.unscored": {
            "id": "{where}: belum dinilai lengkap oleh {juror}: isi semua kriterianya dulu.",
            "en": "{where}: not fully scored by {juror} yet: fill in every criterion first.",
        },
        "jury.bad.no_reason": {
            "id": "Tulis alasan konflik kepentingannya (--reason).",
            "en": "Give the reason for the conflict of interest (--reason).",
        },
        "jury.bad.no_withdraw_reason": {
            "id": "Tulis mengapa konfliknya ditarik (--reason).",
            "en": "Give the reason the conflict is withdrawn (--reason).",
        },
        "jury.bad.no_conflict": {
            "id": "{juror} tidak sedang menyatakan konflik dengan entri '{entry}' (tidak pernah "
            "dinyatakan, atau sudah ditarik): tidak ada yang ditarik.",
            "en": "{juror} has no standing conflict with entry '{entry}' (never declared, or "
            "already withdrawn): nothing to withdraw.",
        },
        "jury.bad.own_agency_conflict": {
            "id": "{juror} memimpin instansi entri '{entry}': aturan [judging] (agency juri) "
            "yang membuatnya tidak menilai, bukan pernyataan konflik; ini tidak dapat ditarik.",
            "en": "{juror} leads the agency of entry '{entry}': the [judging] rules (the "
            "juror's agency) keep them from scoring it, not a declaration; it cannot be "
            "withdrawn.",
        },
        "jury.bad.tie_not_declared": {
            "id": "Aturan penilaian tidak menyerahkan seri pada juri kehormatan ({scope}): "
            "seri hanya diputus oleh langkah tie_break yang dinyatakan di konfigurasi.",
            "en": "The rules do not leave ties to the honorary judge ({scope}): a tie is "
            "broken only by the tie_break steps the config declares.",
        },
        "jury.bad.scope_unknown": {
            "id": "Lingkup seri '{scope}' tidak dikenal: pakai salah satu dari {known}.",
            "en": "Tie scope '{scope}' is unknown: use one of {known}.",
        },
        "jury.bad.tie_order": {
            "id": "Sebutkan sedikitnya dua entri, urut dari yang terbaik.",
            "en": "Name at least two entries, best first.",
        },
        "jury.bad.no_judging": {
            "id": "Konfigurasi {config} belum punya bagian [judging]: tambahkan juri, babak "
            "dan kriteria (lihat README, Penjurian).",
            "en": "The config {config} has no [judging] part yet: add the jurors, rounds and "
            "criteria (see README, Penjurian).",
        },
    }
)
