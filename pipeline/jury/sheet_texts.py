"""Why a filled sheet (a juror's score sheet, a counter's sheet) was refused: each message
names the file, the cell and what to do (``pipeline.i18n`` keys ``jury.sheet.bad.*``)."""

from __future__ import annotations

from pipeline import i18n

i18n.register(
    {
        "jury.sheet.bad.unreadable": {
            "id": "{file} tidak bisa dibaca ({reason}): periksa nama dan izin berkasnya.",
            "en": "{file} cannot be read ({reason}): check its name and permissions.",
        },
        "jury.sheet.bad.too_big": {
            "id": "{file} terlalu besar ({mb} MB) untuk lembar penilaian: pakai lembar yang "
            "dibuat kipp.",
            "en": "{file} is too large ({mb} MB) for a score sheet: use the sheet kipp made.",
        },
        "jury.sheet.bad.not_xlsx": {
            "id": "{file} bukan berkas Excel (.xlsx) yang bisa dibaca: simpan lembarnya sebagai "
            "Excel Workbook (.xlsx), lalu impor lagi.",
            "en": "{file} is not a readable Excel file (.xlsx): save the sheet as an Excel "
            "Workbook (.xlsx) and import it again.",
        },
        "jury.sheet.bad.not_kipp": {
            "id": "{file} bukan lembar yang dibuat kipp (lembar tersembunyi 'kipp' tidak ada): "
            "isi lembar dari kipp jury sheets, jangan menyalin ke berkas baru.",
            "en": "{file} was not made by kipp (its hidden 'kipp' sheet is missing): fill in the "
            "sheet kipp jury sheets made, not a copy in a new file.",
        },
        "jury.sheet.bad.no_header": {
            "id": "{file}: baris judul dengan kolom entry_id tidak ditemukan di lembar pertama: "
            "kembalikan baris itu (lihat lembar baru dari kipp jury sheets).",
            "en": "{file}: the header row with entry_id is missing from the first worksheet: "
            "put it back (see a new sheet from kipp jury sheets).",
        },
        "jury.sheet.bad.competition": {
            "id": "{file} dibuat untuk kompetisi '{found}', bukan '{expected}': pakai lembar "
            "kompetisi ini.",
            "en": "{file} was made for competition '{found}', not '{expected}': use this "
            "competition's sheet.",
        },
        "jury.sheet.bad.juror": {
            "id": "{file} adalah lembar juri '{found}', bukan '{expected}': impor lembar juri "
            "yang benar.",
            "en": "{file} is juror '{found}''s sheet, not '{expected}''s: import the right "
            "juror's sheet.",
        },
        "jury.sheet.bad.round": {
            "id": "{file} adalah lembar babak '{found}', bukan '{expected}': impor lembar babak "
            "yang benar.",
            "en": "{file} is a sheet of round '{found}', not '{expected}': import the right "
            "round's sheet.",
        },
        "jury.sheet.bad.juror_unknown": {
            "id": "{file} untuk juri '{found}' yang tidak ada dalam [judging] konfigurasi: "
            "buat lembar baru dengan kipp jury sheets.",
            "en": "{file} is for juror '{found}', who is not in the config's [judging]: make a "
            "new sheet with kipp jury sheets.",
        },
        "jury.sheet.bad.round_unknown": {
            "id": "{file} untuk babak '{found}' yang tidak ada dalam [judging] konfigurasi: "
            "buat lembar baru dengan kipp jury sheets.",
            "en": "{file} is for round '{found}', which is not in the config's [judging]: make "
            "a new sheet with kipp jury sheets.",
        },
        "jury.sheet.bad.column_missing": {
            "id": "{file}: kolom kriteria {criterion} tidak ada di baris judul: kembalikan "
            "kolom itu.",
            "en": "{file}: the criterion column {criterion} is missing from the header row: "
            "put it back.",
        },
        "jury.sheet.bad.missing_entry": {
            "id": "{file}: baris entri {entry} hilang: kembalikan barisnya (salin dari lembar "
            "baru dari kipp jury sheets).",
            "en": "{file}: the row of entry {entry} is missing: put it back (copy it from a new "
            "sheet from kipp jury sheets).",
        },
        "jury.sheet.bad.extra_entry": {
            "id": "{file}, sel {cell}: entri {entry} tidak ada di lembar ini semula: hapus "
            "barisnya.",
            "en": "{file}, cell {cell}: entry {entry} was not on this sheet: remove its row.",
        },
        "jury.sheet.bad.repeated_entry": {
            "id": "{file}, sel {cell}: entri {entry} muncul dua kali: hapus baris yang dobel.",
            "en": "{file}, cell {cell}: entry {entry} appears twice: remove the repeated row.",
        },
        "jury.sheet.bad.list_changed": {
            "id": "{file}: daftar entri berubah sejak lembar dibuat (baru: {added}; keluar: "
            "{removed}): buat lembar baru dengan kipp jury sheets dan salin nilainya.",
            "en": "{file}: the entry list changed since the sheet was made (new: {added}; "
            "gone: {removed}): make a new sheet with kipp jury sheets and copy the scores.",
        },
        "jury.sheet.bad.weight_changed": {
            "id": "{file}, sel {cell}: bobot {criterion} diubah ({found}; yang ditetapkan "
            "{declared}): kembalikan bobotnya, bobot tidak diubah di lembar.",
            "en": "{file}, cell {cell}: the weight of {criterion} was changed ({found}; declared "
            "{declared}): put it back; weights are not changed in the sheet.",
        },
        "jury.sheet.bad.weights_since": {
            "id": "{file}: bobot {criterion} di konfigurasi berubah sejak lembar dibuat ({made} "
            "-> {declared}): buat lembar baru dengan kipp jury sheets.",
            "en": "{file}: the config's weight of {criterion} changed since the sheet was made "
            "({made} -> {declared}): make a new sheet with kipp jury sheets.",
        },
    }
)
