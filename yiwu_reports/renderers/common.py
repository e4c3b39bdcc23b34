"""What every document renderer needs: repeatable zip packages, text safe for XML and round
chart axes."""

from __future__ import annotations

import io
import math
import zipfile
from datetime import datetime

from ..text.cell_html import XML_INVALID

# Every document is dated with this moment, not the time of the run, so the same input gives
# the same bytes (scheduled runs and reviews compare files).
FIXED_TIME = datetime(2000, 1, 1, 0, 0, 0)


def xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold (readers already remove them from
    input; this guards text built from other sources such as a user's template)."""
    return XML_INVALID.sub("", text)


def fixed_entry(name: str) -> zipfile.ZipInfo:
    """A deflated zip entry dated FIXED_TIME with the same attributes on every system."""
    entry = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o644 << 16
    entry.create_system = 0
    return entry


def repeatable_zip(data: bytes) -> bytes:
    """The same OOXML package (docx, xlsx) with fixed entry times and attributes, so two runs
    give identical bytes. Entry order is kept: [Content_Types].xml must stay first."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(fixed_entry(info.filename), source.read(info.filename))
    return out.getvalue()


def axis_step(top: int, ticks: int = 5) -> int:
    """A round step for a chart's count axis (1, 2, 5, 10, 20, 50 …) giving about `ticks` ticks up to `top`."""
    raw = max(1.0, top / ticks)
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return int(factor * power)
    return int(10 * power)
