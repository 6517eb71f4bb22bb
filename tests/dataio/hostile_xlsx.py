"""Building hostile .xlsx files without holding them inflated: a part is given as pieces
(bytes, times), deflated once a piece and repeated (each piece ends with a full flush, so its
compressed form does not refer back and may be repeated as it is)."""

import struct
import zlib

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def deflated(pieces) -> tuple[bytes, int, int]:
    """(compressed, crc32, inflated size) of the concatenation of each block repeated its times."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    out, crc, size = [], 0, 0
    for block, times in pieces:
        out.append((compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)) * times)
        for _ in range(times):
            crc = zlib.crc32(block, crc)
        size += len(block) * times
    out.append(compressor.flush())
    return b"".join(out), crc, size


def zip_file(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of (name, deflated data, crc32, declared size): the size may lie."""
    local, central, offset = [], [], 0
    for name, data, crc, size in members:
        encoded = name.encode()
        header = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0)
        central.append(struct.pack("<I6H3I5HII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), size,
                                   len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
        local.append(header + encoded + data)
        offset += len(header) + len(encoded) + len(data)
    directory = b"".join(central)
    end = struct.pack("<I4HIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), offset, 0)
    return b"".join(local) + directory + end


def sheet(rows_xml: list[tuple[bytes, int]], *, dimension: str = "", after: list[tuple[bytes, int]] = ()) -> list:
    """A worksheet's pieces: rows inside <sheetData>, then `after` (merged cells and the like)."""
    ref = f'<dimension ref="{dimension}"/>' if dimension else ""
    return [(HEAD + f'<worksheet xmlns="{MAIN}">{ref}<sheetData>'.encode(), 1), *rows_xml,
            (b"</sheetData>", 1), *after, (b"</worksheet>", 1)]


def inline(text: str) -> bytes:
    return f'<c t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def workbook(sheets: list[tuple[str, list]], *, states=(), active: int = 0, shared: list | None = None,
             declared: dict | None = None) -> bytes:
    """An .xlsx of (title, pieces) worksheets; `states` their visibility, `shared` the pieces of
    the shared strings; `declared` {part name: size} overrides the sizes the zip declares."""
    states = list(states) or ["visible"] * len(sheets)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, len(sheets) + 1))
    if shared is not None:
        overrides += ('<Override PartName="/xl/sharedStrings.xml" '
                      'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
    content_types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f'{overrides}</Types>')
    package_rels = (f'<Relationships xmlns="{PACKAGE_REL}"><Relationship Id="rId1" '
                    f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    book = (f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><bookViews><workbookView activeTab="{active}"/></bookViews><sheets>'
            + "".join(f'<sheet name="{title}" sheetId="{n}" state="{state}" r:id="rId{n}"/>'
                      for n, ((title, _), state) in enumerate(zip(sheets, states), start=1))
            + "</sheets></workbook>")
    rels = "".join(f'<Relationship Id="rId{n}" Type="{REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
                   for n in range(1, len(sheets) + 1))
    if shared is not None:
        rels += f'<Relationship Id="rId{len(sheets) + 1}" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    parts = {
        "[Content_Types].xml": [(HEAD + content_types.encode(), 1)],
        "_rels/.rels": [(HEAD + package_rels.encode(), 1)],
        "xl/workbook.xml": [(HEAD + book.encode(), 1)],
        "xl/_rels/workbook.xml.rels": [(HEAD + f'<Relationships xmlns="{PACKAGE_REL}">{rels}</Relationships>'.encode(), 1)],
    }
    for n, (_, pieces) in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{n}.xml"] = pieces
    if shared is not None:
        parts["xl/sharedStrings.xml"] = [(HEAD + f'<sst xmlns="{MAIN}">'.encode(), 1), *shared, (b"</sst>", 1)]
    members = []
    for name, pieces in parts.items():
        data, crc, size = deflated(pieces)
        members.append((name, data, crc, (declared or {}).get(name, size)))
    return zip_file(members)
