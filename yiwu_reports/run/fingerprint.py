"""The fingerprint of a scheduled run: everything that shapes its documents.

A scheduled run whose fingerprint matches the manifest of the last run (and whose outputs are
intact) rewrites nothing, so the fingerprint must change whenever a document would: the inputs,
every file a setting names (overrides, Word template, briefing text, previous table), the shipped
templates and the user's templates folder (labels, colours, sentences, styles), the office's
settings (organisation, recipients, signature, deadlines), the documents' date and whether the
office decided on finals (--final), the options, the fonts the PDF is really
set in (its CJK font and the fallbacks for what that lacks), and the versions of this package and
of the libraries that write the files.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from ..core import resources
from ..version import __version__

if TYPE_CHECKING:
    from ..core.config import RunConfig
    from ..core.model import Period, Report

# The libraries whose version changes the bytes of a document.
_LIBRARIES = ("python-docx", "lxml", "openpyxl", "reportlab", "rl_accel")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def folder_files(path: Path) -> list[dict[str, object]]:
    """The files of an output folder (notices, unit-xlsx), by name: name, checksum and size."""
    return [{"path": item.name, "sha256": sha256_file(item), "bytes": item.stat().st_size}
            for item in sorted(path.iterdir(), key=lambda p: p.name) if item.is_file()]


def output_digest(path: Path) -> str:
    """The checksum of an output: of the file, or, for a folder, of its files' names and
    checksums (a file added, removed, renamed or changed changes it)."""
    if not path.is_dir():
        return sha256_file(path)
    listing = "".join(f"{entry['path']}\t{entry['sha256']}\n" for entry in folder_files(path))
    return hashlib.sha256(listing.encode("utf-8")).hexdigest()


def _file_entry(path: Path) -> dict[str, str]:
    return {"path": str(path), "sha256": sha256_file(path) if path.is_file() else "missing"}


def _font_entry(font: str) -> dict[str, object]:
    """The PDF's font: "builtin", or the file with its size and modification time (a font is
    megabytes: its checksum on every run would cost more than the check saves)."""
    if font in ("-", "builtin"):
        return {"font": font}
    path = Path(font)
    try:
        stat = path.stat()
    except OSError:
        return {"font": font, "missing": True}
    return {"font": font, "bytes": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def _library_versions() -> dict[str, str]:
    from importlib import metadata  # 20 ms and the email package: only for scheduled runs

    versions = {}
    for name in _LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "-"
    return versions


def _templates(folder: Path | None = None) -> list[dict[str, str]]:
    """Every file of a templates folder (the shipped one by default) with its checksum."""
    folder = folder or resources.templates_dir()
    return [{"path": path.relative_to(folder).as_posix(), "sha256": sha256_file(path)}
            for path in sorted(folder.rglob("*")) if path.is_file()]


def _report_digest(report: "Report") -> str:
    """What a report given in memory holds (its tasks, texts and judgements), as a checksum."""
    text = json.dumps(report.as_dict(), ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def fingerprint(config: "RunConfig", inputs: Sequence[Path], setting_files: Sequence[Path],
                period: "Period | None", formats: Sequence[str], pdf_font: str,
                reports: Sequence["Report"] = (),
                user_templates: Path | None = None,
                pdf_fallbacks: Sequence[str] = (),
                date: "_dt.date | None" = None) -> dict[str, object]:
    """What the outputs depend on, as JSON-ready data: if this is unchanged, so are they."""
    return {
        "version": __version__,
        "libraries": _library_versions(),
        "period": period.label if period else None,
        "formats": list(formats),
        "name_pattern": config.name_pattern,
        "statuses": {k: dict(v) for k, v in sorted(config.statuses.items())},
        # Only when set, so manifests written before the setting existed stay valid.
        **({"publication": dict(sorted(config.publication.items()))} if config.publication else {}),
        **({"office": config.office.as_dict()} if not config.office.is_default() else {}),
        **({"leads": list(config.leads)} if config.leads else {}),
        **({"columns": dict(sorted(config.columns.items()))} if config.columns else {}),
        "previous_period": config.previous_period,
        # The documents' date is theirs (成文日期, deadlines, properties); --final decides drafts.
        **({"date": date.isoformat()} if date is not None else {}),
        **({"final": True} if config.final else {}),
        "inputs": [_file_entry(p) for p in inputs],
        "reports": [_report_digest(report) for report in reports],
        "files": [_file_entry(p) for p in setting_files],
        "templates": _templates(),
        **({"user_templates": {"folder": str(user_templates), "files": _templates(user_templates)}}
           if user_templates is not None else {}),
        "pdf_font": _font_entry(pdf_font),
        **({"pdf_fallbacks": [_font_entry(path) for path in pdf_fallbacks]} if pdf_fallbacks else {}),
    }
