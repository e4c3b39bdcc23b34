"""Every use of reportlab's undocumented parts, in this one module.

The PDF renderer extends reportlab by subclassing and public parameters wherever it can; what
follows needs more than reportlab documents. pyproject.toml pins reportlab to the versions this
was checked against (>=4.0, <5.2) and CI runs the PDF tests at both ends of that range. Each part
says what it relies on and what breaks if reportlab changes it; nothing here changes reportlab
for anyone else (no module attribute is replaced, no global setting touched).

- `ExtractableTTFont` (a TTFont subclass): relies on `TTFont.face.charToGlyph` (code point to
  glyph), the per-document `TTFont.state` (a WeakKeyDictionary of `TTFont.State` with
  `subsets`), `TTFont.addObjects` naming each subset's ToUnicode stream
  'toUnicodeCMap:<base font name>' in `PDFDocument.idToObject`, and `getSubsetInternalName`
  being asked for on every run of text. If these change: characters without a glyph extract as
  NUL or the wrong character (tests: test_render_pdf's emoji and Arabic cases), or a PDF fails
  to build.
- `FallbackTTFont` (an ExtractableTTFont drawing what its face lacks with other fonts) and
  `register_font`: rely on `TTFont.face.charWidths`/`defaultWidth` (read by reportlab's
  accelerated `stringWidth`), `face.charToGlyph` and `face.glyphPos`, the text object switching
  fonts (`Tf`) whenever the subset number `splitString` gives changes and asking
  `getSubsetInternalName` for it, `PDFDocument.getInternalFontName` for the base fonts, and
  `pdfmetrics._fonts` (`getFont`'s registry, when `registerFont` maps a second font of one face
  to the first). `canvas_document` reads `Canvas._doc`. If these change: characters the CJK font
  lacks are drawn as boxes again, or in the wrong font (tests: test_pdf_fonts).
- `new_ttfont` and the face's state (`face_state`, `face_from_state`): what `TTFont.__init__`
  sets (`fontName`, `face`, `encoding`, `state`, `_asciiReadable`, and from 4.1 `shapable`) and a
  `TTFontFace`'s attributes (`_ttf_data` the file's bytes, from 4.1 `_pdfScale` the unit
  scaling, `TTFNameBytes` names; `hmetrics` indexed by glyph and `glyphToChar` read only when
  text is shaped, both kept flat and rebuilt as they are asked for). If these change: the font parse cache gives a face reportlab cannot
  use; `font_cache` then fails to load and the font is parsed again (test_failure_safety checks
  a cached face equals a parsed one attribute by attribute).
- `BinaryStreamCanvas`: a canvas whose `PDFDocument` (`Canvas._doc`) compresses every stream
  with Flate alone through `PDFDocument.defaultStreamFilters`, the document's own setting,
  instead of the process-wide `rl_config.useA85` (ASCII85 on top: 20% larger, and the slowest
  step of a long PDF in pure Python). If this changes: streams are written uncompressed or
  ASCII85-wrapped (bigger files; still valid PDFs).
- Paragraph lines (`FragLine`, `ParaLines`, `FUZZ`, `kept_lines`): the structures reportlab's
  CJK wrap returns, its rounding allowance `rl_config._FUZZ`, and `Paragraph.blPara` /
  `_splitpara` on the pieces of a split paragraph. If these change: Chinese line breaking in
  PDF paragraphs fails (tests: test_pdf_wrap).
"""

from __future__ import annotations

import marshal
from fnmatch import fnmatch
from typing import Any, Callable, Iterator
from weakref import WeakKeyDictionary, ref

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc, ttfonts
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.paragraph import FragLine, ParaLines

from .system_fonts import is_blank

__all__ = ["ExtractableTTFont", "FallbackTTFont", "BaseFontSource", "TrueTypeSource",
           "canvas_document", "register_font", "new_ttfont", "face_state", "face_from_state",
           "BinaryStreamCanvas", "FragLine", "ParaLines", "FUZZ", "kept_lines"]

FUZZ: float = rl_config._FUZZ
"""reportlab's allowance when a line's width is compared with the room it has."""

