"""A Drive file's metadata: ``files.get`` with only the fields kipp uses (shortcuts
followed), a folder's files (``files.list``), and the folder rule: the videos of the
folder and of its subfolders two levels down; one -> it; none -> fail, naming what
the folder holds; several -> the newest, with a note naming the others."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from pipeline import i18n
from pipeline.errors import EntryError, WrongSource
from pipeline.fetch import notes as _notes  # noqa: F401  (registers the notes' texts)
from pipeline.fetch.drive_client import DriveClient
from pipeline.fetch.drive_file import FILE_FIELDS, DriveFile
from pipeline.models import RegistryNote

log = logging.getLogger(__name__)


i18n.register(
    {
        "drive.folder_empty": {
            "id": "Folder Google Drive {file_id} ({link}) tidak berisi berkas video, juga di "
            "subfoldernya (diperiksa sampai 2 tingkat). Subfolder: {subfolders}. Berkas lain "
            "({count}): {files}. Minta instansi mengirim link berkas videonya sendiri: di "
            "Google Drive klik kanan video > Bagikan > Salin link.",
            "en": "The Google Drive folder {file_id} ({link}) holds no video, nor do its "
            "subfolders (two levels looked into). Subfolders: {subfolders}. Other files "
            "({count}): {files}. Ask the agency for the video's own link: in Google Drive "
            "right-click the video > Share > Copy link.",
        },
    }
)


def get_metadata(
    client: DriveClient, file_id: str, resource_key: str | None, *, link: str
) -> DriveFile:
    """``files.get`` of one file (a shortcut followed to its target), parsed.

    Raises: the errors of ``DriveClient.execute`` (AccessDenied, QuotaExceeded,
    TransientFetchError, ...), translated from Drive's HTTP answers."""
    request = client.files.get(fileId=file_id, fields=FILE_FIELDS, supportsAllDrives=True)
    if resource_key:
        request.headers["X-Goog-Drive-Resource-Keys"] = f"{file_id}/{resource_key}"
    meta = DriveFile.parse(client.execute(request, file_id=file_id, link=link))
    if meta.is_shortcut and meta.shortcut is not None:
        target = meta.shortcut
        log.info("%s is a shortcut to %s; following it", file_id, target.target_id)
        return get_metadata(client, target.target_id, target.target_resource_key, link=link)
    return meta


def list_folder(
    client: DriveClient, folder_id: str, resource_key: str | None, *, link: str
) -> list[DriveFile]:
    """Every file in a folder (one level), shortcuts resolved to their targets."""
    found: list[DriveFile] = []
    token: str | None = None
    while True:
        request = client.files.list(
            q=f"'{folder_id}' in parents and trashed = false",
            fields=f"nextPageToken,files({FILE_FIELDS})",
            pageSize=100,
            pageToken=token,
            supportsAllDrives=True,
            includeItemsFromAllDrives=True,
        )
        if resource_key:
            request.headers["X-Goog-Drive-Resource-Keys"] = f"{folder_id}/{resource_key}"
        page = client.execute(request, file_id=folder_id, link=link)
        for raw in page.get("files", []):
            item = DriveFile.parse(raw)
            if item.is_shortcut and item.shortcut is not None:
                target = item.shortcut
                try:
                    item = get_metadata(
                        client, target.target_id, target.target_resource_key, link=link
                    )
                except EntryError as exc:
                    log.info("shortcut %s in folder %s: %s", item.id, folder_id, exc)
                    continue
            found.append(item)
        token = page.get("nextPageToken")
        if not token:
            return found


MAX_DEPTH = 2  # a folder link: its videos and those of subfolders two levels down
MAX_LISTINGS = 25  # folders listed at most for one link (one files.list call each)
MAX_NAMED = 10  # file names quoted in a message


