"""Texts of every check message, in Bahasa Indonesia and English."""

from pipeline import i18n

i18n.register(
    {
        # fetch / source
        "check.fetch.ok": {
            "id": "Berkas berhasil diambil: {name} ({size} byte).",
            "en": "File fetched: {name} ({size} bytes).",
        },
        "check.fetch.facts": {
            "id": "Tautan dapat dibuka: {name} (data sumbernya sudah cukup untuk "
            "memutuskan, berkas tidak diunduh).",
            "en": "Link opened: {name} (its source's own facts already decide, so the "
            "file was not downloaded).",
        },
        "check.deadline.ok": {
            "id": "Berkas terakhir diubah {modified}, sebelum batas waktu {deadline}.",
            "en": "File last modified {modified}, before the deadline {deadline}.",
        },
        "check.deadline.late": {
            "id": "Berkas diubah {modified}, SETELAH batas waktu {deadline}: video diganti "
            "setelah pengumpulan ditutup.",
            "en": "File modified {modified}, AFTER the deadline {deadline}: the video was "
            "replaced after submissions closed.",
        },
        "check.deadline.published_ok": {
            "id": "Video diterbitkan di YouTube {modified}, sebelum batas waktu {deadline}.",
            "en": "Video published on YouTube {modified}, before the deadline {deadline}.",
        },
        "check.deadline.published_late": {
            "id": "Video diterbitkan di YouTube {modified}, SETELAH batas waktu {deadline}: "
            "video ini belum ada saat pengumpulan ditutup.",
            "en": "Video published on YouTube {modified}, AFTER the deadline {deadline}: it "
            "did not exist yet when submissions closed.",
        },
        "check.deadline.local": {
            "id": "Berkas lokal: waktu ubah berkas tidak dapat dibandingkan dengan batas waktu.",
            "en": "Local file: its modification time cannot be compared with the deadline.",
        },
        "check.deadline.unknown": {
            "id": "Google Drive tidak memberi waktu ubah berkas.",
            "en": "Google Drive gave no modification time for the file.",
        },
        "check.not_reached": {
            "id": "Tidak diperiksa: tahap sebelumnya tidak selesai.",
            "en": "Not checked: an earlier stage did not finish.",
        },
        "check.not_downloaded": {
            "id": "Tidak diperiksa: berkas tidak diunduh, karena data sumbernya sudah "
            "memutuskan hasilnya.",
            "en": "Not checked: the file was not downloaded, as its source's own facts "
            "already decide the verdict.",
        },
        "check.is_video.ok": {
            "id": "Berkas adalah video {container} ({codec}, {width}x{height}).",
            "en": "The file is a {container} video ({codec}, {width}x{height}).",
        },
        # duration
        "check.duration.min.ok": {
            "id": "Durasi {measured} memenuhi batas minimal {limit}.",
            "en": "Duration {measured} meets the minimum of {limit}.",
        },
        "check.duration.min.fail": {
            "id": "Durasi {measured} kurang dari batas minimal {limit}.",
            "en": "Duration {measured} is shorter than the minimum of {limit}.",
        },
        "check.duration.max.ok": {
            "id": "Durasi {measured} tidak melebihi batas maksimal {limit}.",
            "en": "Duration {measured} is within the maximum of {limit}.",
        },
        "check.duration.max.fail": {
            "id": "Durasi {measured} melebihi batas maksimal {limit}.",
            "en": "Duration {measured} is longer than the maximum of {limit}.",
        },
        "check.duration.picture.ok": {
            "id": "Gambar video berdurasi {measured}, memenuhi batas minimal {limit}.",
            "en": "The picture lasts {measured}, meeting the minimum of {limit}.",
        },
        "check.duration.picture.fail": {
            "id": "Gambar video hanya berdurasi {measured}, kurang dari batas minimal {limit}: "
            "sisa berkas hanya suara. Minta instansi mengekspor ulang video dengan gambar "
            "sepanjang durasinya.",
            "en": "The picture lasts only {measured}, shorter than the minimum of {limit}: "
            "the rest of the file is sound only. Ask the agency to export the video again "
            "with picture for its whole length.",
        },
        "check.no_rule": {
            "id": "Tidak ada aturan untuk ini dalam kompetisi ini.",
            "en": "This competition has no rule for this.",
        },
        # format
        "check.allowed.ok": {
            "id": "{what} {measured} diizinkan.",
            "en": "{what} {measured} is allowed.",
        },
        "check.allowed.fail": {
            "id": "{what} {measured} tidak diizinkan; yang diizinkan: {allowed}. Minta instansi "
            "mengekspor ulang video sebagai MP4 (video H.264, suara AAC).",
            "en": "{what} {measured} is not allowed; allowed: {allowed}. Ask the agency to "
            "export the video again as MP4 (H.264 video, AAC sound).",
        },
        "check.format.any": {
            "id": "{what} {measured}: kompetisi ini menerima berkas apa pun yang dapat "
            "didekode, dan peramban dapat memutarnya.",
            "en": "{what} {measured}: the competition accepts any file that decodes, and "
            "browsers play it.",
        },
        "check.format.browser.container": {
            "id": "Peramban tidak dapat membuka format berkas {measured}, padahal juri menonton "
            "di peramban. Kompetisi ini tidak membatasi format, jadi video tetap diterima; "
            "sarankan instansi mengekspor ulang sebagai MP4 (video H.264, suara AAC).",
            "en": "Browsers cannot open the {measured} container, and the jury watches in a "
            "browser. The competition sets no format rule, so the video is accepted; suggest "
            "the agency export it again as MP4 (H.264 video, AAC sound).",
        },
        "check.format.browser.video_codec": {
            "id": "Peramban mungkin tidak menampilkan gambar berkodek {measured}, padahal juri "
            "menonton di peramban. Kompetisi ini tidak membatasi kodek, jadi video tetap "
            "diterima; sarankan instansi mengekspor ulang sebagai MP4 (video H.264, suara AAC).",
            "en": "Browsers may show no picture for {measured} video, and the jury watches in "
            "a browser. The competition sets no codec rule, so the video is accepted; suggest "
            "the agency export it again as MP4 (H.264 video, AAC sound).",
        },
        "check.format.browser.audio_codec": {
            "id": "Peramban mungkin tidak memutar suara berkodek {measured}, padahal juri "
            "menonton di peramban. Kompetisi ini tidak membatasi kodek, jadi video tetap "
            "diterima; sarankan instansi mengekspor ulang dengan suara AAC.",
            "en": "Browsers may not play {measured} sound, and the jury watches in a browser. "
            "The competition sets no codec rule, so the video is accepted; suggest the agency "
            "export it again with AAC sound.",
        },
        "check.format.named": {
            "id": "Berkas {name} sebenarnya berformat {measured}, bukan seperti namanya.",
            "en": "The file {name} is really {measured}, whatever its name says.",
        },
        "what.container": {"id": "Format berkas", "en": "Container"},
        "what.video_codec": {"id": "Kodek video", "en": "Video codec"},
        "what.audio_codec": {"id": "Kodek audio", "en": "Audio codec"},
        "check.resolution.ok": {
            "id": "Resolusi {width}x{height} (sisi pendek {short} px) memenuhi minimal {min} px.",
            "en": "Resolution {width}x{height} (short side {short} px) meets the minimum {min} px.",
        },
        "check.resolution.fail": {
            "id": "Resolusi {width}x{height} (sisi pendek {short} px) di bawah minimal {min} px "
            "({min}p).",
            "en": "Resolution {width}x{height} (short side {short} px) is below the minimum "
            "{min} px ({min}p).",
        },
        "check.audio.ok": {
            "id": "Ada suara: {codec}, {channels} kanal, {rate} Hz.",
            "en": "Audio present: {codec}, {channels} channel(s), {rate} Hz.",
        },
        "check.audio.missing": {
            "id": "Video tidak memiliki trek suara; aturan mewajibkan suara.",
            "en": "The video has no audio track; the rules require audio.",
        },
        "check.audio.optional": {
            "id": "Video tidak memiliki trek suara (tidak diwajibkan).",
            "en": "The video has no audio track (not required).",
        },
        "check.vfr.ok": {
            "id": "Laju bingkai tetap ({fps} fps).",
            "en": "Constant frame rate ({fps} fps).",
        },
        "check.vfr.warn": {
            "id": "Laju bingkai berubah-ubah (rata-rata {fps} fps, nominal {r_fps} fps).",
            "en": "Variable frame rate (average {fps} fps, nominal {r_fps} fps).",
        },
        # integrity
        "check.decode.ok": {
            "id": "Seluruh video dapat didekode tanpa galat.",
            "en": "The whole video decodes without errors.",
        },
        "check.decode.ok_part": {
            "id": "{seconds} detik pertama dapat didekode tanpa galat (sisa video yang terlalu "
            "panjang tidak didekode).",
            "en": "The first {seconds} s decode without errors (the rest of the over-long "
            "video is not decoded).",
        },
        "check.decode.fail": {
            "id": "Video rusak: berkas tidak dapat diputar sampai selesai tanpa galat. Minta "
            "instansi mengekspor ulang video dari aplikasi penyuntingnya, lalu mengunggahnya "
            "kembali.",
            "en": "The video is damaged: the file cannot be played to the end without errors. "
            "Ask the agency to export the video again from its editing app, then upload it "
            "again.",
        },
        "check.decode.fail_at": {
            "id": "Video rusak: berkas tidak dapat diputar sampai selesai (pemutaran terhenti "
            "karena galat pada {at} dari {duration}). Minta instansi mengekspor ulang video "
            "dari aplikasi penyuntingnya, lalu mengunggahnya kembali.",
            "en": "The video is damaged: the file cannot be played to the end (playback "
            "stops with errors at {at} of {duration}). Ask the agency to export the video "
            "again from its editing app, then upload it again.",
        },
        # signals
        "check.signal.ok": {
            "id": "{what}: total {total} (batas {limit}).",
            "en": "{what}: {total} in total (limit {limit}).",
        },
        "check.signal.over": {
            "id": "{what}: total {total} melebihi {limit}, di {where}.",
            "en": "{what}: {total} in total, over {limit}, at {where}.",
        },
        "what.black": {"id": "Layar hitam", "en": "Black screen"},
        "what.frozen": {"id": "Gambar membeku", "en": "Frozen picture"},
        "what.silent": {"id": "Tanpa suara", "en": "Silence"},
        "check.loudness.ok": {
            "id": "Kenyaringan {lufs} LUFS (minimal {min} LUFS).",
            "en": "Loudness {lufs} LUFS (minimum {min} LUFS).",
        },
        "check.loudness.low": {
            "id": "Suara terlalu pelan: {lufs} LUFS, di bawah {min} LUFS.",
            "en": "Audio too quiet: {lufs} LUFS, below {min} LUFS.",
        },
        "check.signal.unmeasured": {
            "id": "Tidak diukur pada pemeriksaan ini.",
            "en": "Not measured in this run.",
        },
        # subtitles
        "check.subtitles.ok": {
            "id": "Ada subtitle: {found}.",
            "en": "Subtitles present: {found}.",
        },
        "check.subtitles.missing": {
            "id": "Tidak ada subtitle. Jika video memakai bahasa daerah atau asing, subtitle "
            "wajib: tinjau videonya.",
            "en": "No subtitles. Where a regional or foreign language is spoken, subtitles are "
            "required: review the video.",
        },
        # registry
        "check.registry.agency.ok": {
            "id": "Instansi dikenali: {name}.",
            "en": "Agency recognised: {name}.",
        },
        "check.registry.type.ok": {
            "id": "Jenis inovasi: {kind}.",
            "en": "Innovation type: {kind}.",
        },
        "check.registry.type.empty": {
            "id": "Registri tidak menyebut jenis inovasi.",
            "en": "The registry names no innovation type.",
        },
        # sections
        "check.section.found": {
            "id": "Bagian '{label}' ditemukan pada {at} ({source}).",
            "en": "Section '{label}' found at {at} ({source}).",
        },
        "check.section.missing": {
            "id": "Bagian '{label}' tidak ditemukan otomatis; mungkin hanya diucapkan. "
            "Tinjau video sekitar bagian yang kosong.",
            "en": "Section '{label}' was not found automatically; it may only be spoken. "
            "Review the video around the gaps.",
        },
        "check.section.missing_optional": {
            "id": "Bagian '{label}' (tidak wajib) tidak ditemukan.",
            "en": "Section '{label}' (optional) was not found.",
        },
        "check.section.decided_present": {
            "id": "Bagian '{label}' dinyatakan ada pada {at} oleh {by}.",
            "en": "Section '{label}' declared present at {at} by {by}.",
        },
        "check.section.decided_absent": {
            "id": "Bagian '{label}' dinyatakan TIDAK ADA oleh {by}.",
            "en": "Section '{label}' declared ABSENT by {by}.",
        },
        "check.section.not_run": {
            "id": "Deteksi isi tidak dijalankan untuk entri ini.",
            "en": "Content detection did not run for this entry.",
        },
        "check.content.type_mismatch": {
            "id": "Video menyebut jenis inovasi '{found}', registri menyebut '{declared}'.",
            "en": "The video names innovation type '{found}', the registry says '{declared}'.",
        },
        "check.content.type_match": {
            "id": "Jenis inovasi di video sama dengan registri: {found}.",
            "en": "The innovation type in the video matches the registry: {found}.",
        },
        # reasons (one sentence on the banner)
        "reason.pass": {
            "id": "Semua pemeriksaan lolos.",
            "en": "Every check passed.",
        },
        "reason.pass_warn": {
            "id": "Semua syarat terpenuhi, dengan {n} peringatan.",
            "en": "Every rule is met, with {n} warning(s).",
        },
        "reason.fail": {"id": "Tidak lolos: {first}", "en": "Fail: {first}"},
        "reason.fail_more": {
            "id": "Tidak lolos: {first} (dan {n} masalah lain)",
            "en": "Fail: {first} (and {n} more problem(s))",
        },
        "reason.review": {
            "id": "Perlu ditinjau petugas: bagian {sections} tidak ditemukan otomatis.",
            "en": "Needs an officer's review: section(s) {sections} not found automatically.",
        },
        "reason.incomplete": {
            "id": "Pemeriksaan belum lengkap: {checks} tidak dijalankan. Jalankan 'kipp rerun'.",
            "en": "The check is incomplete: {checks} did not run. Run 'kipp rerun'.",
        },
        "reason.error": {
            "id": "Pemeriksaan belum selesai: {first}",
            "en": "The check could not finish: {first}",
        },
    }
)
