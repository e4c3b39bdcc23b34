"""Lay the Word briefing out with LibreOffice and see where its pages break (GB/T 9704 7.3.5).

    python scripts/briefing_pages.py                       # the sample, and the first 10, 40, 80 tasks
    python scripts/briefing_pages.py --tasks 5-159         # every size from 5 to 159 tasks
    python scripts/briefing_pages.py --long-requirements   # also with a long 四、下一步工作要求
    python scripts/briefing_pages.py --without-keeps       # as before the keep settings, to compare
    python scripts/briefing_pages.py TABLE.xlsx            # another table

For each briefing: `soffice --headless --convert-to pdf`, then `pdftotext` page by page. It reports
the page the signature (发文机关署名) lands on and whether that page carries body text above it, and
how many lines the annex's last page holds besides its page number. A signature alone on its page,
or an annex whose last page has one line, is marked PROBLEM and makes the exit code 1. Needs
LibreOffice (soffice) and poppler-utils (pdftotext); a development tool, not part of the package.
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from yiwu_reports import api  # noqa: E402
from yiwu_reports.core.office import OfficeSettings  # noqa: E402
from yiwu_reports.renderers import RenderOptions  # noqa: E402

SAMPLE = ROOT / "samples" / "yiwu-2023-q3-progress.txt"
_PAGE_NUMBER = re.compile(r"^[—–-]\s*\d+\s*[—–-]$")
LONG_REQUIREMENTS = """
[[requirements.items]]
heading = "（五）加强统筹协调。"
text = "{text}"
[[requirements.items]]
heading = "（六）严格考核问责。"
text = "{text}"
"""


def _sizes(text: str, total: int) -> list[int]:
    sizes: list[int] = []
    for part in text.split(","):
        if "-" in part:
            first, last = part.split("-")
            sizes.extend(range(int(first), min(int(last), total) + 1))
        elif part:
            sizes.append(min(int(part), total))
    return sorted(set(sizes))


def _strip_keeps(data: bytes) -> bytes:
    """The briefing without keep-with-next, keep-together and widow control on direct paragraph
    properties (the styles' own stay): how it was laid out before GB/T 9704's page rules."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "word/document.xml":
                content = re.sub(rb"<w:(keepNext|keepLines|widowControl)/>", b"", content)
            target.writestr(info, content)
    return out.getvalue()


def _pages(pdf: Path) -> list[list[str]]:
    done = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True)
    return [[line.strip() for line in page.splitlines() if line.strip()]
            for page in done.stdout.split("\f")[:-1]]


def _to_pdf(docx: Path, folder: Path) -> Path:
    subprocess.run(["soffice", f"-env:UserInstallation=file://{folder / 'profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), str(docx)],
                   capture_output=True, check=True, timeout=300)
    return folder / (docx.stem + ".pdf")


def inspect(pages: list[list[str]], signature: str, annex_label: str) -> tuple[str, bool]:
    """A line describing where the signature and the annex's end fall, and whether all is well."""
    squeeze = lambda text: re.sub(r"\s+", "", text)  # noqa: E731
    at = next((number for number, lines in enumerate(pages)
               if any(squeeze(line) == squeeze(signature) for line in lines)), None)
    if at is None:
        return "signature not found", False
    lines = pages[at]
    index = next(i for i, line in enumerate(lines) if squeeze(line) == squeeze(signature))
    # Body text is what stands above the 附件说明 (whose second line is not body text).
    index = next((i for i, line in enumerate(lines[:index]) if line.startswith("附件：")), index)
    above = [line for line in lines[:index] if not _PAGE_NUMBER.match(line)]
    annex_last = [line for line in pages[-1] if not _PAGE_NUMBER.match(line)]
    annex_starts = next((n for n, page in enumerate(pages) if page and page[0] == annex_label),
                        None)
    ok = bool(above) and len(annex_last) > 1
    return (f"{len(pages)} pages; signature on page {at + 1} "
            f"{'with' if above else 'WITHOUT'} body text above it ({len(above)} lines); annex "
            f"from page {annex_starts + 1 if annex_starts is not None else '?'}, its last page "
            f"holds {len(annex_last)} lines"), ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("table", nargs="?", type=Path, default=SAMPLE)
    parser.add_argument("--tasks", default="10,40,80,100000",
                        help="task counts to try, e.g. 10,40,80 or 5-159 (the first N tasks)")
    parser.add_argument("--long-requirements", action="store_true",
                        help="also try a 四、下一步工作要求 twice as long")
    parser.add_argument("--without-keeps", action="store_true",
                        help="strip the keep settings, to see the layout without them")
    args = parser.parse_args()
    if not (shutil.which("soffice") and shutil.which("pdftotext")):
        print("needs soffice (LibreOffice) and pdftotext (poppler-utils)", file=sys.stderr)
        return 2
    report = api.assess(api.load(args.table))
    signature = OfficeSettings().placeholders()["signature"]
    variants: list[tuple[str, Path | None]] = [("", None)]
    problems = 0
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        if args.long_requirements:
            text = "各牵头单位要对照年度目标任务，逐项细化工作举措，明确责任人和完成时限。" * 6
            longer = folder / "long.toml"
            longer.write_text(LONG_REQUIREMENTS.format(text=text), encoding="utf-8")
            variants.append((" + long 四、", longer))
        for size in _sizes(args.tasks, len(report.tasks)):
            part = replace(report, tasks=report.tasks[:size])
            for label, text_file in variants:
                extra = {"briefing_text": text_file} if text_file else {}
                out = io.BytesIO()
                api.render(part, "docx", out, options=RenderOptions(extra=extra))
                data = _strip_keeps(out.getvalue()) if args.without_keeps else out.getvalue()
                docx = folder / f"briefing-{size}.docx"
                docx.write_bytes(data)
                line, ok = inspect(_pages(_to_pdf(docx, folder)), signature, "附件")
                problems += not ok
                print(f"{size:4d} tasks{label}: {line}{'' if ok else '  PROBLEM'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
