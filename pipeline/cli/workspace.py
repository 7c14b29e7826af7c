"""One workspace per `kipp` invocation: the options every command shares, and what they open.

    kipp [COMMAND] --config F --registry R --out D --lang L --credentials K -v

The group callback puts an empty :class:`Workspace` in ``ctx.obj``; the shared options
(:func:`workspace_options`, declared once, accepted after every command as users type them)
fill it in as click parses them; commands take it with ``@pass_workspace``.  What it opens
(config, Drive client, store, log file) is opened on first use and closed when the
command ends.
"""

from __future__ import annotations

import functools
import importlib
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.text import Text

from pipeline import i18n, logs
from pipeline.config import Config, load_config
from pipeline.errors import InputRejected, OwnWorkError, UsageError
from pipeline.models import Entry
from pipeline.registry import open_registry
from pipeline.registry.columns import ColumnMap
from pipeline.runner import Env
from pipeline.session import is_work_folder, open_work, work_folders_near
from pipeline.store import Store, kipp_dir
from pipeline.text import BIDI, printable
from pipeline.tools import find

F = TypeVar("F", bound=Callable[..., Any])
EXIT_OWN_WORK = 3  # kipp could not do its own work (DESIGN's contract; README "Exit codes")
log = logging.getLogger(__name__)
DEFAULT_CONFIG = "kipp-minut-2024"  # a shipped config, by name (pipeline.config.find_config)
DEFAULT_TIMEOUT_S = 60.0  # Drive client timeout when no config is loaded (check-link)


