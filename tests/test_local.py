"""Local links confined to the registry's folder (issue 11): a link to /etc/passwd, a
symlink to it or /proc/self/environ (kipp's own environment, API key included) is
refused before anything opens it; the config's [fetch] local_folders widen the rule.
A path kipp cannot use is the officer's row to fix (issue 22): verdict error, no notice."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.config import Config
from pipeline.errors import RegistryRowError
from pipeline.fetch import FetchContext, fetch
from pipeline.models import Entry
from pipeline.registry import load_registry

OUTSIDE_EN = (
    "Link {link} in registry row 2 points outside the registry's folder: kipp reads videos "
    "only from the registry's folder (or a folder in the config's [fetch] local_folders). "
    "Copy the video into the registry's folder and put its file name in that row. This is "
    "the officer's entry, not the agency's fault: no notice goes to the agency."
)


def entry_for(folder: Path, link: str, config: Config) -> Entry:
    folder.mkdir(parents=True, exist_ok=True)
    registry = folder / "registry.csv"
    registry.write_text(
        f"Nama Instansi,Jenis Inovasi,Link Video\nDinas Sosial,Pelayanan Publik,{link}\n", "utf-8"
    )
    [entry] = load_registry(registry, config)
    return entry


@pytest.mark.parametrize(
    ("link", "shown"),  # an absolute local path is cut to its last part in messages
    [("/etc/passwd", "passwd"), ("/proc/self/environ", "environ"), ("../secret.mp4", None)],
)
def test_links_outside_the_registry_folder_are_refused(
    link: str, shown: str | None, tmp_path: Path, config: Config
) -> None:
    (tmp_path / "secret.mp4").write_bytes(b"not for kipp")
    entry = entry_for(tmp_path / "registry", link, config)
    with pytest.raises(RegistryRowError) as caught:
        fetch(entry, FetchContext(config, tmp_path / "cache"))
    assert caught.value.key == "fetch.local_outside" and caught.value.outcome == "error"
    assert caught.value.check_id == "fetch.access"
    assert caught.value.render("en") == OUTSIDE_EN.format(link=shown or link)


def test_a_symlink_leading_out_is_refused(tmp_path: Path, config: Config) -> None:
    folder = tmp_path / "registry"
    folder.mkdir()
    (folder / "video.mp4").symlink_to("/etc/passwd")
    entry = entry_for(folder, "video.mp4", config)
    with pytest.raises(RegistryRowError) as caught:
        fetch(entry, FetchContext(config, tmp_path / "cache"))
    assert caught.value.key == "fetch.local_outside"


def test_inside_the_folder_and_in_configured_folders_is_read(
    tmp_path: Path, config: Config, make_media: Callable[[str], Path]
) -> None:
    folder, shared = tmp_path / "registry", tmp_path / "shared"
    shared.mkdir()
    video = shared / "v.mp4"
    shutil.copyfile(make_media("black_90"), video)
    (shared / "v.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nhalo\n", "utf-8")
    entry = entry_for(folder, str(video), config)
    with pytest.raises(RegistryRowError):  # not allowed yet
        fetch(entry, FetchContext(config, tmp_path / "cache"))
    widened = config.model_copy(
        update={"fetch": config.fetch.model_copy(update={"local_folders": (shared,)})}
    )
    fetched = fetch(entry, FetchContext(widened, tmp_path / "cache"))
    assert fetched.path == video and fetched.source.size == video.stat().st_size
    assert fetched.sidecars == (shared / "v.srt",)
    (folder / "link.mp4").symlink_to(video)  # a symlink inside, leading to an allowed place
    inner = entry_for(folder, "link.mp4", config)
    assert fetch(inner, FetchContext(widened, tmp_path / "cache")).path == video


def test_a_subtitle_symlinked_out_of_the_folder_is_not_read(
    tmp_path: Path, config: Config, make_media: Callable[[str], Path]
) -> None:
    folder = tmp_path / "registry"
    folder.mkdir()
    shutil.copyfile(make_media("black_90"), folder / "v.mp4")
    (tmp_path / "private.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nrahasia\n")
    (folder / "v.srt").symlink_to(tmp_path / "private.srt")
    fetched = fetch(entry_for(folder, "v.mp4", config), FetchContext(config, tmp_path / "cache"))
    assert fetched.sidecars == ()


def test_a_file_date_past_year_9999_is_no_date() -> None:
    """``touch -d @253402300800`` is year 10000, which no datetime holds (ext4 caps a
    file's date at 2446, so the stat value is handed over directly)."""
    from pipeline.fetch import local

    assert local._mtime(253402300800.0) is None and local._mtime(1e20) is None
    assert local._mtime(0.0) is not None