_CMAP_PREFIX = "toUnicodeCMap:"
# Attributes of a parsed face rebuilt on load rather than stored: the font file's bytes and a
# scaling function.
_NOT_STORED = ("_ttf_data", "_pdfScale")


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap (`ttfonts.makeToUnicodeCMap`), but writing characters beyond
    U+FFFF (emoji) as the UTF-16 surrogate pairs PDF requires (reportlab writes an odd-length
    hex string readers reject)."""
    def utf16(code: int) -> str:
        return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()

    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo", f"<< /Registry ({fontname})", f"/Ordering ({fontname})",
             "/Supplement 0", ">> def", f"/CMapName /{fontname} def", "/CMapType 2 def",
             "1 begincodespacerange", "<00> <%02X>" % (len(subset) - 1), "endcodespacerange",
             f"{len(subset)} beginbfchar"]
    lines += [f"<{index:02X}> <{utf16(code)}>" for index, code in enumerate(subset)]
    lines += ["endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


class ExtractableTTFont(ttfonts.TTFont):
    """reportlab's TrueType font, changed so that nothing drawn is lost to a reader of the PDF:

    - characters the font has no glyph for (emoji, Arabic in a CJK font) are drawn as the font's
      missing-glyph box but mapped to their own Unicode (reportlab maps them all to code 0, which
      extracts as NUL), with a correct ToUnicode entry beyond U+FFFF;
    - text is given to `prepare` first (the renderer puts right-to-left runs in visual order).
    """

    prepare: Callable[[str], str] = staticmethod(lambda text: text)

    def splitString(self, text, doc, encoding="utf-8"):
        if not isinstance(text, str):
            text = text.decode(encoding)
        return self.split_prepared(self.prepare(text), doc)

    def split_prepared(self, text: str, doc: Any) -> list[tuple[int, bytes]]:
        """`splitString` of text already `prepare`d."""
        seen = self.__dict__.setdefault("_seen_chars", set())
        # Usually every character has been seen: test that without building a set.
        if not seen.issuperset(text):
            new = set(text) - seen
            char_to_glyph = self.face.charToGlyph
            for char in new:
                code = ord(char)
                if code not in char_to_glyph and code not in (0, 0xA0):
                    char_to_glyph[code] = 0  # glyph 0 is the missing-glyph box
            seen |= new
        return super().splitString(text, doc)  # type: ignore[no-any-return]

    def getSubsetInternalName(self, subset, doc):
        # Asked for every run of every line (a CJK line switches subsets a dozen times):
        # each subset's name is remembered on the document's font state once known.
        names = getattr(self.state.get(doc), "yiwu_subset_names", None)
        if names is not None and subset in names:
            return names[subset]
        name = super().getSubsetInternalName(subset, doc)
        state = self.state[doc]
        if not hasattr(state, "yiwu_subset_names"):
            state.yiwu_subset_names = {}
        state.yiwu_subset_names[subset] = name
        return name

    def addObjects(self, doc):
        state = self.state.get(doc)
        subsets = [list(subset) for subset in state.subsets] if state is not None else []
        before = set(doc.idToObject)
        super().addObjects(doc)
        if not any(code > 0xFFFF for subset in subsets for code in subset):
            return  # reportlab's CMap is right: leave its bytes as they are
        added = [name for name in doc.idToObject
                 if name not in before and name.startswith(_CMAP_PREFIX)]
        for name, subset in zip(added, subsets):
            if any(code > 0xFFFF for code in subset):
                doc.idToObject[name].content = _to_unicode_cmap(name[len(_CMAP_PREFIX):], subset)

    def cover_ascii(self) -> None:
        """Map printable ASCII the font lacks to the missing-glyph box now, before any document.

        `splitString` adds characters without a glyph to the face's map as it meets them, and a
        document's font state takes printable ASCII into its first subset when the face maps
        it: without this, whether a font lacking Latin letters had met one in an earlier
        document would change the next document's bytes."""
        char_to_glyph = self.face.charToGlyph
        for code in range(32, 127):
            char_to_glyph.setdefault(code, 0)


_SOURCE_STRIDE = 1 << 20
"""Subset numbers of a `FallbackTTFont` are source × stride + the source's own subset number."""


