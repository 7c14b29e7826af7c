"""A Drive file's metadata: ``files.get`` with only the fields kipp uses (shortcuts
followed), a folder's files (``files.list``), and the folder rule: one video -> it;
none -> fail; several -> the newest, with a note naming the others."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import PurePath
from typing import Any

from pipeline import i18n
from pipeline.errors import EntryError, WrongSource
from pipeline.fetch.drive_client import DriveClient
from pipeline.models import RegistryNote

log = logging.getLogger(__name__)

FOLDER_MIME = "application/vnd.google-apps.folder"
SHORTCUT_MIME = "application/vnd.google-apps.shortcut"
FILE_FIELDS = (
    "id,name,mimeType,size,md5Checksum,modifiedTime,trashed,parents,resourceKey,"
    "capabilities/canDownload,videoMediaMetadata/durationMillis,"
    "shortcutDetails(targetId,targetMimeType,targetResourceKey)"
)

i18n.register(
    {
        "drive.folder_empty": {
            "id": "Folder Google Drive {file_id} ({link}) tidak berisi berkas video "
            "({count} berkas lain). Minta instansi mengunggah videonya ke folder itu atau "
            "mengirim link berkas videonya langsung.",
            "en": "The Google Drive folder {file_id} ({link}) holds no video ({count} other "
            "file(s)). Ask the agency to upload the video there or send the video's own link.",
        },
        "drive.folder_several": {
            "id": "Folder berisi {count} video; yang dinilai adalah yang terbaru, {chosen}. "
            "Video lain: {others}. Minta instansi memastikan video yang benar, atau mengirim "
            "link berkas videonya langsung.",
            "en": "The folder holds {count} videos; the newest, {chosen}, is validated. "
            "Others: {others}. Ask the agency to confirm the right one or send its own link.",
        },
    }
)


def get_metadata(
    client: DriveClient, file_id: str, resource_key: str | None, *, link: str
) -> dict[str, Any]:
    request = client.files.get(fileId=file_id, fields=FILE_FIELDS, supportsAllDrives=True)
    if resource_key:
        request.headers["X-Goog-Drive-Resource-Keys"] = f"{file_id}/{resource_key}"
    meta: dict[str, Any] = client.execute(request, file_id=file_id, link=link)
    if meta.get("mimeType") == SHORTCUT_MIME and meta.get("shortcutDetails"):
        target = meta["shortcutDetails"]
        log.info("%s is a shortcut to %s; following it", file_id, target.get("targetId"))
        return get_metadata(client, target["targetId"], target.get("targetResourceKey"), link=link)
    return meta


def list_folder(
    client: DriveClient, folder_id: str, resource_key: str | None, *, link: str
) -> list[dict[str, Any]]:
    """Every file in a folder (one level), shortcuts resolved to their targets."""
    found: list[dict[str, Any]] = []
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
        for item in page.get("files", []):
            if item.get("mimeType") == SHORTCUT_MIME and item.get("shortcutDetails"):
                target = item["shortcutDetails"]
                try:
                    item = get_metadata(
                        client, target["targetId"], target.get("targetResourceKey"), link=link
                    )
                except EntryError as exc:
                    log.info("shortcut %s in folder %s: %s", item.get("id"), folder_id, exc)
                    continue
            found.append(item)
        token = page.get("nextPageToken")
        if not token:
            return found


VIDEO_SUFFIXES = (".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi", ".mpg", ".mpeg", ".3gp")


def is_video(meta: dict[str, Any]) -> bool:
    """A video by Drive's type, or by its name when Drive did not recognise it."""
    mime = str(meta.get("mimeType", ""))
    if mime.startswith("video/"):
        return True
    named = PurePath(str(meta.get("name", ""))).suffix.lower() in VIDEO_SUFFIXES
    return named and mime in ("application/octet-stream", "")


def modified(meta: dict[str, Any]) -> datetime | None:
    raw = meta.get("modifiedTime")
    return datetime.fromisoformat(raw) if raw else None


def duration_s(meta: dict[str, Any]) -> float | None:
    millis = (meta.get("videoMediaMetadata") or {}).get("durationMillis")
    return int(millis) / 1000 if millis not in (None, "") else None


def params_of(meta: dict[str, Any], link: str) -> dict[str, Any]:
    return {"file_id": meta.get("id", "?"), "link": link}


def choose_video(
    client: DriveClient, folder: dict[str, Any], resource_key: str | None, *, link: str
) -> tuple[dict[str, Any], tuple[RegistryNote, ...], list[dict[str, Any]]]:
    """The folder's video (the newest of several, with a note); also its children."""
    children = list_folder(client, folder["id"], resource_key, link=link)
    videos = [c for c in children if is_video(c)]
    if not videos:
        raise WrongSource("drive.folder_empty", count=len(children), **params_of(folder, link))
    videos.sort(key=lambda m: modified(m) or datetime.min.replace(tzinfo=UTC))
    chosen = videos[-1]
    notes: tuple[RegistryNote, ...] = ()
    if len(videos) > 1:
        others = ", ".join(v.get("name", v["id"]) for v in reversed(videos[:-1]))
        log.warning(
            "folder %s holds %d videos; using the newest, %s",
            folder["id"],
            len(videos),
            chosen.get("name"),
        )
        notes = (
            RegistryNote(
                code="drive.folder_several",
                params={
                    "count": len(videos),
                    "chosen": chosen.get("name", chosen["id"]),
                    "others": others,
                },
            ),
        )
    return chosen, notes, children
