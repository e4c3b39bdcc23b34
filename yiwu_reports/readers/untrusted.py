"""Files from fifty units are untrusted: a zip package (.xlsx, .docx) is checked before any
library opens it, and XML is parsed with entities, DTDs and the network off.

A decompression bomb (a 1.5 MB workbook whose sheet inflates to gigabytes) is refused by
inflating each part in chunks and counting, without keeping it, so memory stays flat and the
refusal comes in about a second; the sizes the zip directory declares are checked first but not
trusted. The tags of each XML part are counted too: a part of a few hundred MiB can hold tens of
millions of tiny elements, and a parser's memory follows the elements, not the bytes. An XML part that declares a document type (the only way to declare entities: the
billion-laughs attack) is refused: no spreadsheet, Word document or progress page needs one.
"""

from __future__ import annotations

import io
import re
import zlib
from typing import TYPE_CHECKING, Any

from ..core.errors import InputError
from . import limits

if TYPE_CHECKING:
    import zipfile

MIB = 1 << 20
MAX_PART = 256 * MIB
"""Largest inflated size of one part (a 100,000-row sheet is about 60 MiB)."""
MAX_TOTAL = 512 * MIB
"""Largest inflated size of all parts together."""
MAX_PARTS = 10_000
MAX_TAGS = 8_000_000
"""Most XML tags (each < counts) in one part. Memory follows the number of elements more than
the bytes: 250 MiB of one-letter shared strings is 15 million strings, which openpyxl keeps in a
list (1.5 GB). A 100,000-row sheet of four columns has about 2 million tags."""
_CHUNK = MIB
# The start of a shared string (<si>, <x:si …>): four bytes, so a three-byte tail carries over.
_STRING_MARKS = (b"<si>", b"<si ", b":si>", b":si ")
# Where a document type may stand: before the root element, in the first bytes of a part.
_PROLOG = 64 * 1024
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def declares_entities(head: bytes, *, html: bool = False) -> bool:
    """True when the start of an XML text declares a document type or entities. For a web page
    (`html`) only an internal subset or an entity counts: <!DOCTYPE html PUBLIC "…xhtml1…dtd">
    is how many portal pages begin, and no DTD is ever loaded."""
    head = head.replace(b"\0", b"")  # UTF-16 text, seen as bytes
    for match in _DECLARATION.finditer(head):
        if match.group(1).upper() == b"ENTITY" or not html:
            return True
        end = head.find(b">", match.end())
        if b"[" in head[match.end():end if end >= 0 else len(head)]:
            return True
    return False


def refuse_many_parts(data: bytes, file_name: str, kind: str) -> None:
    """InputError when a zip package's directory lists more than MAX_PARTS parts, counted by
    their directory records' signature before zipfile builds an object for each (a 100 MB
    package of two million empty parts would take a gigabyte just to list)."""
    records = data.count(b"PK\x01\x02")  # at least the parts there are
    if records > MAX_PARTS:
        raise InputError(f"refused: the {kind} has more than {MAX_PARTS:,} parts (about "
                         f"{records:,})", file=file_name)


def open_package(data: bytes, file_name: str, kind: str) -> zipfile.ZipFile:
    """The zip package in `data`, every part checked: refused (InputError, one line naming the
    file, the part and why) when a part inflates beyond MAX_PART, all beyond MAX_TOTAL, or an XML
    part declares entities. `kind` names the format for messages (Excel workbook, Word document)."""
    import zipfile  # here: a plain text or CSV table needs none of it

    refuse_many_parts(data, file_name, kind)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise InputError(f"cannot open as an {kind} (the zip package is damaged: {error})",
                         file=file_name) from None
    try:
        if len(members) > MAX_PARTS:
            raise InputError(f"refused: the {kind} has {len(members)} parts (at most {MAX_PARTS})",
                             file=file_name)
        declared = sum(member.file_size for member in members)
        for member in members:
            if member.file_size > MAX_PART:
                raise _too_big(file_name, member.filename, member.file_size)
        if declared > MAX_TOTAL:
            raise _too_big_total(file_name, declared)
        total = 0
        for member in members:
            total += _check_part(archive, member, file_name, total)
        return archive
    except BaseException:
        archive.close()
        raise


def _check_part(archive: zipfile.ZipFile, member: zipfile.ZipInfo, file_name: str,
                before: int) -> int:
    """Inflated size of one part, counted in chunks (the header's size is not trusted)."""
    import zipfile

    size = 0
    tags = 0
    strings = 0
    head = tail = b""
    xml = member.filename.lower().endswith((".xml", ".rels", ".vml")) or \
        member.filename == "[Content_Types].xml"
    # openpyxl keeps every shared string in a list before a cell is read: more strings than
    # cells can be read (limits.MAX_CELLS) is a bomb, refused before it costs a second.
    shared = member.filename.lower().endswith("sharedstrings.xml")
    try:
        with archive.open(member) as stream:
            while True:
                chunk = stream.read(_CHUNK)
                if not chunk:
                    break
                if xml and len(head) < _PROLOG:
                    head += chunk[:_PROLOG - len(head)]
                size += len(chunk)
                if xml:
                    tags += chunk.count(b"<")
                    if tags > MAX_TAGS:
                        raise InputError(f"refused: part {member.filename} holds more than "
                                         f"{MAX_TAGS:,} XML tags (millions of tiny elements: a "
                                         f"bomb?)", file=file_name)
                if shared:
                    joined = tail + chunk
                    strings += sum(joined.count(mark) for mark in _STRING_MARKS)
                    tail = joined[-3:]  # a mark cut at the chunk's end is counted once, next
                    if strings > limits.MAX_CELLS:
                        raise InputError(f"refused: part {member.filename} holds more than "
                                         f"{limits.MAX_CELLS:,} shared strings (more than the "
                                         f"cells a table may have: a bomb?)", file=file_name)
                if size > MAX_PART:
                    raise _too_big(file_name, member.filename, size)
                if before + size > MAX_TOTAL:
                    raise _too_big_total(file_name, before + size)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError) as error:
        # damaged deflate data, CRC mismatches, encrypted or truncated parts
        raise InputError(f"cannot read part {member.filename} ({type(error).__name__}: {error})",
                         file=file_name) from None
    if xml and declares_entities(head):
        raise InputError(f"refused: part {member.filename} declares XML entities (a document "
                         f"type with an internal subset); tables never need one", file=file_name)
    return size


def _too_big(file_name: str, part: str, size: int) -> InputError:
    return InputError(f"refused: part {part} inflates to more than {MAX_PART // MIB} MiB "
                      f"({'at least ' if size <= MAX_PART + _CHUNK else ''}{size // MIB} MiB; a "
                      f"decompression bomb?)", file=file_name)


def _too_big_total(file_name: str, size: int) -> InputError:
    return InputError(f"refused: the parts inflate to more than {MAX_TOTAL // MIB} MiB in all "
                      f"({size // MIB} MiB; a decompression bomb?)", file=file_name)


def safe_xml_parser(**options: Any) -> Any:
    """An lxml parser that resolves no entities, loads no DTD, reaches no network and refuses
    huge trees."""
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True,
                           huge_tree=False, dtd_validation=False, **options)