class BaseFontSource:
    """A PDF base font (Helvetica …: every viewer has it, nothing is embedded) drawing the
    characters of the Windows ANSI encoding that no TrueType font of the document has."""

    def __init__(self, name: str) -> None:
        from reportlab.pdfbase.pdfmetrics import getFont

        self.name = name
        self.font = getFont(name)

    def has_glyph(self, char: str) -> bool:
        if not (char.isprintable() or char == "\xa0"):
            return False
        try:
            code = char.encode("cp1252")[0]
        except UnicodeEncodeError:
            return False
        return bool(self.font.widths[code])

    def width(self, char: str) -> float:
        """Advance width in thousandths of the font size."""
        return float(self.font.widths[char.encode("cp1252")[0]])

    def split(self, text: str, doc: Any) -> list[tuple[int, bytes]]:
        return [(0, text.encode("cp1252"))]

    def internal_name(self, subset: int, doc: Any) -> str:
        return str(doc.getInternalFontName(self.name))


class TrueTypeSource:
    """A fallback TrueType font, parsed only once a character needs it: `face_has_glyph` asks
    the font file (`fonts.Face`), `load` gives the reportlab font. A font that cannot be read
    (any font installed may be a fallback, and reportlab refuses some) has no glyph at all."""

    def __init__(self, face_has_glyph: Callable[[str], bool],
                 load: Callable[[], ExtractableTTFont]) -> None:
        self._face_has_glyph = face_has_glyph
        self._load = load
        self._font: ExtractableTTFont | None = None
        self._unreadable = False

    def has_glyph(self, char: str) -> bool:
        if self._unreadable:
            return False
        try:
            if not self._face_has_glyph(char):
                return False
            if self._font is None:
                self._font = self._load()
        except Exception:  # a damaged file, or a font reportlab cannot embed: not a source
            self._unreadable = True
            return False
        return True

    @property
    def font(self) -> ExtractableTTFont:
        if self._font is None:
            self._font = self._load()
        return self._font

    def width(self, char: str) -> float:
        face = self.font.face
        return float(face.charWidths.get(ord(char), face.defaultWidth))

    def split(self, text: str, doc: Any) -> list[tuple[int, bytes]]:
        return self.font.split_prepared(text, doc)

    def internal_name(self, subset: int, doc: Any) -> str:
        return str(self.font.getSubsetInternalName(subset, doc))


