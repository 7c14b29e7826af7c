"""Texts of the notes the fetch leaves on a source (``SourceFacts.notes``), apart from
the Drive client so that judging and rendering a stored result need no Google library.

    drive.folder_several    several videos in a folder link: the newest was taken
    drive.cell_several      several videos in one registry cell: the newest was taken
    drive.cell_other_files  the other files of a cell (the proposal PDF): named, not judged
    drive.cell_unreadable   links of a cell kipp could not open, while another gave the video
    source.cell_ignored     links of a cell to another service than the one fetched
    source.cell_limit       a cell with more links than [sources] max_links_per_cell
"""

from __future__ import annotations

from pipeline import i18n

i18n.register(
    {
        "drive.folder_several": {
            "id": "Folder berisi {count} video; yang dinilai adalah yang terbaru, {chosen}. "
            "Video lain: {others}. Minta instansi memastikan video yang benar, atau mengirim "
            "link berkas videonya langsung.",
            "en": "The folder holds {count} videos; the newest, {chosen}, is validated. "
            "Others: {others}. Ask the agency to confirm the right one or send its own link.",
        },
        "drive.cell_several": {
            "id": "Kolom link berisi {count} video; yang dinilai adalah yang terbaru, {chosen}. "
            "Video lain: {others}. Minta instansi memastikan video yang benar.",
            "en": "The link cell holds {count} videos; the newest, {chosen}, is validated. "
            "Others: {others}. Ask the agency to confirm the right one.",
        },
        "drive.cell_other_files": {
            "id": "Berkas lain di kolom link (bukan video, tidak dinilai): {files}.",
            "en": "Other files in the link cell (not videos, not judged): {files}.",
        },
        "drive.cell_unreadable": {
            "id": "Link lain di kolom link tidak dapat dibuka kipp (tidak dinilai): {links}. "
            "Jika salah satunya video yang dimaksud, minta instansi membagikannya.",
            "en": "Other links in the link cell could not be opened by kipp (not judged): "
            "{links}. If one of them is the intended video, ask the agency to share it.",
        },
        "source.cell_limit": {
            "id": "Kolom link berisi {found} link; kipp hanya membaca {read} yang pertama "
            "(batas [sources] max_links_per_cell). Minta instansi mengirim satu link video.",
            "en": "The link cell holds {found} links; kipp read only the first {read} (the "
            "[sources] max_links_per_cell limit). Ask the agency to send one video link.",
        },
        "source.cell_ignored": {
            "id": "Link lain di kolom link tidak dinilai (layanan lain): {links}. Jika salah "
            "satunya video yang dimaksud, minta instansi mengirim satu link saja.",
            "en": "Other links in the link cell were not judged (another service): {links}. "
            "If one of them is the intended video, ask the agency to send that one link only.",
        },
    }
)
