"""The counting sheets' words and why a counting sheet was refused (``jury.count.*``)."""

from __future__ import annotations

from pipeline import i18n

i18n.register(
    {
        "jury.count.title": {
            "id": "Lembar hitungan {label} – {competition}",
            "en": "Counting sheet, {label} – {competition}",
        },
        "jury.count.how": {
            "id": "Hitung reaksi dan komentar setiap unggahan pada batas waktu ({cutoff} WITA), "
            "sendiri tanpa melihat hitungan petugas lain. Isi waktu menghitung, nama Anda dan "
            "nama berkas tangkapan layar.",
            "en": "Count each post's reactions and comments at the cut-off ({cutoff} local "
            "time), on your own, without looking at the other officer's count. Fill in when you "
            "counted, your name and the screenshot's file name.",
        },
        "jury.count.bad.no_favourite": {
            "id": "Konfigurasi tidak punya [judging.favourite]: tambahkan aturan inovasi "
            "terfavorit dulu.",
            "en": "The config has no [judging.favourite]: add the public favourite's rule first.",
        },
        "jury.count.bad.not_kipp": {
            "id": "{file} bukan lembar hitungan dari kipp jury favourite-sheets: isi lembar itu.",
            "en": "{file} is not a counting sheet from kipp jury favourite-sheets: fill in that "
            "sheet.",
        },
        "jury.count.bad.other": {
            "id": "{file} bukan lembar hitungan kompetisi ini: pakai lembar dari kipp jury "
            "favourite-sheets.",
            "en": "{file} is not this competition's counting sheet: use the sheet from kipp jury "
            "favourite-sheets.",
        },
        "jury.count.bad.header": {
            "id": "{file}: baris judul (baris {row}) diubah: kembalikan kolom entry_id, agency, "
            "post_link, reactions, comments, counted_at, counted_by, screenshot.",
            "en": "{file}: the header row (row {row}) was changed: put back the columns "
            "entry_id, agency, post_link, reactions, comments, counted_at, counted_by, "
            "screenshot.",
        },
        "jury.count.bad.repeated": {
            "id": "{where}: entri {entry} muncul dua kali: hapus baris yang dobel.",
            "en": "{where}: entry {entry} appears twice: remove the repeated row.",
        },
        "jury.count.bad.extra": {
            "id": "{where}: entri {entry} tidak lolos validasi atau tidak dikenal: hapus barisnya.",
            "en": "{where}: entry {entry} did not pass validation or is unknown: remove its row.",
        },
        "jury.count.bad.missing": {
            "id": "{file}: baris entri {entry} hilang: kembalikan dan isi hitungannya.",
            "en": "{file}: the row of entry {entry} is missing: put it back and fill in its count.",
        },
        "jury.count.bad.empty": {
            "id": "{where}: {what} kosong: isi hasil hitungan (0 bila tidak ada).",
            "en": "{where}: {what} is empty: fill in the count (0 when there is none).",
        },
        "jury.count.bad.count": {
            "id": "{where}: '{value}' bukan bilangan bulat 0 atau lebih: isi jumlah yang terlihat.",
            "en": "{where}: '{value}' is not a whole number of 0 or more: enter the count shown.",
        },
        "jury.count.bad.time": {
            "id": "{where}: waktu menghitung '{value}' tidak terbaca: tulis seperti "
            "04-06-2024 23:59.",
            "en": "{where}: the counting time '{value}' cannot be read: write it like "
            "04-06-2024 23:59.",
        },
        "jury.count.bad.early": {
            "id": "{where}: dihitung {at}, sebelum batas waktu {cutoff}: hitung lagi sesudah "
            "batas waktu.",
            "en": "{where}: counted at {at}, before the cut-off {cutoff}: count again after the "
            "cut-off.",
        },
        "jury.count.bad.link": {
            "id": "{where}: '{value}' bukan tautan unggahan (https://...): salin tautan "
            "unggahannya.",
            "en": "{where}: '{value}' is not a post link (https://...): copy the post's link.",
        },
        "jury.count.bad.counter": {
            "id": "{file}: counted_by harus berisi satu nama petugas yang sama di setiap baris "
            "(ditemukan: {names}).",
            "en": "{file}: counted_by must hold one officer's name, the same on every row "
            "(found: {names}).",
        },
    }
)