def stdout_closed() -> None:
    """The reader of kipp's output stopped (``kipp run | head -3``): point stdout at the null
    device, so every later write (and the flush at exit) goes nowhere instead of raising
    (Python docs, signal module, "Note on SIGPIPE").  The command goes on: a run still
    writes its reports, summary and store, and exits with its own code."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    finally:
        os.close(devnull)
    log.info("stdout was closed by its reader: the rest of the output is dropped")


class SafeConsole(Console):
    """A Rich console whose text arguments lose control and bidi characters (Rich itself
    passes ESC through): a name or title read from outside cannot clear the screen, set
    the window title or reverse a line.  Lines an argument holds stay lines; a single
    outside value is made one line where it enters a model (``pipeline.models.Line``)."""

    def print(self, *objects: Any, **kwargs: Any) -> None:
        super().print(*(_safe(o) for o in objects), **kwargs)


def _safe(obj: Any) -> Any:
    if isinstance(obj, str):
        return printable(obj, keep_newlines=True)
    if isinstance(obj, Text) and printable(obj.plain, keep_newlines=True) != obj.plain:
        return Text(printable(obj.plain, keep_newlines=True), style=obj.style)
    return obj


class _Console(SafeConsole):
    def on_broken_pipe(self) -> None:
        """Rich's default exits with 1 mid-command (a run stopped half-way, its code lying
        about the entries): drop the output and go on instead."""
        self.quiet = True
        stdout_closed()


def echo(text: str) -> None:
    """One line of machine output (``--json``) on stdout, a closed pipe handled; bidi
    controls written as JSON escapes (``\\u202e``), as json.dumps writes the others."""
    try:
        click.echo(text.translate(_BIDI_ESCAPES))
    except BrokenPipeError:
        stdout_closed()


_BIDI_ESCAPES = {ord(c): f"\\u{ord(c):04x}" for c in BIDI}
out = _Console(highlight=False, soft_wrap=True)
err = SafeConsole(stderr=True, highlight=False, soft_wrap=True)


@dataclass
class Workspace:
    """The options of one invocation and what they open, lazily (closed by :meth:`close`)."""

    config_path: Path = Path(DEFAULT_CONFIG)
    registry: str | None = None
    out: Path = Path("reports")
    lang: str | None = None
    credentials: Path | None = None
    verbose: int = 0
    columns: ColumnMap | None = None  # which registry column is what, once read
    _config: Config | None = field(default=None, repr=False)
    _clients: dict[str, Any] = field(default_factory=dict, repr=False)  # module -> client
    _stack: ExitStack = field(default_factory=ExitStack, repr=False)

    @property
    def config(self) -> Config:
        """The competition rules, read once (ConfigError, exit 2, when invalid)."""
        if self._config is None:
            self._config = load_config(self.config_path)
        return self._config

    def reload(self) -> None:
        """Read the config again at next use (each tick of ``kipp run --every``)."""
        self._config = None

    @property
    def language(self) -> str:
        return self.lang or self.config.competition.language

    @property
    def drive(self) -> Any:
        """The Drive client (DriveClient) when credentials are found, else None; opened once
        (the Google client loads only here) with the config's fetch timeout when loaded."""
        return self._client("pipeline.fetch.drive")

    @property
    def youtube(self) -> Any:
        """The YouTube Data API client (YouTubeClient) from the same ``--credentials`` as
        Drive (else the environment: $KIPP_YOUTUBE_API_KEY first, see
        ``pipeline.fetch.youtube_api``), or None without any; opened once."""
        return self._client("pipeline.fetch.youtube_api")

    def _client(self, module: str) -> Any:
        """``module.connect(credentials=--credentials, timeout=...)``, once per invocation;
        closed with the workspace."""
        if module not in self._clients:
            connect = importlib.import_module(module).connect
            timeout = self._config.fetch.timeout_s if self._config else DEFAULT_TIMEOUT_S
            client = connect(credentials=self.credentials, timeout=timeout)
            self._clients[module] = (
                self._stack.enter_context(client) if client is not None else None
            )
        return self._clients[module]

    def entries(self) -> list[Entry]:
        """The registry's entries (a CSV or .xlsx file, or a Google Sheets link); which
        column was used for what is kept in ``columns``."""
        if not self.registry:
            raise UsageError(key="registry.none_given")
        config = self.config
        read = open_registry(self.registry, config, self.drive)
        self.columns = read.columns
        return list(read.entries)

    def start_logging(self, *, to_file: bool = True) -> None:
        """Logging for this command: the console by -v, and OUT/.kipp/kipp.log if ``to_file``."""
        logs.setup(self.verbose, kipp_dir(self.out) / "kipp.log" if to_file else None)
        self._stack.callback(logs.teardown)

    @contextmanager
    def writing(self, what: str, *, wait: float = 0.0) -> Iterator[Store]:
        """The locked work folder's store (StoreBusy after ``wait`` s), config and Drive
        client opened first."""
        _ = self.config, self.drive
        with open_work(self.out, wait=wait, what=what) as store:
            yield store

    def env(
        self,
        store: Store,
        *,
        tools: bool = True,
        drive: bool = True,
        entries: Sequence[Entry] = (),
    ) -> Env:
        """The run's outside world; ``tools`` checks ffprobe/ffmpeg first, so a missing one
        stops the command (ToolMissing, exit 2) before any entry runs.  Without Drive
        access while some of ``entries`` have Drive links, UsageError (exit 2) names them
        and the fix: nothing is judged (each would otherwise become an ``error``)."""
        if tools:
            find("ffprobe")
            find("ffmpeg")
        if drive and self.drive is None:
            self._need_drive_access(entries)
        stored = self.config.competition.language  # reports keep the competition's language
        return Env(
            config=self.config,
            out=self.out,
            lang=stored,
            view_lang=self.lang if self.lang and self.lang != stored else None,
            cache_dir=kipp_dir(self.out) / "cache",
            store=store,
            drive=self.drive if drive else None,
            youtube=self.youtube if drive and "youtube" in self.config.sources.allowed else None,
        )

    def _need_drive_access(self, entries: Sequence[Entry]) -> None:
        from pipeline.fetch import drive_entries

        found = drive_entries(entries, self.config)
        if not found:
            return
        names = ", ".join(e.agency for e in found[:3]) + (", …" if len(found) > 3 else "")
        if len(entries) == 1:
            raise UsageError(key="drive.needed_one", names=names)
        raise UsageError(key="drive.needed", n=len(found), total=len(entries), names=names)

    def reading(self) -> Store:
        """The store for reading, without the lock (WAL lets a run write meanwhile)."""
        self.require_store()
        return Store.open(self.out)

    def require_store(self) -> None:
        """A reading command (status, history, notices, review) refuses a folder no kipp
        run wrote (UsageError, exit 2), naming the work folders it finds near the current
        folder and the registry; nothing is created."""
        if is_work_folder(self.out):
            return
        starts = [Path.cwd()]
        if self.registry and not self.registry.startswith(("http://", "https://")):
            starts.append(Path(self.registry).parent)
        found = [p for p in work_folders_near(*starts) if p.resolve() != self.out.resolve()]
        if found:
            shown = ", ".join(str(_relative(p)) for p in found)
            raise UsageError(key="store.none_found", out=str(self.out), found=shown,
                             first=str(_relative(found[0])))  # fmt: skip
        raise UsageError(key="store.none", out=str(self.out))

    def close(self) -> None:
        self._stack.close()


