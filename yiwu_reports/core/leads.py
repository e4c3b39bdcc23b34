"""Lead units: a lead cell naming several units (发改局、经信局) split into the units it names.

The one place a lead cell is read as units. `Task.leads` calls `split_leads`, and everything that
counts or groups by unit (the summary's `by_lead`, the briefing's groups, the workbook's sheets,
the web page's filter, the notices, `--lead`) goes through it, so a task led jointly counts under
each of its lead units and is never a third unit of its own. The cell as written stays the task's
`lead`.

What splits: 、 ， , ； ; / and line breaks (outside brackets); 和 and 及 only between two complete
unit names (经济和信息化局 and 住房和城乡建设局 are one unit each); spaces only between complete
unit names. Markers: 牵头 and 配合 (also 协办, 协助, 参与) after a unit or a run of units
(发改局、经信局牵头，商务局配合), in brackets (发改局（牵头）), or as labels (牵头单位：发改局；配合单位：
经信局). Units marked 配合 are cooperating units, not lead units. ★ and similar marks are dropped.
Pure string functions: no import of the model.
"""

from __future__ import annotations

import re
from functools import lru_cache

# A unit's name ends with one of these (after any bracketed note: 组织部（人才办）).
_UNIT_END = re.compile(
    r"(?:局|委|办|部|厅|处|科|室|站|所|院|校|中心|集团|公司|会|队|组|行|社|府|街道|镇|乡|区|县|"
    r"市|街|指挥部|办公室|单位|部门|政府|法院|馆|台|署|园|场|团|联|总工会)$")
_BRACKETED_TAIL = re.compile(r"[（(][^（()）]*[)）]$")
_MARKS = re.compile(r"[★☆※*＊▲●◆]+")
# Marks are dropped where they mark a unit (★发改局), never from inside a name.
_EDGE_MARKS = re.compile(r"^[★☆※*＊▲●◆]+|[★☆※*＊▲●◆]+$")
_SEPARATORS = "、，,；;/／\n\r"
_OPEN, _CLOSE = "（(〔[【“‘", "）)〕]】”’"
_CONJUNCTIONS = re.compile(r"和|及|以及|与")
_LEAD_LABEL = re.compile(r"^(?:牵头|责任|主办|主责)(?:单位|部门)?[:：]")
_PARTNER_LABEL = re.compile(r"^(?:配合|协办|协助|参与|协同)(?:单位|部门)?[:：]")
_LEAD_MARK = re.compile(r"(?:[（(](?:牵头|主办)(?:单位)?[)）]|为?(?:牵头|主办)(?:单位)?|负总责)$")
_PARTNER_MARK = re.compile(r"(?:[（(](?:配合|协办|协助|参与)(?:单位)?[)）]|"
                           r"(?:共同)?(?:配合|协办|协助|参与)(?:单位)?)$")
_TRAILING = re.compile(r"(?<=[^\s])等$|[。．.：:\s]+$")


def _pieces(text: str) -> list[str]:
    """`text` cut at the separators that are not inside brackets or quotes."""
    pieces: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE and depth:
            depth -= 1
        if char in _SEPARATORS and depth == 0:
            pieces.append("".join(current))
            current = []
        else:
            current.append(char)
    pieces.append("".join(current))
    return [piece.strip() for piece in pieces if piece.strip()]


def _bare(name: str) -> str:
    """A name without markers and a bracketed note, for the 'is it a whole unit' test."""
    name = _LEAD_MARK.sub("", _PARTNER_MARK.sub("", name)).strip()
    return _BRACKETED_TAIL.sub("", name).strip()


def is_unit_name(name: str) -> bool:
    """True when `name` reads as a whole unit's name (ends like 局, 委, 中心, 街道 …)."""
    bare = _bare(name)
    return len(bare) >= 2 and bool(_UNIT_END.search(bare))


def _by_conjunction(piece: str) -> list[str]:
    """发改局和经信局 → 发改局, 经信局; 经济和信息化局 stays whole (经济 is no unit)."""
    for match in _CONJUNCTIONS.finditer(piece):
        left, rest = piece[: match.start()], piece[match.end():]
        if is_unit_name(left):
            tail = _by_conjunction(rest)
            if is_unit_name(tail[0]):
                return [left, *tail]
    return [piece]


def _by_space(piece: str) -> list[str]:
    """Units separated by spaces (县卫健局 县医保局); words that are not whole units stay with the
    unit before them (发改局 牵头 → 发改局牵头)."""
    words = piece.split()
    if len(words) < 2:
        return [piece]
    units: list[str] = []
    pending = ""
    for word in words:
        pending += word
        if is_unit_name(pending):
            units.append(pending)
            pending = ""
    if pending:
        if not units:
            return [" ".join(words)]
        units[-1] += pending
    return units


def _clean(name: str) -> str:
    name = _EDGE_MARKS.sub("", name.strip()).strip()
    return _TRAILING.sub("", name).strip()


@lru_cache(maxsize=8192)
def split_leads(cell: str) -> tuple[str, ...]:
    """The lead units a lead cell names, in order, each once; () for an empty cell.

    Units marked 配合 (协办, 协助, 参与) are left out; when every unit is so marked, all are kept
    (the cell names no lead, and they are who answers for the task)."""
    text = _EDGE_MARKS.sub("", (cell or "").strip()).strip()
    if not text:
        return ()
    entries: list[tuple[str, str | None]] = []  # (unit, "lead" | "partner" | None)
    mode: str | None = None  # set by a label (牵头单位：, 配合单位：) for the units after it
    for piece in _pieces(text):
        label = _LEAD_LABEL.match(piece)
        partner_label = None if label else _PARTNER_LABEL.match(piece)
        if label or partner_label:
            mode = "lead" if label else "partner"
            piece = piece[(label or partner_label).end():].strip()  # type: ignore[union-attr]
        for part in (p for chunk in _by_conjunction(piece) for p in _by_space(chunk)):
            marked = "partner" if _PARTNER_MARK.search(part) else \
                "lead" if _LEAD_MARK.search(part) else None
            if marked is not None and mode is None:
                # 发改局、经信局牵头: the mark covers the unmarked units just before it.
                for index in range(len(entries) - 1, -1, -1):
                    if entries[index][1] is not None:
                        break
                    entries[index] = (entries[index][0], marked)
            name = _clean(_LEAD_MARK.sub("", _PARTNER_MARK.sub("", part)))
            if name:
                entries.append((name, marked or mode))
    named = [name for name, role in entries if role != "partner"] or [name for name, _ in entries]
    if not named:  # only markers (牵头), or dots (., ..): the cell as written is all there is
        return (_clean(text) or text,)
    return tuple(dict.fromkeys(named))


def unit_key(name: str) -> str:
    """A unit's name compared loosely: no spaces or marks (for --lead and file names)."""
    return "".join(_MARKS.sub("", name).split())


__all__ = ["is_unit_name", "split_leads", "unit_key"]