def folder_tree(
    client: DriveClient, folder: DriveFile, resource_key: str | None, *, link: str
) -> list[tuple[str, list[DriveFile]]]:
    """``(path, files)`` of the folder (path ``""``) and of its subfolders down to
    ``MAX_DEPTH`` levels, breadth first (path ``"Video/Final"``); at most
    ``MAX_LISTINGS`` folders are listed."""
    out: list[tuple[str, list[DriveFile]]] = []
    queue: list[tuple[str, str | None, str, int]] = [(folder.id, resource_key, "", 0)]
    while queue and len(out) < MAX_LISTINGS:
        folder_id, key, path, depth = queue.pop(0)
        children = list_folder(client, folder_id, key, link=link)
        out.append((path, children))
        if depth < MAX_DEPTH:
            queue += [
                (c.id, c.resource_key, join_path(path, c), depth + 1)
                for c in children
                if c.is_folder
            ]
    if queue:
        log.warning("folder %s: %d subfolder(s) not looked into", folder.id, len(queue))
    return out


def join_path(path: str, meta: DriveFile) -> str:
    """A file's name below the linked folder: ``Video/final.mp4``."""
    return f"{path}/{meta.label}" if path else meta.label


def choose_video(
    client: DriveClient, folder: DriveFile, resource_key: str | None, *, link: str
) -> tuple[DriveFile, tuple[RegistryNote, ...], list[DriveFile]]:
    """The folder's video, looked for in it and its subfolders (``MAX_DEPTH``): one ->
    it; several -> the newest, with a note naming the others (by their path below the
    folder); none -> ``WrongSource`` naming what the folder holds.  Also returns the
    files beside the chosen video (for its subtitles)."""
    tree = folder_tree(client, folder, resource_key, link=link)
    videos = [(path, c) for path, children in tree for c in children if c.is_video]
    if not videos:
        raise _no_video(folder, tree, link)
    ranked = newest_first(videos)
    chosen_path, chosen = ranked[0]
    notes: tuple[RegistryNote, ...] = ()
    if len(ranked) > 1:
        others = [join_path(p, v) for p, v in ranked[1:]]
        notes = (several_note("drive.folder_several", join_path(chosen_path, chosen), others),)
    return chosen, notes, dict(tree)[chosen_path]


def newest_first(videos: list[tuple[str, DriveFile]]) -> list[tuple[str, DriveFile]]:
    """Videos by Drive's modifiedTime, newest first (ties: nearest the top first)."""
    oldest = datetime.min.replace(tzinfo=UTC)

    def key(item: tuple[str, DriveFile]) -> tuple[datetime, int]:
        path, meta = item
        return meta.modified_time or oldest, -(path.count("/") + 1 if path else 0)

    return sorted(videos, key=key, reverse=True)


def several_note(code: str, chosen: str, others: list[str]) -> RegistryNote:
    """The note of a choice among several videos (a folder's, an upload cell's)."""
    log.warning("%d videos where one was expected; using the newest, %s", len(others) + 1, chosen)
    return RegistryNote(
        code=code,
        params={"count": len(others) + 1, "chosen": chosen, "others": ", ".join(others)},
    )


def name_list(names: list[str]) -> str:
    """``a, b, c`` (at most ``MAX_NAMED``, then ``(+N)``); ``-`` for none."""
    if not names:
        return "-"
    more = f" (+{len(names) - MAX_NAMED})" if len(names) > MAX_NAMED else ""
    return ", ".join(names[:MAX_NAMED]) + more


def _no_video(folder: DriveFile, tree: list[tuple[str, list[DriveFile]]], link: str) -> WrongSource:
    subfolders = [
        f"'{join_path(path, c)}'" for path, children in tree for c in children if c.is_folder
    ]
    files = [join_path(path, c) for path, children in tree for c in children if not c.is_folder]
    return WrongSource(
        "drive.folder_empty",
        count=len(files),
        subfolders=name_list(subfolders),
        files=name_list(files),
        **folder.params(link),
    )
