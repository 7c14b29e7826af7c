"""`kipp check-link`: what a submitted link is and, with credentials, whether kipp can
download the Drive file behind it or what YouTube says about the video."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from pipeline.cli.words import say
from pipeline.cli.workspace import (
    Workspace,
    echo,
    out,
    pass_workspace,
    usage_errors,
    workspace_options,
)
from pipeline.text import printable


@click.command("check-link")
@click.argument("url")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")
@workspace_options
@pass_workspace
@usage_errors
def check_link(ws: Workspace, url: str, as_json: bool) -> None:
    """Classify a submitted link (Drive file or folder, YouTube, Dropbox, OneDrive, any
    https URL) and, with credentials, check the Drive file or the YouTube video's facts.
    Exit 0 for a usable link, 1 otherwise."""
    from pipeline.fetch.check import check_link as check
    from pipeline.fetch.check import read, usable

    ws.start_logging(to_file=False)
    cell = read(url)
    services = {link.source for link in cell}  # open only the clients the links need
    drive = ws.drive if "drive" in services else None
    youtube = ws.youtube if "youtube" in services else None
    result = check(cell, ws.config, drive=drive, youtube=youtube)
    ok = usable(result)
    if as_json:
        echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        _show_link(result, ws.language)
    sys.exit(0 if ok else 1)


def _show_link(result: dict[str, Any], lang: str) -> None:
    shown = {"kind": result["kind"]}
    for key in ("file_id", "resource_key", "video_id", "download_url"):
        if result.get(key):
            shown[key] = result[key]
    for key, value in {**(result.get("metadata") or {}), **(result.get("facts") or {})}.items():
        if value is not None and shown.get(key) != value:  # file_id once
            shown[key] = value
    if "can_download" in result:
        shown["can_download"] = str(result["can_download"]).lower()
    for key, value in shown.items():  # a Drive name or YouTube title: one line
        out.print(f"{key}: {printable(str(value))}", markup=False)
    if result.get("ignored"):
        out.print(say("link.ignored", lang, links=", ".join(result["ignored"])), markup=False)
    message = result.get("message_en" if lang == "en" else "message")
    if message:
        out.print(message, markup=False)
    if result.get("checked") is False and result["kind"] in ("file", "folder", "youtube"):
        service = "youtube" if result["kind"] == "youtube" else "drive"
        out.print(say(f"link.not_checked.{service}", lang), markup=False)
