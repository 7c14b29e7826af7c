"""click's own usage errors (a mistyped option, a missing argument) in the officer's
language: Bahasa Indonesia by default, English with ``--lang en``.

click prints them before any kipp code runs, so the language is read from the
command line itself (``--lang en`` / ``--lang=en``).  ``KippGroup`` turns each
``click.UsageError`` into a ``SaidUsageError``, whose ``show`` says the usage line, the
hint and the message in that language; messages kipp has no words for stay click's.
Only click's public API is used (``format_message``, ``Context.get_usage``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import IO, Any

import click

from pipeline import i18n

i18n.register(
    {
        "click.usage": {"id": "Cara pakai:", "en": "Usage:"},
        "click.try": {
            "id": "Coba '{command} {option}' untuk bantuan.",
            "en": "Try '{command} {option}' for help.",
        },
        "click.error": {"id": "Galat: {message}", "en": "Error: {message}"},
        "click.no_option": {"id": "Opsi {name} tidak ada.", "en": "No such option {name}."},
        "click.did_you_mean": {"id": "Maksud Anda {name}?", "en": "Did you mean {name}?"},
        "click.no_command": {"id": "Perintah {name} tidak ada.", "en": "No such command {name}."},
        "click.missing_argument": {
            "id": "Argumen {name} belum diberikan.",
            "en": "Missing argument {name}.",
        },
        "click.missing_option": {
            "id": "Opsi {name} belum diberikan.",
            "en": "Missing option {name}.",
        },
        "click.needs_value": {
            "id": "Opsi {name} perlu sebuah nilai.",
            "en": "Option {name} requires an argument.",
        },
        "click.invalid": {
            "id": "Nilai tidak sah untuk {name}: {why}",
            "en": "Invalid value for {name}: {why}",
        },
        "click.extra": {
            "id": "Ada argumen lebih yang tidak dikenal: {args}",
            "en": "Got unexpected extra arguments: {args}",
        },
    },
    terminal=True,
)

# click 8's messages (click/exceptions.py, click/parser.py) -> kipp's key and fields
_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^No such option:? (?P<name>\S+?)\.?$"), "no_option"),
    (re.compile(r"^No such command:? (?P<name>\S+?)\.?$"), "no_command"),
    (re.compile(r"^Missing argument (?P<name>\S+)\.$"), "missing_argument"),
    (re.compile(r"^Missing option (?P<name>\S+)\.$"), "missing_option"),
    (re.compile(r"^Option (?P<name>\S+) requires an argument\.$"), "needs_value"),
    (re.compile(r"^Invalid value for (?P<name>'[^']+'|\S+): (?P<why>.*)$", re.S), "invalid"),
    (re.compile(r"^Got unexpected extra arguments? \((?P<args>.*)\)$"), "extra"),
)
_DID_YOU_MEAN = re.compile(r"\s*Did you mean (?P<name>\S+?)\?$")


def asked_language(args: Sequence[str]) -> str:
    """The ``--lang`` on the command line (``en`` or ``id``), else Bahasa Indonesia."""
    for i, arg in enumerate(args):
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else None
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        if value in i18n.LANGUAGES:
            return value
    return "id"


def say_message(message: str, lang: str) -> str:
    """click's message in ``lang`` when kipp knows its shape, else as click wrote it."""
    hint = ""
    if m := _DID_YOU_MEAN.search(message):
        hint = " " + i18n.officer("click.did_you_mean", lang, name=m["name"])
        message = message[: m.start()]
    for pattern, key in _MESSAGES:
        if m := pattern.match(message.strip()):
            return i18n.officer(f"click.{key}", lang, **m.groupdict()) + hint
    return message + hint


class SaidUsageError(click.UsageError):
    """A click usage error said in the officer's language (``show``)."""

    def __init__(self, original: click.UsageError, lang: str) -> None:
        super().__init__(original.format_message(), ctx=original.ctx)
        self.lang = lang

    def show(self, file: IO[Any] | None = None) -> None:
        """As click's own ``UsageError.show``: the usage line and the help hint, then the
        message; said in ``lang``."""
        ctx = self.ctx
        if ctx is not None:
            usage = re.sub(r"^Usage:", i18n.officer("click.usage", self.lang), ctx.get_usage())
            hint = ""
            if ctx.command.get_help_option(ctx) is not None:
                names = ctx.command.get_help_option_names(ctx)
                hint = i18n.officer("click.try", self.lang, command=ctx.command_path,
                                    option=max(names, key=len)) + "\n"  # fmt: skip
            click.echo(f"{usage}\n{hint}", file=file, err=True)
        message = say_message(self.format_message(), self.lang)
        click.echo(i18n.officer("click.error", self.lang, message=message), file=file, err=True)


class KippGroup(click.Group):
    """kipp's command group: click's usage errors are said in the officer's language."""

    _argv: Sequence[str] = ()

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:  # fmt: skip
        self._argv = list(args)
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            raise SaidUsageError(exc, asked_language(self._argv)) from exc

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SaidUsageError:
            raise
        except click.UsageError as exc:  # a command's own arguments
            raise SaidUsageError(exc, asked_language(self._argv)) from exc
