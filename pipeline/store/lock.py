"""One writer per work directory: an advisory lock file (fcntl.flock) in OUT/.kipp.

    with RunLock(out / ".kipp" / "lock", wait=30, what="kipp run"):
        ...                                  # raises StoreBusy after 30 s of waiting

The kernel drops the lock when its holder dies, even by kill -9, so a crashed run
never blocks the next one.  The file also says who holds it, for the message.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO

from pipeline import i18n
from pipeline.errors import StoreBusy
from pipeline.fsutil import writing

log = logging.getLogger(__name__)
POLL_S = 0.2


class RunLock:
    def __init__(
        self,
        path: Path,
        *,
        wait: float = 0.0,
        what: str = "kipp",
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.path = path
        self.wait = wait
        self.what = what
        self._sleep = sleep
        self._monotonic = monotonic
        self._fh: IO[str] | None = None

    def acquire(self) -> None:
        with writing(self.path.parent.parent):  # OUT full or read-only: DiskError
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fh = self.path.open("a+", encoding="utf-8")
        give_up = self._monotonic() + self.wait
        waited = False
        while True:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if self._monotonic() >= give_up:
                    holder = self.holder()
                    fh.close()
                    raise self._busy(holder) from None
                if not waited:
                    log.warning(
                        "%s is busy (%s); waiting up to %g s", self.path, self.holder(), self.wait
                    )
                    waited = True
                self._sleep(POLL_S)
        self._fh = fh
        try:
            with writing(self.path.parent.parent):
                fh.seek(0)
                fh.truncate()
                fh.write(
                    f"pid {os.getpid()}, {self.what}, "
                    f"since {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC\n"
                )
                fh.flush()
        except BaseException:
            self.release()
            raise

    def _busy(self, holder: str) -> StoreBusy:
        folder, who = str(self.path.parent.parent), holder or "?"
        if self.wait:
            return StoreBusy(key="store.busy_waited", folder=folder, wait=f"{self.wait:g}",
                             holder=who)  # fmt: skip
        return StoreBusy(key="store.busy", folder=folder, holder=who)

    def holder(self) -> str:
        try:
            return self.path.read_text("utf-8").strip()
        except OSError:
            return ""

    def release(self) -> None:
        if self._fh is not None:
            fh, self._fh = self._fh, None
            with contextlib.suppress(OSError):  # the folder may have become read-only
                fh.seek(0)
                fh.truncate()
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
            with contextlib.suppress(OSError):
                fh.close()

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


i18n.register(
    {
        "store.busy": {
            "id": "Perintah kipp lain sedang bekerja di {folder}: {holder}. Tunggu sampai "
            "selesai, atau beri --wait DETIK untuk mengantre di belakangnya.",
            "en": "Another kipp command is working in {folder}: {holder}. Wait for it to "
            "finish, or pass --wait SECONDS to queue behind it.",
        },
        "store.busy_waited": {
            "id": "Perintah kipp lain sedang bekerja di {folder} (sudah ditunggu {wait} "
            "detik): {holder}. Tunggu sampai selesai, atau beri --wait DETIK yang lebih lama.",
            "en": "Another kipp command is working in {folder} (waited {wait} s): {holder}. "
            "Wait for it to finish, or pass --wait SECONDS to queue behind it.",
        },
    }
)