class FallbackTTFont(ExtractableTTFont):
    """A TrueType font that draws each character it has no glyph for with the first of its
    `sources` that has one (a Latin TrueType font, another CJK font, a PDF base font).

    One font to reportlab: `stringWidth` measures each character in the font that draws it,
    and `splitString` gives runs of each source under subset numbers of their own (source ×
    `_SOURCE_STRIDE` + subset), which `getSubsetInternalName` turns into that source's PDF font.
    reportlab's text object switches fonts whenever the subset number changes (`Tf` per run), as
    it does between the subsets of one TrueType font. Relies on `TTFont.face.charWidths` /
    `defaultWidth` (what reportlab's accelerated stringWidth reads), `face.charToGlyph` and
    `face.glyphPos` (glyph outlines), and the text object asking `getSubsetInternalName` for
    each run `splitString` returns.

    Characters no source has are drawn as the missing-glyph box of this font (still extractable)
    and recorded per document (`missing`).
    """

    sources: tuple[Any, ...] = ()

    def _routing(self) -> tuple[dict[str, int], set[str], set[str]]:
        """(character → source, characters drawn by a fallback, characters no font has), built
        up as characters are met; 0 is this font itself."""
        routing = self.__dict__.get("_route_tables")
        if routing is None:
            routing = self.__dict__["_route_tables"] = ({}, set(), set())
            self.__dict__["_routed"] = set()
        return routing  # type: ignore[no-any-return]

    def _unrouted(self, text: str) -> bool:
        """True when `text` holds a character not yet routed (one set test, in C)."""
        routed = self.__dict__.get("_routed")
        return routed is None or not routed.issuperset(text)

    def own_glyph(self, char: str) -> bool:
        """True when this font's own face draws `char` with a glyph (an outline, or nothing for
        a blank character)."""
        face = self.face
        glyph = face.charToGlyph.get(ord(char), 0)
        if glyph == 0:
            return False
        positions = face.glyphPos
        empty = glyph + 1 >= len(positions) or positions[glyph + 1] <= positions[glyph]
        return not empty or is_blank(char)

    def _route(self, text: str) -> None:
        routes, elsewhere, nowhere = self._routing()
        widths = self.face.charWidths
        for char in set(text) - routes.keys():
            source = 0
            if not self.own_glyph(char):
                for number, candidate in enumerate(self.sources, start=1):
                    if candidate.has_glyph(char):
                        source = number
                        widths[ord(char)] = candidate.width(char)
                        elsewhere.add(char)
                        break
                else:
                    nowhere.add(char)
            routes[char] = source
        self.__dict__["_routed"].update(text)

    def stringWidth(self, text, size, encoding="utf8"):  # type: ignore[no-untyped-def]
        if not isinstance(text, str):
            text = text.decode(encoding)
        if self._unrouted(text):
            self._route(text)
        return super().stringWidth(text, size, encoding)

    def split_prepared(self, text: str, doc: Any) -> list[tuple[int, bytes]]:
        if self._unrouted(text):
            self._route(text)
        routes, elsewhere, nowhere = self._routing()
        if nowhere and not nowhere.isdisjoint(text):
            self._note_missing(text, doc, nowhere)
        # Usually the whole run is this font's: one set test, then reportlab's split.
        if not elsewhere or elsewhere.isdisjoint(text):
            return ExtractableTTFont.split_prepared(self, text, doc)
        results: list[tuple[int, bytes]] = []
        start = 0
        for end in range(1, len(text) + 1):
            if end < len(text) and routes[text[end]] == routes[text[start]]:
                continue
            run, source = text[start:end], routes[text[start]]
            if source == 0:
                results += ExtractableTTFont.split_prepared(self, run, doc)
            else:
                results += [(source * _SOURCE_STRIDE + subset, data)
                            for subset, data in self.sources[source - 1].split(run, doc)]
            start = end
        return results

    def _note_missing(self, text: str, doc: Any, nowhere: set[str]) -> None:
        missing = self.__dict__.setdefault("_missing", WeakKeyDictionary())
        missing.setdefault(doc, set()).update(nowhere.intersection(text))

    def missing(self, doc: Any) -> set[str]:
        """Characters drawn in `doc` that no font had a glyph for."""
        return set(self.__dict__.get("_missing", {}).get(doc, ()))

    def getSubsetInternalName(self, subset, doc):  # type: ignore[no-untyped-def]
        # Asked for on every run of every line: the names of the document being written are
        # kept here (beside a weak reference to it), so a known subset costs one dict look-up.
        last = self.__dict__.get("_names_of_doc")
        if last is not None and last[0]() is doc:
            name = last[1].get(subset)
            if name is not None:
                return name
        else:
            last = self.__dict__["_names_of_doc"] = (ref(doc), {})
        if subset < _SOURCE_STRIDE:
            name = ExtractableTTFont.getSubsetInternalName(self, subset, doc)
        else:
            source, own = divmod(subset, _SOURCE_STRIDE)
            name = self.sources[source - 1].internal_name(own, doc)
        last[1][subset] = name
        return name


def register_font(font: ExtractableTTFont) -> None:
    """Register `font` under its own (unique) name even when reportlab already knows its face
    under another name. `pdfmetrics.registerFont` keeps one font object per face (its PostScript
    name, `pdfmetrics._dynFaceNames`) and would register an earlier object of the same face under
    this name: the same CJK face with other fallbacks would then draw with the first one's.
    The name is put in `pdfmetrics._fonts` (what `getFont` reads) directly in that case; the
    earlier font keeps its own name. If reportlab changes this: a second font of one face in a
    process draws with the first one's fallbacks (test_pdf_fonts runs Droid with and without
    DejaVu in one process)."""
    from reportlab.pdfbase import pdfmetrics

    pdfmetrics.registerFont(font)
    if pdfmetrics.getFont(font.fontName) is not font:
        pdfmetrics._fonts[font.fontName] = font


def canvas_document(canvas: Canvas) -> Any:
    """The `PDFDocument` a canvas writes (`Canvas._doc`), the key of fonts' per-document state."""
    return canvas._doc


def new_ttfont(font_class: type[ExtractableTTFont], name: str, face: Any) -> ExtractableTTFont:
    """A font around a face already parsed (from the cache): what `TTFont.__init__` does,
    without parsing the file."""
    font = font_class.__new__(font_class)
    font.fontName = name
    font.face = face
    font.encoding = ttfonts.TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    unshaped = getattr(ttfonts, "unShapedFontGlob", None)  # text shaping came with 4.1
    if unshaped is not None:
        font.shapable = not any(fnmatch(name, glob) for glob in unshaped)
    return font