pass_workspace = click.make_pass_decorator(Workspace, ensure=True)


def into(name: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        setattr(ctx.ensure_object(Workspace), name, value)
        return value

    return callback


CONFIG = click.option(
    "--config",
    type=click.Path(path_type=Path, dir_okay=False),
    default=DEFAULT_CONFIG,
    envvar="KIPP_CONFIG",
    show_default=True,
    expose_value=False,
    callback=into("config_path"),
    help="Competition rules (TOML). Env: KIPP_CONFIG.",
)
REGISTRY = click.option(
    "--registry",
    envvar="KIPP_REGISTRY",
    expose_value=False,
    callback=into("registry"),
    help="Submission registry: a CSV file (Google Forms export) or a Google Sheets "
    "link. Env: KIPP_REGISTRY.",
)
OUT = click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default="reports",
    envvar="KIPP_OUT",
    show_default=True,
    expose_value=False,
    callback=into("out"),
    help="Report folder; the store and download cache live in OUT/.kipp. Env: KIPP_OUT.",
)
LANG = click.option(
    "--lang",
    type=click.Choice(i18n.LANGUAGES),
    default=None,
    expose_value=False,
    callback=into("lang"),
    help="Report language (default: the config's, normally 'id').",
)
CREDENTIALS = click.option(
    "--credentials",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    expose_value=False,
    callback=into("credentials"),
    help="Google service account key (JSON) for Drive links, Sheets registries and the "
    "YouTube Data API (unless KIPP_YOUTUBE_API_KEY is set). Else "
    "GOOGLE_APPLICATION_CREDENTIALS, KIPP_DRIVE_API_KEY or gcloud's default "
    "credentials are used.",
)
VERBOSE = click.option(
    "-v",
    "--verbose",
    count=True,
    expose_value=False,
    callback=into("verbose"),
    help="More log output (-vv for debug).",
)
WAIT = click.option(
    "--wait",
    type=click.FloatRange(0),
    default=0,
    show_default=True,
    help="Seconds to wait while another kipp command works in OUT; then exit 2.",
)


def workspace_options(fn: F) -> F:
    """--config, --registry, --out, --lang, --credentials, -v: the same on every command,
    filling the invocation's Workspace."""
    for option in reversed((CONFIG, REGISTRY, OUT, LANG, CREDENTIALS, VERBOSE)):
        fn = option(fn)
    return fn


def _language() -> str:
    """The invocation's language for a message, without reading the config again (it may be
    what failed): --lang, else the config's once loaded, else Bahasa Indonesia."""
    ctx = click.get_current_context(silent=True)
    ws = ctx.find_object(Workspace) if ctx is not None else None
    if ws is None:
        return "id"
    return ws.lang or (ws._config.competition.language if ws._config else "id")


