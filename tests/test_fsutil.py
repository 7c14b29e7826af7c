"""Disk faults translated where they enter (issue 11): a full or read-only disk is one
DiskError naming the folder, never a traceback, and never leaves a ``.part`` behind.
/dev/full stands in for a full disk (every write fails with ENOSPC) without a mount."""

from __future__ import annotations

import errno
import logging
import sqlite3
from pathlib import Path

import pytest

from pipeline import logs
from pipeline.errors import DiskError
from pipeline.fsutil import disk_fault, write_atomic


def test_write_atomic_on_a_full_disk_names_the_folder_and_leaves_no_part(tmp_path: Path) -> None:
    target = tmp_path / "agency" / "report.html"
    target.parent.mkdir()
    (target.parent / "report.html.part").symlink_to("/dev/full")
    with pytest.raises(DiskError) as caught:
        write_atomic(target, "<html>" * 1000)
    assert str(caught.value) == (
        f"{target.parent} is full (No space left on device): free space, then run again."
    )
    assert caught.value.full and caught.value.folder == target.parent
    assert list(target.parent.iterdir()) == []  # neither the .part nor a half report.html


@pytest.mark.parametrize(
    ("exc", "full", "reason"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), True, "No space left on device"),
        (OSError(errno.EROFS, "Read-only file system"), False, "Read-only file system"),
        (PermissionError(errno.EACCES, "Permission denied"), False, "Permission denied"),
    ],
)
def test_disk_errors_become_one_error(exc: OSError, full: bool, reason: str) -> None:
    fault = disk_fault(exc, Path("reports"))
    assert fault is not None and fault.full is full and fault.reason == reason
    fix = "free space" if full else "make it writable (or choose another --out)"
    assert str(fault).startswith(f"reports {'is full' if full else 'cannot be written'} ({reason})")
    assert fix in str(fault)


def test_sqlite_full_and_readonly_become_disk_errors(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "x.sqlite")
    db.execute("CREATE TABLE t (x)")
    db.close()
    ro = sqlite3.connect(f"file:{tmp_path / 'x.sqlite'}?mode=ro", uri=True)
    try:
        with pytest.raises(sqlite3.OperationalError) as caught:
            ro.execute("INSERT INTO t VALUES (1)")
    finally:
        ro.close()
    fault = disk_fault(caught.value, tmp_path)
    assert fault is not None and not fault.full
    assert fault.reason == "attempt to write a readonly database"
    assert disk_fault(sqlite3.OperationalError("no such table: t"), tmp_path) is None
    assert disk_fault(OSError(errno.ENOENT, "No such file"), tmp_path) is None


def test_log_file_on_a_full_disk_goes_quiet(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """No "--- Logging error ---" and traceback per record when kipp.log cannot grow."""
    log_file = tmp_path / ".kipp" / "kipp.log"
    log_file.parent.mkdir()
    log_file.symlink_to("/dev/full")
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        logs.setup(0, log_file)
        for n in range(3):
            logging.getLogger("pipeline.test").info("record %d", n)
    finally:
        for handler in root.handlers[:]:
            root.removeHandler(handler)
            handler.close()
        for handler in saved[0]:
            root.addHandler(handler)
        root.setLevel(saved[1])
    err = capfd.readouterr().err
    assert "Logging error" not in err and "Traceback" not in err
