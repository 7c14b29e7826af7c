"""Words of the notices agencies read (Bahasa Indonesia and English).

Each thing to fix is a pair: ``notice.what.<id>`` (with the exact figure) and
``notice.how.<id>`` (what the agency does about it).  Never a path, a check id or a
tool's error text: the agency reads these.
"""

from pipeline import i18n

_SHARE_ID = 'klik Bagikan, lalu pilih "Siapa saja yang memiliki link" sebagai Pelihat.'
_SHARE_EN = 'click Share and choose "Anyone with the link" as Viewer.'

i18n.register(
    {
        "notice.greeting": {"id": "Yth. {agency},", "en": "Dear {agency},"},
        "notice.thanks": {
            "id": "Terima kasih telah mengikuti {competition}.",
            "en": "Thank you for taking part in {competition}.",
        },
        "notice.your_video": {"id": "Video inovasi Anda", "en": "The video of your innovation"},
        "notice.titled": {"id": 'Video inovasi "{title}"', "en": 'The video of "{title}"'},
        "notice.verdict.fail": {
            "id": "{video} belum memenuhi syarat lomba.",
            "en": "{video} does not meet the competition's rules yet.",
        },
        "notice.verdict.needs_review": {
            "id": "{video} sudah kami terima, tetapi ada bagian wajib yang belum kami temukan.",
            "en": "{video} has reached us, but we could not find every required part in it.",
        },
        "notice.verdict.error": {
            "id": "{video} belum dapat kami periksa karena kendala teknis di pihak panitia. "
            "Tidak ada yang perlu Anda perbaiki; kami akan memeriksanya kembali.",
            "en": "{video} could not be checked yet because of a technical problem on our "
            "side. There is nothing for you to fix; we will check it again.",
        },
        "notice.heading.fail": {"id": "Yang perlu diperbaiki:", "en": "What to fix:"},
        "notice.heading.needs_review": {"id": "Mohon bantuan Anda:", "en": "Please help us:"},
        "notice.deadline.fail": {
            "id": "Mohon kirim video perbaikan paling lambat {deadline}, dengan link yang sama "
            "atau link baru.",
            "en": "Please send the corrected video by {deadline}, under the same link or a "
            "new one.",
        },
        "notice.deadline.needs_review": {
            "id": "Mohon balas paling lambat {deadline}.",
            "en": "Please reply by {deadline}.",
        },
        "notice.deadline.at": {"id": "{date} pukul {time} {zone}", "en": "{date}, {time} {zone}"},
        "notice.link": {"id": "Link yang dikirim: {link}", "en": "Link you sent: {link}"},
        "notice.closing": {"id": "Hormat kami,", "en": "Kind regards,"},
        # what to fix: the figure, then how
        "notice.what.duration.min": {
            "id": "Durasi video {measured}, minimal {limit}.",
            "en": "Video length {measured}, at least {limit}.",
        },
        "notice.how.duration.min": {
            "id": "Perpanjang video hingga minimal {limit}, lalu unggah ulang.",
            "en": "Make the video at least {limit} long, then upload it again.",
        },
        "notice.what.duration.max": {
            "id": "Durasi video {measured}, maksimal {limit}.",
            "en": "Video length {measured}, at most {limit}.",
        },
        "notice.how.duration.max": {
            "id": "Persingkat video menjadi paling lama {limit}, lalu unggah ulang.",
            "en": "Cut the video to at most {limit}, then upload it again.",
        },
        "notice.what.drive.not_found": {
            "id": "Berkas video di Google Drive belum dapat kami buka (belum dibagikan atau "
            "sudah dihapus).",
            "en": "We cannot open the video file on Google Drive (it is not shared, or it "
            "was deleted).",
        },
        "notice.how.drive.not_found": {
            "id": "Buka berkas di Google Drive, " + _SHARE_ID,
            "en": "Open the file in Google Drive, " + _SHARE_EN,
        },
        "notice.what.drive.no_download": {
            "id": "Unduhan berkas video dinonaktifkan oleh pemiliknya.",
            "en": "The owner of the video file has disabled downloading.",
        },
        "notice.how.drive.no_download": {
            "id": 'Buka Bagikan > ikon roda gigi, centang "Pelihat dan pemberi komentar dapat '
            'melihat opsi untuk mendownload", atau unggah salinan baru.',
            "en": 'Open Share > gear icon and tick "Viewers and commenters can see the option '
            'to download", or upload a new copy.',
        },
        "notice.what.drive.trashed": {
            "id": "Berkas video ada di Sampah Google Drive.",
            "en": "The video file is in the Google Drive trash.",
        },
        "notice.how.drive.trashed": {
            "id": "Pulihkan berkas dari Sampah, atau kirim link berkas yang baru.",
            "en": "Restore it from the trash, or send a link to a new copy.",
        },
        "notice.what.file.is_video": {
            "id": "Berkas yang dikirim bukan video.",
            "en": "The file you sent is not a video.",
        },
        "notice.how.file.is_video": {
            "id": "Kirim berkas videonya sendiri (MP4).",
            "en": "Send the video file itself (MP4).",
        },
        "notice.what.format": {
            "id": "{what} {measured} tidak diterima (yang diterima: {allowed}).",
            "en": "{what} {measured} is not accepted (accepted: {allowed}).",
        },
        "notice.how.format": {
            "id": "Ekspor ulang video dari aplikasi penyuntingnya sebagai MP4 (video H.264, "
            "suara AAC; di CapCut: Ekspor, format MP4), lalu kirim link berkas yang baru.",
            "en": "Export the video again from its editing app as MP4 (H.264 video, AAC sound; "
            "in CapCut: Export, format MP4), then send the new file's link.",
        },
        "notice.what.video.resolution.min": {
            "id": "Resolusi video {measured}, minimal {min}p.",
            "en": "Video resolution {measured}, at least {min}p.",
        },
        "notice.how.video.resolution.min": {
            "id": "Ekspor ulang video dengan resolusi minimal {min}p.",
            "en": "Export the video again at {min}p or more.",
        },
        "notice.what.audio.present": {
            "id": "Video tidak memiliki suara.",
            "en": "The video has no sound.",
        },
        "notice.how.audio.present": {
            "id": "Tambahkan narasi atau musik, lalu ekspor ulang.",
            "en": "Add narration or music, then export it again.",
        },
        "notice.what.integrity.decode": {
            "id": "Berkas video rusak atau terpotong.",
            "en": "The video file is damaged or cut short.",
        },
        "notice.how.integrity.decode": {
            "id": "Unggah ulang berkas video aslinya.",
            "en": "Upload the original video file again.",
        },
        "notice.what.integrity.decode_at": {
            "id": "Berkas video rusak atau terpotong: pemutarannya berhenti pada {at} dari "
            "{duration}.",
            "en": "The video file is damaged or cut short: playback stops at {at} of {duration}.",
        },
        "notice.how.integrity.decode_at": {
            "id": "Unggah ulang berkas video aslinya sampai selesai; bila masih terhenti, "
            "ekspor ulang video dari aplikasi penyuntingnya.",
            "en": "Upload the original video file again, to the end; if it still stops, "
            "export the video again from its editing app.",
        },
        "notice.what.deadline.modified_after": {
            "id": "Video diubah {modified}, setelah batas waktu {deadline}.",
            "en": "The video was changed {modified}, after the deadline {deadline}.",
        },
        "notice.what.deadline.published": {
            "id": "Video diterbitkan di YouTube {modified}, setelah batas waktu {deadline}.",
            "en": "The video was published on YouTube {modified}, after the deadline {deadline}.",
        },
        "notice.how.deadline.published": {
            "id": "Video yang diterbitkan setelah batas waktu tidak dapat diterima; hubungi "
            "panitia bila ada kekeliruan.",
            "en": "A video published after the deadline cannot be accepted; contact the "
            "committee if this is a mistake.",
        },
        "notice.how.deadline.modified_after": {
            "id": "Video yang diganti setelah batas waktu tidak dapat diterima; hubungi "
            "panitia bila ada kekeliruan.",
            "en": "A video replaced after the deadline cannot be accepted; contact the "
            "committee if this is a mistake.",
        },
        "notice.what.section.absent": {
            "id": 'Bagian "{label}" tidak ada di video.',
            "en": 'The part "{label}" is not in the video.',
        },
        "notice.how.section.absent": {
            "id": "Tambahkan bagian itu ke video, lalu unggah ulang.",
            "en": "Add that part to the video, then upload it again.",
        },
        "notice.what.section.open": {
            "id": 'Bagian "{label}" belum kami temukan di video.',
            "en": 'We did not find the part "{label}" in the video.',
        },
        "notice.how.section.open": {
            "id": "Balas pesan ini dengan menit munculnya (mis. 1:05), atau tampilkan judul "
            "bagian itu sebagai teks di layar.",
            "en": "Reply with the minute where it starts (e.g. 1:05), or show the part's "
            "title as text on screen.",
        },
    }
)
