"""The same video twice (issue 23), on generated media: re-encodes, overlays, a clip inside
another video, the same sound under other pictures, hard negatives, the index against
brute force, a run with its reports, an officer's decision and last year's store."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

import fixtures.duplicate_media
from pipeline.config import Config, Duplicates, Speech
from pipeline.duplicates import index
from pipeline.duplicates.match import Video, pair
from pipeline.duplicates.picture import distances
from pipeline.duplicates.round import find
from pipeline.errors import UsageError
from pipeline.media.analyze import analyze
from pipeline.media.probe import probe
from pipeline.models import CheckStatus, DuplicateMatch
from pipeline.registry import load_registry
from pipeline.report import summarize, write_summary
from pipeline.runner import Env
from pipeline.session import rerun_logged, review_duplicate, run_logged
from pipeline.store import Store
from tests.conftest import kipp
from tests.test_runner import all_found

NOW = datetime(2024, 5, 31, 12, 0, tzinfo=UTC)
SAMPLES = (
    "dup_a", "dup_a_small", "dup_a_logo", "dup_clip_host", "dup_voice_other_picture",
    "dup_testsrc", "dup_bars_a", "dup_bars_b",
)  # fmt: skip


@pytest.fixture(scope="module")
def videos(
    make_media: Callable[[str], Path], config: Config, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Video]:
    """Each sample analysed once (the one decode pass), as the finder sees it."""
    work = tmp_path_factory.mktemp("dup")
    out = {}
    for name in SAMPLES:
        path = make_media(name)
        analysis = analyze(path, probe(path, timeout=30), config, work / name)
        out[name] = Video.of(name, name, fingerprint=analysis.fingerprint)
    return out


def match(videos: dict[str, Video], a: str, b: str) -> DuplicateMatch | None:
    found = pair(videos[a], videos[b], Duplicates())
    return found[0] if found else None


def test_the_pass_fingerprints_one_frame_a_second_and_the_sound(videos):
    a = videos["dup_a"]
    assert a.pictures is not None and a.sounds is not None
    assert 30 <= len(a.pictures) <= 61  # distinct frames of 60 s at one a second
    assert 50 <= a.sounds.content_s <= 60  # the melody is content all through


def test_a_reencode_at_another_size_and_bitrate_matches(videos):
    m = match(videos, "dup_a", "dup_a_small")
    assert m is not None and m.picture and not m.identical
    assert m.picture_share is not None and m.picture_share >= 0.8
    first = m.spans[0]
    assert first.signal == "picture" and first.start_s <= 2 and first.end_s >= 57


def test_a_logo_and_a_lower_third_still_match(videos):
    m = match(videos, "dup_a", "dup_a_logo")
    assert m is not None and m.picture


def test_a_40_s_clip_inside_another_video_matches_with_its_times(videos):
    m = match(videos, "dup_a", "dup_clip_host")
    assert m is not None and m.picture
    span = next(s for s in m.spans if s.signal == "picture")
    assert abs(span.start_s - 10) <= 2 and abs(span.end_s - 50) <= 2  # dup_a's 10-50 s ...
    assert abs(span.other_start_s - 20) <= 2 and abs(span.other_end_s - 60) <= 2  # ... at 20-60
    back = match(videos, "dup_clip_host", "dup_a")
    assert back is not None and abs(back.spans[0].start_s - 20) <= 2  # the host's view
    logo = match(videos, "dup_a_logo", "dup_clip_host")  # under 80 % on both sides: the span
    assert (
        logo is not None
        and logo.picture
        and max(logo.picture_share or 0, logo.other_picture_share or 0) < 0.8
    )


def test_the_same_sound_under_other_pictures_is_an_audio_match(videos):
    m = match(videos, "dup_a", "dup_voice_other_picture")
    assert m is not None and m.sound and not m.picture
    assert m.sound_share is not None and m.sound_share >= 0.8
    assert any(s.signal == "sound" and s.end_s - s.start_s >= 40 for s in m.spans)


def test_two_different_test_sources_of_the_same_length_do_not_match(videos):
    assert match(videos, "dup_a", "dup_testsrc") is None


def test_the_same_colour_bars_around_different_middles_do_not_match(videos):
    found = pair(videos["dup_bars_a"], videos["dup_bars_b"], Duplicates())
    assert found is None
    bars = [videos["dup_bars_a"], videos["dup_bars_b"]]
    from pipeline.duplicates.picture import compare

    assert bars[0].pictures is not None and bars[1].pictures is not None
    shares = compare(bars[0].pictures, bars[1].pictures)
    assert 0 < shares.share < 0.8  # the bars do match: the share threshold keeps them apart


def test_the_index_loses_no_match_against_brute_force_on_the_test_set(videos):
    every = list(videos.values())
    assert find(every) == find(every, use_index=False)
    assert sum(bool(m) for m in find(every).values()) >= 6


def test_the_picture_index_finds_every_pair_within_31_bits():
    """Planted neighbours at every distance up to 31 among random hashes: the multi-index
    finds exactly the owner pairs brute force finds."""
    rng = np.random.default_rng(7)
    base = rng.integers(0, 2**63, size=(300, 4), dtype=np.uint64)
    near = base[:64].copy()
    for k, row in enumerate(near):  # flip k % 40 bits: distances 0-39
        bits = rng.choice(256, size=k % 40, replace=False)
        for b in bits:
            row[b // 64] ^= np.uint64(1) << np.uint64(b % 64)
    hashes = np.concatenate([base, near])
    owners = np.concatenate([np.arange(300) // 3, 100 + np.arange(64)])
    close = distances(hashes, hashes) <= 31
    brute = {
        (int(min(owners[i], owners[j])), int(max(owners[i], owners[j])))
        for i, j in zip(*np.nonzero(close), strict=True)
        if owners[i] != owners[j]
    }
    assert index.picture_pairs(hashes, owners) == brute
    assert len(brute) >= 40  # the planted ones within 31 bits


def test_byte_identical_files_are_named_without_a_fingerprint():
    a = Video.of("a", "Dinas A", md5="0" * 32)
    b = Video.of("b", "Dinas B", md5="0" * 32)
    c = Video.of("c", "Dinas C", md5="1" * 32)
    found = find([a, b, c])
    assert [m.other for m in found["a"]] == ["b"] and found["a"][0].identical
    assert found["c"] == ()


def test_same_title_from_another_agency_is_flagged_fuzzily():
    a = Video.of("a", "Dinas Kesehatan", "Puskesmas Keliling Digital")
    b = Video.of("b", "RSUD Maria Walanda", "PUSKESMAS keliling - digital!")
    c = Video.of("c", "Dinas Sosial", "Bantuan Sosial Tepat Sasaran")
    found = find([a, b, c])
    assert [(m.other, m.title) for m in found["a"]] == [("b", True)]
    assert found["c"] == ()


# ----------------------------------------------------------------- a whole round
def _registry(folder: Path, make_media, rows: dict[str, str]) -> Path:
    (folder / "v").mkdir(parents=True, exist_ok=True)
    lines = []
    for agency, name in rows.items():
        dst = folder / "v" / f"{agency.replace(' ', '_')}.mp4"
        shutil.copyfile(make_media(name), dst)
        lines.append(f"{agency},Pelayanan Publik,v/{dst.name}")
    path = folder / "r.csv"
    path.write_text("Nama Instansi,Jenis Inovasi,Link Video\n" + "\n".join(lines) + "\n", "utf-8")
    return path


@pytest.fixture
def round_env(tmp_path, make_media, config) -> Iterator[Callable[..., tuple[Env, list]]]:
    stores: list[Store] = []

    def open_round(folder: str, rows: dict[str, str], cfg: Config = config) -> tuple[Env, list]:
        cfg = cfg.model_copy(update={"speech": Speech(model="off")})  # speech: not needed here
        root = tmp_path / folder
        registry = _registry(root, make_media, rows)
        store = Store.open(root / "out")
        stores.append(store)
        env = Env(config=cfg, out=root / "out", lang="en", cache_dir=root / "out" / ".kipp" /
                  "cache", store=store, clock=lambda: NOW, find_sections=all_found)  # fmt: skip
        return env, load_registry(registry, cfg)

    yield open_round
    for store in stores:
        store.close()


def _check(out: Path, entry_id: str, check_id: str = "duplicate.video") -> dict | None:
    report = json.loads((out / entry_id / "report.json").read_text("utf-8"))
    return next((c for c in report["checks"] if c["id"] == check_id), None)


def test_a_round_warns_both_entries_of_a_pair_and_an_officer_decides(round_env):
    env, entries = round_env("now", {
        "Dinas Sosial": "dup_a", "Dinas Pendidikan": "dup_a_small",
        "Kecamatan Wori": "dup_a", "Kecamatan Kema": "dup_testsrc",
    })  # fmt: skip
    result = run_logged(entries, env)
    verdicts = {o.entry.entry_id: o.report for o in result.outcomes}
    sosial = _check(env.out, "dinas-sosial")
    assert sosial is not None and sosial["status"] == "warn"
    assert set(sosial["value"]) == {"dinas-pendidikan", "kecamatan-wori"}
    assert "byte-identical" in sosial["message"] and "Dinas Pendidikan" in sosial["message"]
    assert _check(env.out, "kecamatan-kema") is None
    assert any(c.id == "duplicate.video" for c in verdicts["dinas-pendidikan"].checks)
    page = (env.out / "dinas-sosial" / "report.html").read_text("utf-8")
    assert "Dinas Pendidikan" in page and "data:image/jpeg;base64," in page
    reports = [o.report for o in result.outcomes]
    write_summary(summarize(reports, env.config, "en", NOW), reports, env.out, env.config)
    index_page = (env.out / "index.html").read_text("utf-8")
    assert 'id="duplicate-pairs"' in index_page and "Dinas Pendidikan" in index_page

    sosial_entry = next(e for e in entries if e.entry_id == "dinas-sosial")
    outcomes = review_duplicate(sosial_entry, env, "dinas-pendidikan", same=False, by="Rina")
    assert {o.entry.entry_id for o in outcomes} == {"dinas-sosial", "dinas-pendidikan"}
    pendidikan = _check(env.out, "dinas-pendidikan")  # decided for the pair, either side
    assert pendidikan is not None and "decided different by Rina" in pendidikan["message"]
    assert pendidikan["status"] == "warn"  # its match with Wori is still open
    pendidikan_entry = next(e for e in entries if e.entry_id == "dinas-pendidikan")
    review_duplicate(pendidikan_entry, env, "kecamatan-wori", same=False, by="Rina")
    pendidikan = _check(env.out, "dinas-pendidikan")
    assert pendidikan is not None and pendidikan["status"] == "pass"
    still = _check(env.out, "dinas-sosial")
    assert still is not None and still["status"] == "warn"  # Wori's identical file is open
    with pytest.raises(UsageError, match="no match between dinas-sosial and kecamatan-kema"):
        review_duplicate(sosial_entry, env, "kecamatan-kema", same=True, by="Rina")
    assert len(env.store.acts(kind="duplicate_decision")) == 2  # the refused one is not kept


def test_identical_files_fail_when_the_competition_says_so(round_env, config):
    strict = config.model_copy(update={"duplicates": Duplicates(identical="fail")})
    env, entries = round_env("now", {"Dinas Sosial": "dup_a", "Kecamatan Wori": "dup_a"}, strict)
    result = run_logged(entries, env)
    assert {o.report.verdict.value for o in result.outcomes} == {"fail"}
    check = _check(env.out, "kecamatan-wori")
    assert check is not None and check["status"] == CheckStatus.FAIL.value


def test_a_rerun_compares_one_entry_with_the_others_stored_prints(round_env):
    env, entries = round_env("now", {"Dinas Sosial": "dup_a", "Kecamatan Kema": "dup_testsrc"})
    run_logged(entries, env)
    assert _check(env.out, "kecamatan-kema") is None
    shutil.copyfile(fixtures.media.build("dup_a_logo"), env.out.parent / "v" / "Kecamatan_Kema.mp4")
    kema = next(e for e in entries if e.entry_id == "kecamatan-kema")
    result = rerun_logged(kema, env)
    assert any(c.id == "duplicate.video" for c in result.outcomes[0].report.checks)
    sosial = _check(env.out, "dinas-sosial")  # the other side of the pair shows it too
    assert sosial is not None and sosial["value"] == ["kecamatan-kema"]


def test_last_years_store_is_read_only_and_matches(round_env, config, tmp_path):
    last, last_entries = round_env("2023", {"Dinas Kesehatan": "dup_a"})
    run_logged(last_entries, last)
    last.store.close()
    store_file = last.out / ".kipp" / "kipp.sqlite"
    before = hashlib.sha256(store_file.read_bytes()).hexdigest()
    cfg = config.model_copy(
        update={"duplicates": Duplicates(earlier=(last.out,)), "source_path": tmp_path / "c.toml"}
    )
    env, entries = round_env("2024", {"Dinas Sosial": "dup_a_logo"}, cfg)
    run_logged(entries, env)
    check = _check(env.out, "dinas-sosial")
    assert check is not None and check["status"] == "warn"
    assert check["value"] == ["out#dinas-kesehatan"]
    assert "round out" in check["message"]
    assert hashlib.sha256(store_file.read_bytes()).hexdigest() == before  # never written


def test_an_earlier_folder_without_a_store_is_one_clear_message(round_env, config, tmp_path):
    cfg = config.model_copy(update={"duplicates": Duplicates(earlier=(tmp_path / "nothing",))})
    env, entries = round_env("2024", {"Dinas Sosial": "dup_a"}, cfg)
    with pytest.raises(UsageError, match=r"holds no kipp store .* give the report folder"):
        run_logged(entries, env)


def test_kipp_review_duplicate_from_the_command_line(tmp_path, make_media):
    registry = _registry(tmp_path, make_media, {"Dinas Sosial": "dup_a",
                                                "Dinas Pendidikan": "dup_a_small"})  # fmt: skip
    common = ["--registry", str(registry), "--out", str(tmp_path / "out"), "--lang", "en"]
    kipp("run", *common)
    done = kipp("review", "Dinas Sosial", "--duplicate", "dinas-pendidikan", "--same",
                "--by", "Rina", *common)  # fmt: skip
    assert done.stdout.splitlines()[0] == (
        "Recorded: the videos of Dinas Sosial and dinas-pendidikan are THE SAME, by Rina."
    )
    check = _check(tmp_path / "out", "dinas-pendidikan")
    assert check is not None and check["status"] == "fail"
    bad = kipp("review", "Dinas Sosial", "--duplicate", "dinas-pendidikan", "--by", "Rina",
               *common)  # fmt: skip
    assert bad.returncode == 2
    assert "--same (the same video) or --different" in bad.stderr


def test_stored_matches_change_only_when_the_round_does():
    store = Store.memory()
    m = DuplicateMatch(other="b", other_agency="B", identical=True)
    assert store.set_duplicate_matches({"a": [m]}) == {"a"}
    assert store.set_duplicate_matches({"a": [m]}) == set()
    assert store.set_duplicate_matches({"a": []}) == {"a"}


def test_an_ffmpeg_without_chromaprint_still_fingerprints_the_picture(
    monkeypatch, make_media, config, tmp_path
):
    from pipeline.media import fingerprint

    monkeypatch.setattr(fingerprint, "sound_supported", lambda: False)
    path = make_media("dup_a")
    analysis = analyze(path, probe(path, timeout=30), config, tmp_path)
    assert analysis.decode_ok and analysis.fingerprint is not None
    assert analysis.fingerprint.sound == b"" and len(analysis.fingerprint.frames) >= 32 * 55


def test_the_agency_notice_of_a_duplicate_names_neither_the_other_nor_kipp(round_env, config):
    from pipeline.report.notices import build_notice

    strict = config.model_copy(update={"duplicates": Duplicates(identical="fail")})
    env, entries = round_env("now", {"Dinas Sosial": "dup_a", "Kecamatan Wori": "dup_a"}, strict)
    result = run_logged(entries, env)
    notice = build_notice(result.outcomes[0].report, entries[0], env.config, NOW)
    assert notice is not None
    text = notice.text
    assert "The committee found this video to be the same" in text  # the run's language: en
    assert "Wori" not in text and "kipp review" not in text
