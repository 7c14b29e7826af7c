"""Rules about the submission: registry facts, fetching, the deadline, the sections."""

from __future__ import annotations

from pipeline import formatting, i18n
from pipeline import registry as _registry  # noqa: F401  (registers the registry notes' texts)
from pipeline.checks.context import Facts, on_breach
from pipeline.fetch import notes as _fetch_notes  # noqa: F401  (the source notes' texts)
from pipeline.models import Check, CheckStatus, RegistryNote, Section, SectionState

PASS, FAIL, WARN, SKIP = CheckStatus.PASS, CheckStatus.FAIL, CheckStatus.WARN, CheckStatus.SKIP


# registry notes shown as warnings: note code -> check id
_NOTE_CHECKS = {
    "registry.timestamp_unreadable": "registry.timestamp",
    "registry.date_order_assumed": "registry.timestamp",
    "registry.control_chars": "registry.row",
}


def _note(f: Facts, codes: tuple[str, ...]) -> RegistryNote | None:
    return next((n for n in f.entry.notes if n.code in codes), None)


def registry(f: Facts) -> list[Check]:
    e = f.entry
    note = _note(f, ("registry.agency_unknown", "registry.agency_missing"))
    if note:
        agency = Check(
            id="registry.agency",
            status=WARN,
            message=f.say(note.code, **note.params),
            value=e.agency,
        )
    else:
        agency = f.check(
            "registry.agency",
            PASS,
            "check.registry.agency.ok",
            value=e.agency_canonical,
            name=e.agency_canonical,
        )
    note = _note(f, ("registry.type_unknown",))
    if note:
        kind = Check(
            id="registry.innovation_type",
            status=WARN,
            message=f.say(note.code, **note.params),
            value=e.innovation_type,
            expected=list(f.config.innovation_types),
        )
    elif e.innovation_type:
        kind = f.check(
            "registry.innovation_type",
            PASS,
            "check.registry.type.ok",
            value=e.innovation_type,
            kind=e.innovation_type,
        )
    else:
        kind = f.check("registry.innovation_type", WARN, "check.registry.type.empty", value="")
    extra = [
        Check(
            id=_NOTE_CHECKS[n.code],
            status=WARN,
            message=f.say(n.code, **n.params),
            value=n.params.get("value", n.params.get("columns")),
        )
        for n in f.entry.notes
        if n.code in _NOTE_CHECKS
    ]
    return [agency, kind, *extra]


def fetch_access(f: Facts) -> Check:
    if (c := f.error_check("fetch.access")) is not None:
        return c
    if f.fetched is None:
        if (s := f.source) is not None:  # decided on the source's own facts: not downloaded
            return f.check("fetch.access", PASS, "check.fetch.facts", value=s.kind, name=s.name)
        return f.not_reached("fetch.access")
    s = f.fetched.source
    return f.check("fetch.access", PASS, "check.fetch.ok", value=s.kind, name=s.name, size=s.size)


# what the fetch noted about where the video came from: note code -> status
_SOURCE_NOTES = {
    "drive.folder_several": WARN,  # several videos in the folder: the newest was taken
    "drive.cell_several": WARN,  # several videos in an upload cell: the newest was taken
    "drive.cell_other_files": PASS,  # the proposal PDF beside the video: named, not judged
    "drive.cell_unreadable": WARN,  # a link of the cell could not be opened
}


def source_notes(f: Facts) -> list[Check]:
    """``fetch.source`` checks: which video was taken and what else the link held."""
    if f.source is None:
        return []
    return [
        Check(
            id="fetch.source",
            status=_SOURCE_NOTES[n.code],
            message=f.say(n.code, **n.params),
            value=n.params.get("chosen", n.params.get("files", n.params.get("links"))),
        )
        for n in f.source.notes
        if n.code in _SOURCE_NOTES
    ]


def deadline(f: Facts) -> Check:
    rule = f.config.deadline
    cid = "deadline.modified_after"
    src = f.source  # the source's modifiedTime: known before any download
    if src is None:
        return f.not_reached(cid)
    if src.kind == "local":
        return f.check(
            cid, SKIP, "check.deadline.local", value=None, expected=rule.aware.isoformat()
        )
    try:  # a stored year 9999 overflows in the competition's zone: no date kipp can use
        modified = src.modified_time.astimezone(rule.aware.tzinfo) if src.modified_time else None
    except (OverflowError, ValueError):
        modified = None
    if modified is None:
        return f.check(cid, WARN, "check.deadline.unknown", expected=rule.aware.isoformat())
    late = modified > rule.aware
    fact = "published_" if src.kind == "youtube" else ""  # YouTube states publishedAt
    return f.check(
        cid,
        on_breach(rule.severity) if late else PASS,
        f"check.deadline.{fact}{'late' if late else 'ok'}",
        value=modified.isoformat(),
        expected=f"<= {rule.aware.isoformat()}",
        modified=formatting.when(modified, rule.timezone, f.lang),
        deadline=formatting.when(rule.aware, rule.timezone, f.lang),
    )


def sections(f: Facts) -> list[Check]:
    if f.sections is None:
        if f.fetched is None or f.probe is None:
            return [f.not_reached(f"section.{s.id}") for s in f.config.sections]
        return [
            f.check(f"section.{s.id}", SKIP, "check.section.not_run") for s in f.config.sections
        ]
    out = [_section(f, s) for s in f.sections]
    role = f.config.section_with_role("innovation_type")
    kind = next((s for s in f.sections if role and s.id == role.id and s.found_value), None)
    if kind and f.entry.innovation_type:
        same = i18n_fold(kind.found_value) == i18n_fold(f.entry.innovation_type)
        out.append(
            f.check(
                "content.innovation_type",
                PASS if same else WARN,
                "check.content.type_match" if same else "check.content.type_mismatch",
                value=kind.found_value,
                expected=f.entry.innovation_type,
                found=kind.found_value,
                declared=f.entry.innovation_type,
            )
        )
    return out


def i18n_fold(text: str | None) -> str:
    from pipeline.text import fold

    return fold(text or "")


def _section(f: Facts, s: Section) -> Check:
    cid, label, state, d = f"section.{s.id}", s.label or s.id, s.state, s.decision
    if d is not None and state is SectionState.DECIDED_PRESENT:
        return f.check(
            cid,
            PASS,
            "check.section.decided_present",
            value=d.at_s,
            label=label,
            at=i18n.clock(d.at_s),
            by=d.by,
        )
    if d is not None and state is SectionState.DECIDED_ABSENT:
        return f.check(cid, FAIL, "check.section.decided_absent", value=None, label=label, by=d.by)
    if state is SectionState.FOUND:
        source = s.evidence[0].source if s.evidence else "?"
        return f.check(
            cid,
            PASS,
            "check.section.found",
            value=s.start_s,
            label=label,
            at=i18n.clock(s.start_s),
            source=source,
        )
    if state is SectionState.OPTIONAL_MISSING:
        return f.check(cid, SKIP, "check.section.missing_optional", value=None, label=label)
    return f.check(cid, WARN, "check.section.missing", value=None, expected="present", label=label)


def open_sections(f: Facts) -> list[Section]:
    """Required sections neither found by the machine nor decided by an officer
    (``SectionState.OPEN``)."""
    return [s for s in f.sections or () if s.state is SectionState.OPEN]
