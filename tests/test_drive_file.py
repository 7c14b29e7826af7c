"""Drive's File JSON parsed once at the edge into DriveFile."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipeline.fetch.drive_file import DriveFile


def test_drive_json_becomes_typed_facts() -> None:
    meta = DriveFile.parse(
        {
            "id": "1AbC",
            "name": "video.mp4",
            "mimeType": "video/mp4",
            "size": "11234",  # Drive sends int64 as a string
            "md5Checksum": "0123456789abcdef0123456789abcdef",
            "modifiedTime": "2024-05-30T02:00:00.000Z",
            "parents": ["folder1"],
            "capabilities": {"canDownload": True, "canEdit": False},  # more than asked: ignored
            "videoMediaMetadata": {"durationMillis": "90500"},
            "kind": "drive#file",
        }
    )
    assert (meta.size, meta.duration_s, meta.parents) == (11234, 90.5, ("folder1",))
    assert meta.modified_time == datetime(2024, 5, 30, 2, 0, tzinfo=UTC)
    assert meta.is_video and meta.can_download and not meta.is_folder
    assert meta.params("L") == {"file_id": "1AbC", "link": "L"}


@pytest.mark.parametrize(
    ("data", "video", "download"),
    [
        ({"id": "1", "name": "rekaman.MOV", "mimeType": "application/octet-stream"}, True, True),
        ({"id": "2", "name": "proposal.pdf", "mimeType": "application/pdf"}, False, True),
        (
            {
                "id": "3",
                "name": "v.mp4",
                "mimeType": "video/mp4",
                "size": "",
                "capabilities": {"canDownload": False},
            },
            True,
            False,
        ),
    ],
)
def test_what_a_drive_file_is(data: dict[str, object], video: bool, download: bool) -> None:
    meta = DriveFile.parse(data)
    assert (meta.is_video, meta.can_download, meta.size, meta.duration_s) == (
        video,
        download,
        None,
        None,
    )
    assert meta.label == data["name"]
