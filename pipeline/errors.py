"""One error tree for kipp.

    PipelineError                      anything kipp raises on purpose
    ├── UsageError                     stops the command, exit 2
    │   ├── ConfigError                a competition config file is wrong
    │   ├── RegistryError              the submission registry cannot be read
    │   ├── ToolMissing                ffprobe / ffmpeg / tesseract not installed
    │   ├── CredentialsError           Drive credentials unusable
    │   ├── StoreBusy                  another kipp run holds the work directory
    │   └── InputRejected              a juror's sheet or scores, a count: nothing stored
    ├── OwnWorkError                   kipp could not do its own work, exit 3
    │   ├── DiskError                  a folder is full or cannot be written
    │   └── PdfError                   the berita acara PDF could not be made
    └── EntryError                     one entry cannot go on; becomes its report
        ├── LinkError                  missing or unusable link            -> fail
        ├── RegistryRowError           the officer's row names a local file -> error
        │                              kipp cannot use (missing, a Windows path,
        │                              outside the registry's folder): no notice
        ├── NoSourceAccess             kipp started without Drive access   -> error
        ├── FetchError                 the file could not be fetched
        │   ├── AccessDenied           not shared / download disabled      -> fail
        │   ├── WrongSource            Docs file, empty folder, HTML page  -> fail
        │   ├── QuotaExceeded          Drive download quota                -> error
        │   ├── SourceRejected         the source's own facts break a rule -> fail
        │   │   └── DurationRejected   the source's stated duration is out of range
        │   │                          (pipeline.checks.duration_rule)
        │   └── TransientFetchError    429, 5xx, dropped connection        -> error
        ├── ProbeError                 ffprobe could not run / its answer  -> error
        │   └── NotAVideo              the file holds no video stream      -> fail
        ├── AnalysisError              the decode pass could not run       -> error
        └── ContentError               section detection could not run     -> error

Usage errors are for the officer who runs the command: in Bahasa Indonesia by default,
English with ``--lang en`` (``UsageError(key=..., **params)`` renders a message key;
plain text is kept for messages not yet in the catalog).  Entry errors end up in
reports read by officers, so they carry a message key and parameters (see
``pipeline.i18n``) and render in Bahasa Indonesia or English.
Own-work errors are neither the agency's fault nor the operator's typing: the
machine must be fixed (free space, a writable folder) and the command run again; the
CLI exits 3 with the one message.  Foreign errors (HttpError, subprocess failures,
OSError, sqlite3 errors) are translated where they enter, always ``raise ... from exc``
(disk faults through ``pipeline.fsutil.writing`` and ``disk_fault``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

if TYPE_CHECKING:
    from pipeline.models import SourceFacts

Outcome = Literal["fail", "error"]


class PipelineError(Exception):
    """Base of every error kipp raises on purpose."""


class UsageError(PipelineError):
    """The command cannot run at all; the CLI exits 2 with this message, rendered in the
    officer's language (``render``).  ``UsageError(key="usage.x", **params)`` names a
    registered message key; ``UsageError("text")`` is text as written."""

    def __init__(self, text: str = "", /, *, key: str | None = None, **params: Any) -> None:
        self.key, self.params = key, params
        super().__init__(text or (self.render("en") if key else ""))

    def render(self, lang: str) -> str:
        """The message in ``lang`` (``id`` or ``en``); an EntryError among the parameters
        (why an entry cannot be reviewed) is rendered in the same language."""
        return _render(self, lang)


class ConfigError(UsageError):
    pass


class RegistryError(UsageError):
    pass


class ToolMissing(UsageError):
    pass


class CredentialsError(UsageError):
    pass


class StoreBusy(UsageError):
    pass


class InputRejected(UsageError):
    """Something a person entered that kipp refuses whole (a juror's sheet or scores, a
    count sheet, a declared conflict): nothing was stored.  ``problems``: one (message
    key, parameters) pair per thing to fix, each naming where (the file and cell, the
    entry) and what to do; ``lines(lang)`` renders them (``pipeline.i18n``)."""

    def __init__(self, problems: list[tuple[str, dict[str, Any]]]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(self.lines("en")))

    def lines(self, lang: str) -> list[str]:
        """One sentence per problem, in ``lang`` (``id`` or ``en``)."""
        from pipeline.i18n import message

        return [message(key, lang, **params) for key, params in self.problems]


class OwnWorkError(PipelineError):
    """kipp could not do its own work (its disk, its folders): the CLI exits 3 with this
    message in the officer's language (``render``, as UsageError)."""

    def __init__(self, text: str = "", /, *, key: str | None = None, **params: Any) -> None:
        self.key, self.params = key, params
        super().__init__(text or (self.render("en") if key else ""))

    def render(self, lang: str) -> str:
        """The message in ``lang`` (``id`` or ``en``); an EntryError among the parameters
        (why an entry cannot be reviewed) is rendered in the same language."""
        return _render(self, lang)


def _render(error: UsageError | OwnWorkError, lang: str) -> str:
    if error.key is None:
        return str(error)
    from pipeline.i18n import officer

    params = {
        k: v.render(lang, detail=False) if isinstance(v, EntryError) else v
        for k, v in error.params.items()
    }
    return officer(error.key, lang, **params)


