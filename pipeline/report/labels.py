"""Words on the report pages, in Bahasa Indonesia and English."""

from pipeline import i18n

LABELS = {
    "title": ("Laporan validasi video", "Video validation report"),
    "index_title": ("Ringkasan validasi video", "Video validation summary"),
    "agency": ("Instansi", "Agency"),
    "innovation": ("Judul inovasi", "Innovation title"),
    "type": ("Jenis inovasi", "Innovation type"),
    "verdict": ("Hasil", "Verdict"),
    "reason": ("Alasan", "Reason"),
    "duration": ("Durasi", "Duration"),
    "sections": ("Bagian isi", "Content sections"),
    "sections_found": ("Bagian ditemukan", "Sections found"),
    "warnings": ("Peringatan", "Warnings"),
    "checks": ("Pemeriksaan", "Checks"),
    "check": ("Pemeriksaan", "Check"),
    "status": ("Status", "Status"),
    "message": ("Keterangan", "Details"),
    "value": ("Nilai terukur", "Measured"),
    "expected": ("Aturan", "Rule"),
    "source": ("Sumber berkas", "Source file"),
    "link": ("Link", "Link"),
    "file_name": ("Nama berkas", "File name"),
    "size": ("Ukuran (byte)", "Size (bytes)"),
    "md5": ("MD5", "MD5"),
    "modified": ("Terakhir diubah", "Last modified"),
    "deadline": ("Batas waktu", "Deadline"),
    "probe": ("Data teknis", "Technical facts"),
    "container": ("Format", "Container"),
    "video": ("Video", "Video"),
    "audio": ("Audio", "Audio"),
    "none": ("tidak ada", "none"),
    "present": ("ada", "present"),
    "absent": ("tidak ditemukan", "not found"),
    "evidence": ("Bukti", "Evidence"),
    "at": ("pada", "at"),
    "superseded": ("Kiriman sebelumnya (digantikan)", "Earlier submissions (superseded)"),
    "row": ("baris", "row"),
    "superseded_more": (
        "kiriman lebih lama (semuanya tersimpan di basis data kipp)",
        "older submissions (all kept in kipp's store)",
    ),
    "validated_at": ("Diperiksa pada", "Validated at"),
    "tool_version": ("Versi kipp", "kipp version"),
    "version": ("Versi laporan", "Report version"),
    "counts": ("Jumlah per hasil", "Count per verdict"),
    "entries": ("entri", "entries"),
    "open_report": ("buka laporan", "open report"),
    "submitted_at": ("Dikirim", "Submitted"),
    "decision": ("Keputusan petugas", "Officer's decision"),
    "machine": ("Temuan otomatis", "Machine findings"),
}

i18n.register({f"label.{k}": {"id": v[0], "en": v[1]} for k, v in LABELS.items()})


def labels(lang: str) -> dict[str, str]:
    return {k: i18n.message(f"label.{k}", lang) for k in LABELS}
