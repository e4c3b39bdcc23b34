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
- `new_ttfont` and the face's state (`face_state`, `face_from_state`): what `TTFont.__init__`
  sets (`fontName`, `face`, `encoding`, `state`, `_asciiReadable`, and from 4.1 `shapable`) and a
  `TTFontFace`'s attributes (`_ttf_data` the file's bytes, from 4.1 `_pdfScale` the unit
  scaling, `TTFNameBytes` names). If these change: the font parse cache gives a face reportlab cannot
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

from fnmatch import fnmatch
from typing import Any, Callable
from weakref import WeakKeyDictionary

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc, ttfonts
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.paragraph import FragLine, ParaLines

__all__ = ["ExtractableTTFont", "new_ttfont", "face_state", "face_from_state",
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
        text = self.prepare(text)
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
        return super().splitString(text, doc, encoding)

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
    """A parsed face's tables as plain values (for `marshal`), names tagged."""
    state: dict[str, Any] = {"__scaled__": "_pdfScale" in vars(face)}  # reportlab 4.1 on
    for name, value in vars(face).items():
        if name in _NOT_STORED:
            continue
        if isinstance(value, ttfonts.TTFNameBytes):
            value = ("__name__", bytes(value))
        state[name] = value
    return state


def face_from_state(state: dict[str, Any], data: bytes) -> Any:
    """The face `face_state` described, around the font file's bytes `data`."""
    face = ttfonts.TTFontFace.__new__(ttfonts.TTFontFace)
    state = dict(state)
    scaled = state.pop("__scaled__", True)
    for name, value in state.items():
        if isinstance(value, tuple) and len(value) == 2 and value[0] == "__name__":
            value = ttfonts.TTFNameBytes(value[1])
        setattr(face, name, value)
    face._ttf_data = data
    if scaled:
        units = face.unitsPerEm
        face._pdfScale = (lambda x: x) if units == 1000 else (lambda x, m=1000 / units: x * m)
    return face


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