class DiskError(OwnWorkError):
    """Writing under ``folder`` failed: the disk is full (``full``) or the folder cannot
    be written (read-only file system, no permission).  ``reason`` is the system's
    words (``No space left on device``)."""

    def __init__(self, folder: Path, *, full: bool, reason: str) -> None:
        self.folder, self.full, self.reason = folder, full, reason
        key = "disk.full" if full else "disk.read_only"
        super().__init__(key=key, folder=str(folder), reason=reason)


class PdfError(OwnWorkError):
    """The PDF library refused the berita acara (the other summary files are written)."""


class EntryError(PipelineError):
    """A problem with one entry. ``outcome`` says whether the agency must fix
    something (``fail``) or kipp could not finish (``error``); ``check_id`` names
    the check that carries the message in the report."""

    outcome: ClassVar[Outcome] = "error"
    check_id: str | None = None  # per class; SourceRejected sets it per instance

    def __init__(self, key: str, /, *, detail: str | None = None, **params: Any) -> None:
        self.key = key
        self.params = params
        self.detail = detail
        super().__init__(self.render("en"))

    def render(self, lang: str, *, detail: bool = True) -> str:
        """The message in ``lang``; with ``detail`` the tool's own words follow in
        parentheses (logs, ``kipp check-link``).  Report sentences an agency reads (a
        check's message, the reason) pass ``detail=False``: the detail is the check's
        measured value there (``pipeline.checks.context``)."""
        from pipeline.i18n import hide_paths, message

        text = message(self.key, lang, **self.params)
        return f"{text} ({hide_paths(self.detail)})" if self.detail and detail else text


class LinkError(EntryError):
    outcome: ClassVar[Outcome] = "fail"
    check_id = "fetch.access"


class RegistryRowError(EntryError):
    """The registry row names a local file kipp cannot use: missing (a typo), a Windows
    path from another computer, outside the registry's folder, a folder, unreadable.
    The row is the officer's own copy of what the agency sent, so it is the officer's to
    fix: ``error`` ("check the registry row"), never the agency's fault, no notice."""

    outcome: ClassVar[Outcome] = "error"
    check_id = "fetch.access"


class NoSourceAccess(EntryError):
    """kipp itself has no access to the link's service (started without Drive
    credentials or endpoint): kipp's setup, never the agency's fault, so ``error``."""

    outcome: ClassVar[Outcome] = "error"
    check_id = "fetch.access"


class FetchError(EntryError):
    """The file could not be fetched.  ``source_facts``: the SourceFacts read before the
    failure (Drive's name, size, md5, modifiedTime), when there were any, so the report
    can still show them; given to the constructor (see ``with_facts``)."""

    outcome: ClassVar[Outcome] = "error"
    check_id = "fetch.access"

    def __init__(
        self,
        key: str,
        /,
        *,
        source_facts: SourceFacts | None = None,
        detail: str | None = None,
        **params: Any,
    ) -> None:
        self.source_facts = source_facts
        super().__init__(key, detail=detail, **params)

    def with_facts(self, facts: SourceFacts) -> FetchError:
        """The same error (class, message, check) with ``facts`` as its ``source_facts``;
        raise it ``from`` this one.  An error that already carries facts keeps them."""
        if self.source_facts is not None:
            return self
        return type(self)(self.key, source_facts=facts, detail=self.detail, **self.params)


class AccessDenied(FetchError):
    outcome: ClassVar[Outcome] = "fail"


class WrongSource(FetchError):
    outcome: ClassVar[Outcome] = "fail"


class QuotaExceeded(FetchError):
    outcome: ClassVar[Outcome] = "error"


class TransientFetchError(FetchError):
    outcome: ClassVar[Outcome] = "error"


class SourceRejected(FetchError):
    """What the source says about the video before any download breaks a rule (YouTube's
    ``definition`` is ``sd`` where 720p is asked): the entry fails with nothing
    downloaded.  ``check_id`` names the rule's check (per instance)."""

    outcome: ClassVar[Outcome] = "fail"

    def __init__(
        self,
        key: str,
        /,
        *,
        check_id: str,
        source_facts: SourceFacts | None = None,
        detail: str | None = None,
        **params: Any,
    ) -> None:
        super().__init__(key, source_facts=source_facts, detail=detail, **params)
        self.check_id = check_id

    def with_facts(self, facts: SourceFacts) -> FetchError:
        if self.source_facts is not None:
            return self
        return type(self)(
            self.key,
            check_id=str(self.check_id),
            source_facts=facts,
            detail=self.detail,
            **self.params,
        )


class DurationRejected(SourceRejected):
    """Drive or YouTube already states the video's duration and it is out of range
    (``pipeline.checks.duration_rule``): the entry fails before any download.
    ``check_id`` is ``duration.min`` or ``duration.max``; ``params`` carry
    ``duration_s`` (the source's figure), ``limit_s`` and ``source`` (``drive`` or
    ``youtube``)."""


class ProbeError(EntryError):
    outcome: ClassVar[Outcome] = "error"
    check_id = "file.is_video"


class NotAVideo(ProbeError):
    outcome: ClassVar[Outcome] = "fail"


class AnalysisError(EntryError):
    outcome: ClassVar[Outcome] = "error"
    check_id = "integrity.decode"


class ContentError(EntryError):
    outcome: ClassVar[Outcome] = "error"
