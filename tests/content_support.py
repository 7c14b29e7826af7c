"""Helpers for the content tests: entries, fetched samples, and the labelled set."""

from __future__ import annotations

from fixtures import content_videos
from pipeline.config import Config
from pipeline.media.probe import probe
from pipeline.models import Entry, Fetched, SourceFacts

__all__ = ["LABELS", "entry", "fetched", "probe"]


def entry(config: Config, agency: str, **kw: object) -> Entry:
    """An entry for ``agency`` with the config's canonical name and short forms."""
    known = next((a for a in config.agencies if a.name == agency), None)
    return Entry(
        entry_id=agency.lower().replace(" ", "-"),
        agency=agency,
        agency_canonical=known.name if known else None,
        agency_aliases=known.aliases if known else (),
        row=2,
        **kw,  # type: ignore[arg-type]
    )


def fetched(name: str) -> Fetched:
    path = content_videos.build(name)
    sidecar = content_videos.sidecar_for(name)
    return Fetched(
        path=path,
        source=SourceFacts(kind="local", name=path.name),
        sidecars=(sidecar,) if sidecar else (),
    )


# name -> (agency in the registry, declared timestamps, {section: (start, end)}, type seen)
Label = tuple[str, dict[str, float], dict[str, tuple[float, float]], str | None]
LABELS: dict[str, Label] = {
    "cards_dark": ("Dinas Kesehatan", {}, {
        "nama_instansi": (0, 6), "masalah": (10, 18), "jenis_inovasi": (30, 38),
        "petunjuk_teknis": (60, 70)}, "Pelayanan Publik"),
    "lower_thirds_busy": ("Dinas Kependudukan dan Pencatatan Sipil", {}, {
        "nama_instansi": (2, 9), "masalah": (16, 26), "jenis_inovasi": (40, 48),
        "petunjuk_teknis": (70, 80)}, "Tata Kelola Pemerintahan"),
    "light_serif_missing": ("Dinas Pendidikan", {}, {
        "nama_instansi": (0, 8), "masalah": (12, 20), "jenis_inovasi": (35, 42)},
        "Inovasi lainnya"),
    "outline_over_pattern": ("Badan Penanggulangan Bencana Daerah", {}, {
        "nama_instansi": (0, 7), "masalah": (14, 22), "jenis_inovasi": (34, 42),
        "petunjuk_teknis": (66, 76)}, "Pelayanan Publik"),
    "yellow_lower_left": ("RSUD Maria Walanda Maramis", {}, {
        "nama_instansi": (3, 10), "masalah": (20, 28), "jenis_inovasi": (44, 52),
        "petunjuk_teknis": (72, 82)}, "Pelayanan Publik"),
    "chapters_only": ("Dinas Perhubungan", {}, {
        "nama_instansi": (0, 10), "masalah": (10, 30), "jenis_inovasi": (30, 50),
        "petunjuk_teknis": (50, 80)}, "Pelayanan Publik"),
    "subtitles_only": ("Dinas Sosial", {}, {
        "nama_instansi": (2, 6), "masalah": (10, 16), "jenis_inovasi": (30, 36),
        "petunjuk_teknis": (60, 66)}, "Tata Kelola Pemerintahan"),
    "sidecar_srt": ("Kecamatan Airmadidi", {}, {
        "nama_instansi": (1, 5), "masalah": (12, 20), "petunjuk_teknis": (50, 58)}, None),
    "ass_in_mkv": ("PDAM Minahasa Utara", {}, {
        "nama_instansi": (1, 8), "masalah": (12, 18), "jenis_inovasi": (40, 46),
        "petunjuk_teknis": (70, 78)}, "Pelayanan Publik"),
    "no_text": ("Dinas Pertanian", {"masalah": 20.0, "petunjuk_teknis": 61.5}, {}, None),
    "competition_banner": ("Dinas Pertanian", {}, {
        "nama_instansi": (8, 14), "masalah": (20, 30)}, None),
    "distractors": ("Dinas Ketahanan Pangan", {}, {"nama_instansi": (16, 24)}, None),
    "oblique_two_lines": ("Kecamatan Likupang Timur", {}, {
        "nama_instansi": (1, 7), "masalah": (13, 21), "petunjuk_teknis": (45, 55)}, None),
    "small_mono_640": ("Dinas Lingkungan Hidup", {}, {
        "nama_instansi": (0, 6), "masalah": (12, 20), "jenis_inovasi": (30, 38),
        "petunjuk_teknis": (50, 60)}, "Tata Kelola Pemerintahan"),
}  # fmt: skip
