"""What to fix, keyed by what happened: the notice text of each message key an agency
can be told (``notice.what.<key>`` / ``notice.how.<key>``, Bahasa Indonesia and English).

The report's sentence for a key (``probe.empty``, ``youtube.not_found``…) is written for
the officer ("Minta instansi…"); the notice says the same to the agency, in its voice:
the cause with the report's figures, then what to do ("Kirim link…").  Never a path, a
file id, the link (the notice quotes it once) or kipp's own words for its records.
"""

from pipeline import i18n

_REUPLOAD = ("Unggah ulang berkas video aslinya.", "Upload the original video file again.")
_COMPRESS = (
    "Kompres video (mis. 1080p, H.264), lalu unggah ulang.",
    "Compress the video (e.g. 1080p H.264), then upload it again.",
)
_OWN_LINK = (
    "Kirim link berkas videonya sendiri: di Google Drive klik kanan video > Bagikan > Salin link.",
    "Send the video file's own link: in Google Drive right-click the video > Share > Copy link.",
)
_UPLOAD_VIDEO = (
    "Unggah berkas videonya (MP4), lalu kirim link berkas video itu.",
    "Upload the video file (MP4), then send that file's link.",
)
_RIGHT_ONE = (
    "Bila bukan itu videonya, kirim link berkas video yang benar.",
    "If that is not the right video, send the link of the right video file.",
)
_PUBLIC_LINK = (
    'Simpan videonya di Google Drive, bagikan sebagai "Siapa saja yang memiliki link", lalu '
    "kirim link itu.",
    'Store the video on Google Drive, share it as "Anyone with the link", then send that link.',
)
_DIRECT_LINK = (
    "Kirim link langsung ke berkas videonya.",
    "Send a direct link to the video file.",
)
_LENGTH = (
    "Kirim video dengan durasi sesuai ketentuan.",
    "Send a video of the allowed length.",
)