def face_state(face: Any) -> dict[str, Any]:
    """A parsed face's tables as plain values (for `marshal`), names tagged. The two tables of
    a value per glyph in small containers (`hmetrics`, a pair per glyph; `glyphToChar`, a list
    per glyph: a hundred thousand objects in a CJK font, which cost their making and then the
    garbage collector's time on every pass) are kept as flat lists of numbers, `glyphToChar`
    marshalled apart, so that they load without making those objects (`face_from_state`)."""
    state: dict[str, Any] = {"__scaled__": "_pdfScale" in vars(face)}  # reportlab 4.1 on
    for name, value in vars(face).items():
        if name in _NOT_STORED:
            continue
        if isinstance(value, ttfonts.TTFNameBytes):
            value = ("__name__", bytes(value))
        elif name == "hmetrics":
            value = ("__pairs__", [pair[0] for pair in value], [pair[1] for pair in value])
        elif name == "glyphToChar":  # not needed for our PDF: loaded only when asked for
            value = ("__groups__", marshal.dumps((list(value),
                                                  [len(chars) for chars in value.values()],
                                                  [char for chars in value.values()
                                                   for char in chars])))
        state[name] = value
    return state


def face_from_state(state: dict[str, Any], data: bytes) -> Any:
    """The face `face_state` described, around the font file's bytes `data`."""
    face = _CachedFace.__new__(_CachedFace)
    state = dict(state)
    scaled = state.pop("__scaled__", True)
    for name, value in state.items():
        if isinstance(value, tuple) and value and value[0] == "__name__":
            value = ttfonts.TTFNameBytes(value[1])
        elif isinstance(value, tuple) and value and value[0] == "__pairs__":
            value = _Pairs(value[1], value[2])
        elif isinstance(value, tuple) and value and value[0] == "__groups__":
            name, value = "_glyph_groups", value[1]
        setattr(face, name, value)
    face._ttf_data = data
    if scaled:
        units = face.unitsPerEm
        face._pdfScale = (lambda x: x) if units == 1000 else (lambda x, m=1000 / units: x * m)
    return face


class _CachedFace(ttfonts.TTFontFace):  # type: ignore[misc]
    """A face rebuilt from the cache. Its `glyphToChar` (glyph → characters, which reportlab
    reads only when it shapes text with HarfBuzz, never for our PDF) is made from the stored
    lists the first time it is asked for."""

    def __getattr__(self, name: str) -> Any:
        groups = self.__dict__.get("_glyph_groups")
        if name != "glyphToChar" or groups is None:
            raise AttributeError(name)
        glyphs, counts, chars = marshal.loads(groups)
        table: dict[int, list[int]] = {}
        at = 0
        for glyph, count in zip(glyphs, counts):
            table[glyph] = chars[at:at + count]
            at += count
        self.glyphToChar = table
        return table


class _Pairs:
    """`TTFontFace.hmetrics` from the cache: (advance, side bearing) of glyph i as `[i]`, made
    when asked for (reportlab asks only for the glyphs a subset embeds), from two flat lists."""

    __slots__ = ("_first", "_second")

    def __init__(self, first: list[Any], second: list[Any]) -> None:
        self._first, self._second = first, second

    def __getitem__(self, index: int) -> tuple[Any, Any]:
        return self._first[index], self._second[index]

    def __len__(self) -> int:
        return len(self._first)

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        return zip(self._first, self._second)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, (list, tuple, _Pairs)):
            return NotImplemented
        return len(self) == len(other) and all(mine == theirs for mine, theirs in zip(self, other))

    __hash__ = None  # type: ignore[assignment]


class BinaryStreamCanvas(Canvas):
    """A canvas whose document compresses every stream with Flate alone (no ASCII85 wrapping):
    build with `pageCompression=0` and this as the `canvasmaker`, so that no stream asks for
    the process-wide default and each takes the document's own."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._doc.defaultStreamFilters = [pdfdoc.PDFZCompress]


def kept_lines(paragraph: Any) -> Any | None:
    """The lines of a piece of a split paragraph (it keeps the lines it was split with), or
    None for a paragraph whose lines are still to be broken."""
    if hasattr(paragraph, "blPara") and getattr(paragraph, "_splitpara", False):
        return paragraph.blPara
    return None