def usage_errors(fn: F) -> F:
    """A UsageError (bad config, registry, arguments, busy folder) -> its message, exit 2.
    kipp's own failures (a full or read-only disk, the PDF library, a bug) -> one line,
    exit EXIT_OWN_WORK: never 0 or 1, which speak of the entries."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except InputRejected as exc:  # what a person entered: one line per problem, their language
            lang = _language()
            for line in exc.lines(lang):
                err.print(f"{i18n.message('usage.prefix', lang)} {line}", markup=False)
            sys.exit(2)
        except UsageError as exc:
            lang = _language()
            err.print(f"{i18n.message('usage.prefix', lang)} {exc.render(lang)}", markup=False)
            sys.exit(2)
        except BrokenPipeError:  # a write not through ``out`` or ``echo``: its command ends
            stdout_closed()
            sys.exit(1)
        except OwnWorkError as exc:
            lang = _language()
            err.print(f"{i18n.message('usage.prefix', lang)} {exc.render(lang)}", markup=False)
            sys.exit(EXIT_OWN_WORK)
        except Exception as exc:
            log.exception("internal failure")  # the traceback goes to OUT/.kipp/kipp.log
            text = f"{type(exc).__name__}: {exc}"
            err.print(i18n.message("usage.internal", _language(), error=text), markup=False)
            sys.exit(EXIT_OWN_WORK)

    return wrapper  # type: ignore[return-value]


def _relative(path: Path) -> Path:
    """``path`` as the officer would type it: relative to the current folder when below it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


i18n.register(
    {
        "usage.prefix": {"id": "kipp: galat:", "en": "kipp: error:"},
        "store.none": {
            "id": "{out} bukan folder kerja kipp: belum ada kipp run yang menulis di sana "
            "(tidak ada {out}/.kipp). Jalankan kipp run --out {out} dulu, atau beri --out "
            "dengan folder yang ditulis sebuah run.",
            "en": "{out} is not a kipp work folder: no kipp run wrote there (no {out}/.kipp). "
            "Run kipp run --out {out} first, or pass --out with the folder a run wrote.",
        },
        "store.none_found": {
            "id": "{out} bukan folder kerja kipp: belum ada kipp run yang menulis di sana. "
            "Folder kerja kipp yang ditemukan: {found}; beri --out dengan salah satunya "
            "(mis. --out {first}).",
            "en": "{out} is not a kipp work folder: no kipp run wrote there. kipp work "
            "folders found: {found}; pass --out with one of them (e.g. --out {first}).",
        },
        "registry.none_given": {
            "id": "Registri belum diberikan: beri --registry BERKAS.csv (atau atur KIPP_REGISTRY).",
            "en": "No registry given: pass --registry FILE.csv (or set KIPP_REGISTRY).",
        },
        "registry.no_entries": {
            "id": "Registri {registry} punya baris judul tetapi tanpa entri: belum ada instansi "
            "yang menjawab, atau ini bukan lembar jawaban. Ekspor lagi jawaban formulir "
            "(File > Download > CSV).",
            "en": "Registry {registry} has a header but no entries: no agency has answered "
            "yet, or it is not the response sheet. Export the form's responses again (File > "
            "Download > CSV).",
        },
        "drive.needed_one": {
            "id": "Link {names} adalah link Google Drive dan kipp tidak punya akses Drive: beri "
            "--credentials KUNCI.json (kunci service account) atau atur KIPP_DRIVE_API_KEY "
            '(README, "Google Drive access"). Tidak ada yang dinilai.',
            "en": "The link of {names} is a Google Drive link and kipp has no Drive access: "
            "pass --credentials KEY.json (a service account key) or set KIPP_DRIVE_API_KEY "
            '(README, "Google Drive access"). Nothing was judged.',
        },
        "drive.needed": {
            "id": "{n} dari {total} entri memakai link Google Drive ({names}) dan kipp tidak "
            "punya akses Drive: beri --credentials KUNCI.json (kunci service account) atau "
            'atur KIPP_DRIVE_API_KEY (README, "Google Drive access"). Tidak ada yang dinilai.',
            "en": "{n} of {total} entries have Google Drive links ({names}) and kipp has no "
            "Drive access: pass --credentials KEY.json (a service account key) or set "
            'KIPP_DRIVE_API_KEY (README, "Google Drive access"). Nothing was judged.',
        },
        "usage.internal": {
            "id": "kipp: galat internal ({error}). Jalankan perintahnya lagi; bila terulang, "
            "laporkan baris ini beserta OUT/.kipp/kipp.log.",
            "en": "kipp: internal error ({error}). Run the command again; if it repeats, "
            "report this line with OUT/.kipp/kipp.log.",
        },
    },
    terminal=True,
)
