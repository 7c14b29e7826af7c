"""Which Drive file a registry cell means: a link -> the video behind it (a folder's
chosen video, a shortcut's target), and a cell of several links (a Google Forms "File
upload" answer: the proposal PDF and the video, separated by ", ") -> the video among
them.  Metadata only: nothing is downloaded here.

    meta, notes, children = resolve(client, link)
    meta, notes, children, link = resolve_cell(client, read_cell(cell))   # Drive's links
"""

from __future__ import annotations

import logging

from pipeline import i18n
from pipeline.errors import EntryError, LinkError, WrongSource
from pipeline.fetch import notes as _notes  # noqa: F401  (registers the notes' texts)
from pipeline.fetch.drive_client import DriveClient
from pipeline.fetch.drive_file import DriveFile
from pipeline.fetch.drive_meta import (
    choose_video,
    get_metadata,
    name_list,
    newest_first,
    several_note,
)
from pipeline.fetch.sources import SourceLink
from pipeline.media.filekind import from_mime
from pipeline.models import RegistryNote

log = logging.getLogger(__name__)

i18n.register(
    {
        "drive.cell_no_video": {
            "id": "Tidak satu pun dari {count} link di kolom link ({link}) adalah video: "
            "{files}. Minta instansi mengunggah berkas videonya dan mengirim link berkas "
            "video itu.",
            "en": "None of the {count} links in the link cell ({link}) is a video: {files}. "
            "Ask the agency to upload the video file and send that file's link.",
        },
    }
)


Resolved = tuple[DriveFile, tuple[RegistryNote, ...], list[DriveFile] | None]


def resolve(client: DriveClient, link: SourceLink) -> Resolved:
    """The video's metadata behind a link, the notes for the report and, for a
    folder link, the folder's files (so sidecars need no second listing).  Whether
    the file is usable is ``vet``'s business."""
    if not link.usable or link.file_id is None:
        raise LinkError(link.message_key or "link.no_id", link=link.quoted)
    meta = get_metadata(client, link.file_id, link.resource_key, link=link.url)
    notes: tuple[RegistryNote, ...] = ()
    children = None
    if meta.is_folder:
        meta, notes, children = choose_video(
            client, meta, meta.resource_key or link.resource_key, link=link.url
        )
    return meta, notes, children


def resolve_cell(
    client: DriveClient, found: tuple[SourceLink, ...]
) -> tuple[DriveFile, tuple[RegistryNote, ...], list[DriveFile] | None, SourceLink]:
    """``resolve`` for a registry cell, which may hold several links (a Google Forms
    "File upload" answer: the proposal PDF and the video, separated by ", ").

    Each link is looked up (metadata only); the videos among them (a folder link
    counts with its own video) are handled like a folder's: one -> it, several -> the
    newest with a ``drive.cell_several`` note; the other files are named in a
    ``drive.cell_other_files`` note.  Returns the video's metadata, the notes, the
    files beside it when known, and the link that led to it.

    Raises:
        LinkError: no usable link.  EntryError: the first lookup failure, when no
        link led to a video.  WrongSource (``drive.cell_no_video``): every link was
        looked up and none is a video.
    """
    usable = [link for link in found if link.usable]
    if len(found) == 1 or not usable:
        meta, notes, children = resolve(client, (usable or list(found))[0])
        return meta, notes, children, (usable or list(found))[0]
    videos: list[tuple[str, DriveFile]] = []
    by_id: dict[str, tuple[SourceLink, tuple[RegistryNote, ...], list[DriveFile] | None]] = {}
    others = [link.url for link in found if not link.usable]
    failed: list[tuple[SourceLink, EntryError]] = []
    for link in usable:
        try:
            meta, notes, children = resolve(client, link)
        except EntryError as exc:
            log.info("link %s of a several-link cell: %s", link.url, exc)
            failed.append((link, exc))
            continue
        if meta.is_video and meta.id not in by_id:
            videos.append(("", meta))
            by_id[meta.id] = (link, notes, children)
        elif not meta.is_video:
            others.append(_described(meta))
    if not videos:
        if failed:
            raise failed[0][1]
        raise WrongSource(
            "drive.cell_no_video",
            count=len(found),
            files=name_list(others),
            link=", ".join(link.url for link in found),
        )
    ranked = newest_first(videos)
    chosen = ranked[0][1]
    link, notes, children = by_id[chosen.id]
    if len(ranked) > 1:
        names = [m.label for _, m in ranked]
        notes = (*notes, several_note("drive.cell_several", names[0], names[1:]))
    if others:
        notes = (
            *notes,
            RegistryNote(code="drive.cell_other_files", params={"files": name_list(others)}),
        )
    if failed:
        unread = name_list([bad.url for bad, _ in failed])
        notes = (*notes, RegistryNote(code="drive.cell_unreadable", params={"links": unread}))
    return chosen, notes, children, link


def _described(meta: DriveFile) -> str:
    """``Proposal.pdf (PDF)``: a file's name and what it is (Drive's type when kipp has
    no name for it)."""
    mime = meta.mime_type or "?"
    kind = from_mime(mime)
    return f"{meta.label} ({kind.label if kind else mime})"
