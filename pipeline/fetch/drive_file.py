"""A Drive file as kipp reads it: Drive v3's ``File`` JSON parsed once, where it enters
(``files.get`` / ``files.list`` in ``pipeline.fetch.drive_meta``), into a frozen model.

Only the fields of ``FILE_FIELDS`` are asked for; Drive sends ``size`` and
``durationMillis`` as strings (int64 in JSON), which become ints here.  Fields Drive adds
later are ignored (this is foreign JSON), never an error.
Source: https://developers.google.com/drive/api/reference/rest/v3/files
"""

from __future__ import annotations

from datetime import datetime
from pathlib import PurePath
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from pipeline.models import Line

FOLDER_MIME = "application/vnd.google-apps.folder"
SHORTCUT_MIME = "application/vnd.google-apps.shortcut"
GOOGLE_APPS = "application/vnd.google-apps."
FILE_FIELDS = (
    "id,name,mimeType,size,md5Checksum,modifiedTime,trashed,parents,resourceKey,"
    "capabilities/canDownload,videoMediaMetadata/durationMillis,"
    "shortcutDetails(targetId,targetMimeType,targetResourceKey)"
)
VIDEO_SUFFIXES = (".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi", ".mpg", ".mpeg", ".3gp")


class _Drive(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)


class Capabilities(_Drive):
    can_download: bool | None = Field(None, alias="canDownload")


class VideoMediaMetadata(_Drive):
    duration_millis: int | None = Field(None, alias="durationMillis")


class ShortcutDetails(_Drive):
    target_id: str = Field(alias="targetId")
    target_mime_type: str | None = Field(None, alias="targetMimeType")
    target_resource_key: str | None = Field(None, alias="targetResourceKey")


class DriveFile(_Drive):
    """One file (or folder, or shortcut) of Drive; sizes in bytes, times aware (UTC)."""

    id: str
    name: Line = ""  # the uploader's words: one line, no escape codes
    mime_type: str = Field("", alias="mimeType")
    size: int | None = None
    md5: str | None = Field(None, alias="md5Checksum")
    modified_time: datetime | None = Field(None, alias="modifiedTime")
    trashed: bool = False
    parents: tuple[str, ...] = ()
    resource_key: str | None = Field(None, alias="resourceKey")
    capabilities: Capabilities | None = None
    video: VideoMediaMetadata | None = Field(None, alias="videoMediaMetadata")
    shortcut: ShortcutDetails | None = Field(None, alias="shortcutDetails")

    @classmethod
    def parse(cls, data: Any) -> DriveFile:
        """Drive's JSON for one file -> the model (``size: ""`` counts as unknown)."""
        if isinstance(data, dict) and data.get("size") == "":
            data = {**data, "size": None}
        return cls.model_validate(data)

    @property
    def label(self) -> str:
        """The name, or the id when Drive gave none."""
        return self.name or self.id

    @property
    def duration_s(self) -> float | None:
        """Drive's own duration figure (seconds), when it has processed the video."""
        millis = self.video.duration_millis if self.video else None
        return millis / 1000 if millis is not None else None

    @property
    def is_folder(self) -> bool:
        return self.mime_type == FOLDER_MIME

    @property
    def is_shortcut(self) -> bool:
        return self.mime_type == SHORTCUT_MIME and self.shortcut is not None

    @property
    def is_video(self) -> bool:
        """A video by Drive's type, or by its name when Drive did not recognise it."""
        if self.mime_type.startswith("video/"):
            return True
        named = PurePath(self.name).suffix.lower() in VIDEO_SUFFIXES
        return named and self.mime_type in ("application/octet-stream", "")

    @property
    def can_download(self) -> bool:
        """False only when the owner disabled downloading."""
        return not (self.capabilities and self.capabilities.can_download is False)

    def params(self, link: str) -> dict[str, Any]:
        """The file's part of an error message's parameters."""
        return {"file_id": self.id, "link": link}
