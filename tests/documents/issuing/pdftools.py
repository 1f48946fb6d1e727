"""Reading our own PDFs back in tests: page text through the fonts' ToUnicode maps, images."""

import io
import re
import struct
import zlib

from PIL import Image
from pyhanko.pdf_utils.content_stream_parser import parse_content_stream
from pyhanko.pdf_utils.reader import PdfFileReader

_BFCHAR = re.compile(rb"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]+)>")


def _pages(pdf_bytes: bytes):
    reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
    return reader, reader.root["/Pages"]["/Kids"]


def page_count(pdf_bytes: bytes) -> int:
    return len(_pages(pdf_bytes)[1])


def _unicode_map(font) -> dict[int, str]:
    """Glyph code → text from the font's ToUnicode CMap (fpdf2 writes bfchar pairs)."""
    cmap = font["/ToUnicode"].get_object().data
    return {int(code, 16): bytes.fromhex(text.decode()).decode("utf-16-be")
            for code, text in _BFCHAR.findall(cmap)}


def page_text(pdf_bytes: bytes) -> str:
    """The text shown by Tj/TJ operators on every page, one line per text operation."""
    reader, pages = _pages(pdf_bytes)
    lines = []
    for page in pages:
        page = page.get_object()
        fonts = {name: _unicode_map(ref.get_object())
                 for name, ref in page["/Resources"]["/Font"].items()}
        contents = page["/Contents"]
        parts = [contents] if not isinstance(contents, list) else list(contents)
        streams = [part.get_object() for part in parts]
        current: dict[int, str] = {}
        for op in parse_content_stream(streams):
            if op.op == "Tf":
                current = fonts[op.args[0]]
            elif op.op in ("Tj", "TJ"):
                strings = op.args[0] if op.op == "TJ" else [op.args[0]]
                raw = b"".join(bytes(s) for s in strings if isinstance(s, bytes))
                codes = struct.unpack(f">{len(raw) // 2}H", raw)
                lines.append("".join(current.get(code, "\ufffd") for code in codes))
    return "\n".join(lines)


def font_names(pdf_bytes: bytes) -> set[str]:
    """The embedded fonts' base names (subset prefix removed)."""
    _reader, pages = _pages(pdf_bytes)
    names = set()
    for page in pages:
        for ref in page.get_object()["/Resources"]["/Font"].values():
            font = ref.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in descendant["/FontDescriptor"].get_object()  # embedded
            names.add(str(font["/BaseFont"]).split("+", 1)[-1])
    return names


def images(pdf_bytes: bytes) -> list[Image.Image]:
    """The grayscale images on the pages, decoded as PNG (fpdf2 keeps PNG row filters)."""
    _reader, pages = _pages(pdf_bytes)
    found = []
    for page in pages:
        for ref in page.get_object()["/Resources"].get("/XObject", {}).values():
            xobject = ref.get_object()
            if xobject.get("/Subtype") != "/Image":
                continue
            assert xobject["/Filter"] == "/FlateDecode"
            assert xobject["/ColorSpace"] == "/DeviceGray"
            found.append(_png(int(xobject["/Width"]), int(xobject["/Height"]),
                              xobject.encoded_data))
    return found


def _png(width: int, height: int, idat: bytes) -> Image.Image:
    """Wrap FlateDecode data with PNG predictors (Predictor 15) back into a PNG file."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat)
           + chunk(b"IEND", b""))
    return Image.open(io.BytesIO(png))