# key -> ((what id, what en), (how id, how en)); ``{fields}`` as in the key's report sentence
_FIXES: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "fetch.no_link": (
        ("Pendaftaran Anda belum berisi link video.", "Your entry has no video link."),
        (
            "Kirim link Google Drive video Anda (di Google Drive: klik kanan video > Bagikan "
            "> Salin link).",
            "Send the Google Drive link of your video (in Google Drive: right-click the "
            "video > Share > Copy link).",
        ),
    ),
    "link.not_a_link": (
        (
            "Isian link pada pendaftaran Anda ({link}) bukan sebuah link.",
            "The link you entered ({link}) is not a link.",
        ),
        (
            "Kirim link Google Drive video Anda (di Google Drive: klik kanan video > Bagikan "
            "> Salin link).",
            "Send the Google Drive link of your video (in Google Drive: right-click the "
            "video > Share > Copy link).",
        ),
    ),
    "link.not_a_link_any": (
        (
            "Isian link pada pendaftaran Anda ({link}) bukan sebuah link.",
            "The link you entered ({link}) is not a link.",
        ),
        (
            "Kirim link video Anda yang dapat dibuka siapa saja, disimpan di {allowed}.",
            "Send a link to your video that anyone can open, stored on {allowed}.",
        ),
    ),
    "source.not_allowed": (
        (
            "Link yang dikirim adalah link {what}, sedangkan lomba ini hanya menerima video "
            "yang disimpan di {allowed}.",
            "The link you sent is a {what} link, but this competition only accepts videos "
            "stored on {allowed}.",
        ),
        (
            "Simpan video di salah satu tempat itu, lalu kirim link yang dapat dibuka siapa saja.",
            "Store the video on one of those, then send a link anyone can open.",
        ),
    ),
    "registry.agency_missing": (
        ("Pendaftaran Anda belum berisi nama instansi.", "Your entry has no agency name."),
        ("Kirim nama instansi Anda.", "Send us your agency's name."),
    ),
    "registry.control_chars": (
        (
            "Isian pendaftaran Anda ({columns}) berisi karakter tersembunyi.",
            "Your entry's answers ({columns}) hold hidden characters.",
        ),
        (
            "Periksa isian itu dan kirim perbaikannya bila ada yang keliru.",
            "Check those answers and send a correction if anything is wrong.",
        ),
    ),
    "drive.folder_several": (
        (
            "Folder yang dikirim berisi {count} video; yang kami nilai adalah yang terbaru, "
            "{chosen}.",
            "The folder you sent holds {count} videos; we judged the newest, {chosen}.",
        ),
        _RIGHT_ONE,
    ),
    "drive.cell_several": (
        (
            "Anda mengirim {count} video; yang kami nilai adalah yang terbaru, {chosen}.",
            "You sent {count} videos; we judged the newest, {chosen}.",
        ),
        _RIGHT_ONE,
    ),
    "drive.cell_unreadable": (
        (
            "Sebagian link yang dikirim tidak dapat kami buka: {links}.",
            "We cannot open some of the links you sent: {links}.",
        ),
        (
            'Bila salah satunya video yang dimaksud, bagikan sebagai "Siapa saja yang '
            'memiliki link" (Pelihat).',
            'If one of them is the intended video, share it as "Anyone with the link" (Viewer).',
        ),
    ),
    "source.cell_limit": (
        (
            "Anda mengirim {found} link sekaligus; hanya {read} yang pertama kami baca.",
            "You sent {found} links at once; we read only the first {read}.",
        ),
        ("Kirim satu link video saja.", "Send one video link only."),
    ),
    "source.cell_ignored": (
        (
            "Sebagian link yang dikirim tidak kami nilai karena disimpan di layanan lain: {links}.",
            "We did not judge some of the links you sent, as they are on another service: {links}.",
        ),
        (
            "Bila salah satunya video yang dimaksud, kirim satu link itu saja.",
            "If one of them is the intended video, send that one link only.",
        ),
    ),
    "content.subtitle_unreadable": (
        (
            "Subtitle {path} tidak dapat kami baca.",
            "We cannot read the subtitles {path}.",
        ),
        (
            "Periksa berkas subtitle-nya, lalu kirim ulang.",
            "Check the subtitle file, then send it again.",
        ),
    ),
    # the file is not a playable video (probe)
    "probe.empty": (
        (
            "Berkas {name} kosong (0 byte): unggahannya tidak berisi apa pun.",
            "The file {name} is empty (0 bytes): nothing was uploaded.",
        ),
        _REUPLOAD,
    ),
    "probe.no_index": (
        (
            "Berkas {name} tidak lengkap: unggahannya terpotong, sehingga tidak dapat diputar "
            "sebagai video.",
            "The file {name} is incomplete: the upload was cut off, so it cannot be played "
            "as a video.",
        ),
        (
            "Unggah ulang berkas video aslinya dan tunggu sampai unggahan selesai.",
            "Upload the original video file again and wait until the upload has finished.",
        ),
    ),
    "probe.pdf": (
        (
            "Berkas {name} adalah dokumen PDF, bukan video.",
            "The file {name} is a PDF document, not a video.",
        ),
        _REUPLOAD,
    ),
    "probe.text": (
        ("Berkas {name} berisi teks, bukan video.", "The file {name} holds text, not a video."),
        _REUPLOAD,
    ),
    "probe.refers_elsewhere": (
        (
            "Berkas {name} bukan video melainkan {format}: daftar putar atau rujukan ke berkas "
            "lain.",
            "The file {name} is not a video but {format}: a playlist or a reference to other "
            "files.",
        ),
        _REUPLOAD,
    ),
    "probe.audio_only": (
        (
            "Berkas {name} hanya berisi suara ({codec}), tanpa gambar.",
            "The file {name} holds sound only ({codec}), no picture.",
        ),
        (
            "Ekspor ulang video beserta gambarnya, lalu unggah ulang.",
            "Export the video again with its picture, then upload it again.",
        ),
    ),
    "probe.still_image": (
        (
            "Berkas {name} adalah gambar diam ({codec}), bukan video.",
            "The file {name} is a still image ({codec}), not a video.",
        ),
        _REUPLOAD,
    ),
    "probe.no_duration": (
        (
            "Durasi berkas {name} tidak dapat dibaca.",
            "The length of the file {name} cannot be read.",
        ),
        (
            "Ekspor ulang video sebagai MP4, lalu unggah ulang.",
            "Export the video again as MP4, then upload it again.",
        ),
    ),
    # what the source says before any download (Drive, YouTube, a web link)
    "drive.duration_min": (
        (
            "Menurut Google Drive, video {name} berdurasi {duration_s:g} detik, minimal "
            "{limit_s:g} detik.",
            "Google Drive gives the video {name} a length of {duration_s:g} s, at least "
            "{limit_s:g} s.",
        ),
        _LENGTH,
    ),
    "drive.duration_max": (
        (
            "Menurut Google Drive, video {name} berdurasi {duration_s:g} detik, maksimal "
            "{limit_s:g} detik.",
            "Google Drive gives the video {name} a length of {duration_s:g} s, at most "
            "{limit_s:g} s.",
        ),
        _LENGTH,
    ),
    "youtube.duration_min": (
        (
            "Menurut YouTube, video {name} berdurasi {duration_s:g} detik, minimal "
            "{limit_s:g} detik.",
            "YouTube gives the video {name} a length of {duration_s:g} s, at least {limit_s:g} s.",
        ),
        _LENGTH,
    ),
    "youtube.duration_max": (
        (
            "Menurut YouTube, video {name} berdurasi {duration_s:g} detik, maksimal "
            "{limit_s:g} detik.",
            "YouTube gives the video {name} a length of {duration_s:g} s, at most {limit_s:g} s.",
        ),
        _LENGTH,
    ),
    "drive.quota": (
        (
            "Google membatasi unduhan berkas video Anda karena kuota unduhannya habis.",
            "Google limits downloads of your video file: its download quota is used up.",
        ),
        (
            "Unggah salinan baru videonya, lalu kirim link salinan itu.",
            "Upload a new copy of the video, then send that copy's link.",
        ),
    ),
    "drive.html_page": (
        (
            "Google Drive tidak mengizinkan berkas video Anda diunduh (biasanya karena "
            "berkasnya terlalu besar untuk dipindai virus).",
            "Google Drive does not let your video file be downloaded (usually because it "
            "is too large to be scanned for viruses).",
        ),
        (
            "Unggah ulang videonya (MP4), lalu kirim link baru.",
            "Upload the video (MP4) again, then send the new link.",
        ),
    ),
    "drive.too_large": (
        (
            "Berkas video berukuran {size_mb:.1f} MB, melebihi batas {max_mb:.1f} MB.",
            "The video file is {size_mb:.1f} MB, over the {max_mb:.1f} MB limit.",
        ),
        _COMPRESS,
    ),
    "drive.short": (
        (
            "Google Drive hanya mengirim {got} dari {expected} byte berkas video Anda: "
            "unggahannya mungkin belum selesai atau berkasnya rusak.",
            "Google Drive sent only {got} of the {expected} bytes of your video file: the "
            "upload may not have finished, or the file is damaged.",
        ),
        (
            "Pastikan unggahannya selesai; bila sudah, unggah ulang berkas video aslinya.",
            "Make sure the upload has finished; if it has, upload the original video file again.",
        ),
    ),
    "drive.folder_empty": (
        (
            "Folder yang dikirim tidak berisi berkas video, juga di subfoldernya (berkas "
            "lain: {count}).",
            "The folder you sent holds no video file, nor do its subfolders (other files: "
            "{count}).",
        ),
        _OWN_LINK,
    ),
    "drive.cell_no_video": (
        (
            "Tidak satu pun dari {count} link yang dikirim berisi video: {files}.",
            "None of the {count} links you sent is a video: {files}.",
        ),
        _UPLOAD_VIDEO,
    ),
    "drive.docs_file": (
        (
            "Berkas yang dikirim adalah dokumen Google, bukan video.",
            "The file you sent is a Google document, not a video.",
        ),
        _UPLOAD_VIDEO,
    ),
    "web.not_public": (
        (
            "Link yang dikirim tidak dibagikan untuk umum: yang terbuka adalah halaman masuk, "
            "bukan berkas video.",
            "The link you sent is not shared publicly: it opens a sign-in page, not the "
            "video file.",
        ),
        (
            'Atur berbagi link menjadi "Siapa saja yang memiliki link dapat melihat", lalu '
            "kirim link itu lagi.",
            'Share it as "Anyone with the link can view", then send the link again.',
        ),
    ),
    "web.not_found": (
        (
            "Link yang dikirim tidak ditemukan (HTTP {status}): berkasnya sudah dihapus atau "
            "link-nya salah.",
            "The link you sent was not found (HTTP {status}): the file was deleted or the "
            "link is wrong.",
        ),
        ("Kirim link berkas video yang benar.", "Send the right link to the video file."),
    ),
    "web.not_video": (
        (
            "Link yang dikirim tidak berisi berkas video (jenis isi: {type}).",
            "The link you sent holds no video file (content type: {type}).",
        ),
        (
            "Kirim link langsung ke berkas videonya (MP4).",
            "Send a direct link to the video file (MP4).",
        ),
    ),
    "web.private_address": (
        (
            "Link yang dikirim mengarah ke alamat jaringan lokal atau internal ({host}) yang "
            "tidak dapat kami buka.",
            "The link you sent leads to a local or internal network address ({host}) that "
            "we cannot open.",
        ),
        _PUBLIC_LINK,
    ),
    "web.bad_redirect": (
        (
            "Link yang dikirim dialihkan ke alamat yang bukan alamat web ({target}).",
            "The link you sent redirects to an address that is not a web address ({target}).",
        ),
        _DIRECT_LINK,
    ),
    "web.redirect_loop": (
        (
            "Link yang dikirim dialihkan terus-menerus tanpa sampai ke berkas videonya.",
            "The link you sent keeps redirecting without reaching the video file.",
        ),
        _DIRECT_LINK,
    ),
    "web.encoded": (
        (
            "Server link yang dikirim mengirim videonya dalam bentuk terkompresi ({encoding}).",
            "The server of the link you sent sends the video compressed ({encoding}).",
        ),
        _PUBLIC_LINK,
    ),
    "fetch.deadline": (
        (
            "Video dari link yang dikirim tidak selesai kami unduh dalam {limit} detik: "
            "servernya sangat lambat.",
            "We could not finish downloading the video of the link you sent within {limit} "
            "s: its server is very slow.",
        ),
        _PUBLIC_LINK,
    ),
    "fetch.too_slow": (
        (
            "Server link yang dikirim mengirim videonya sangat lambat (kurang dari {limit} "
            "KiB/detik).",
            "The server of the link you sent sends the video very slowly (under {limit} KiB/s).",
        ),
        _PUBLIC_LINK,
    ),
    "web.too_large": (
        (
            "Berkas video lebih besar dari batas {max_mb:.1f} MB.",
            "The video file is larger than the {max_mb:.1f} MB limit.",
        ),
        _COMPRESS,
    ),
    "youtube.not_found": (
        (
            "Video YouTube yang dikirim tidak dapat dibuka: videonya Pribadi (Private), sudah "
            "dihapus, atau link-nya salah.",
            "The YouTube video you sent cannot be opened: it is private, deleted, or the "
            "link is wrong.",
        ),
        (
            "Buka YouTube Studio > Konten, atur Visibilitas video menjadi Publik atau Tidak "
            "publik (Unlisted), lalu kirim link video itu.",
            "Open YouTube Studio > Content, set the video's Visibility to Public or "
            "Unlisted, then send its link.",
        ),
    ),
    "youtube.live": (
        (
            "Video YouTube yang dikirim adalah siaran langsung yang masih berlangsung, bukan "
            "video yang sudah jadi.",
            "The YouTube video you sent is a live stream still running, not a finished video.",
        ),
        (
            "Kirim link video setelah siarannya selesai, atau unggah videonya.",
            "Send its link once the broadcast has ended, or upload the video.",
        ),
    ),
    "youtube.upcoming": (
        (
            "Video YouTube yang dikirim adalah tayangan perdana (Premiere) atau siaran "
            "terjadwal yang belum dimulai, jadi belum dapat kami periksa.",
            "The YouTube video you sent is a Premiere or a scheduled stream that has not "
            "started, so we cannot check it yet.",
        ),
        (
            "Unggah videonya sebagai video biasa (Publik atau Tidak publik) sebelum batas waktu.",
            "Upload it as a regular video (Public or Unlisted) before the deadline.",
        ),
    ),
    "youtube.sd": (
        (
            "Menurut YouTube, video {name} hanya tersedia dalam definisi standar (SD, di "
            "bawah 720p), sedangkan ketentuan meminta minimal {min}p.",
            "YouTube has the video {name} in standard definition only (SD, below 720p), "
            "where the rules ask for at least {min}p.",
        ),
        (
            "Unggah ulang video beresolusi minimal {min}p.",
            "Upload the video again at {min}p or more.",
        ),
    ),
    "ytdl.unavailable": (
        (
            "YouTube tidak mengizinkan video yang dikirim diunduh.",
            "YouTube does not let the video you sent be downloaded.",
        ),
        (
            "Pastikan videonya Publik atau Tidak publik (Unlisted), tanpa batasan usia atau "
            "wilayah.",
            "Make sure the video is Public or Unlisted, with no age or region restriction.",
        ),
    ),
}

i18n.register(
    {
        f"notice.{part}.{key}": {"id": text[0], "en": text[1]}
        for key, (what, how) in _FIXES.items()
        for part, text in (("what", what), ("how", how))
    }
)
