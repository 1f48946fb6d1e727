"""Render an issued document as a PDF (fpdf2, DejaVu Sans: Latin, Cyrillic and Uzbek letters).

The caller gives the text already translated; the few labels printed here ("No.", "Date",
"Verify at", the footer) come from gettext in the document's language. The QR code (segno)
encodes the public verification URL, which is also printed under it.
"""

import datetime as dt
import io
import logging
from dataclasses import dataclass, field
from pathlib import Path

import segno
from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import Align, WrapMode, XPos, YPos
from fpdf.fonts import FontFace
from PIL import Image

FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
MARGIN = 20  # mm
QR_SIZE = 32  # mm
VERIFY_PATH = "/documents/verify/"

# fpdf2 subsets the fonts with fontTools, which logs dozens of INFO lines per document.
logging.getLogger("fontTools.subset").setLevel(logging.WARNING)


@dataclass(frozen=True)
class DocumentContent:
    """Everything printed on a document, in its language."""

    number: str
    title: str
    language: str
    issued_at: dt.datetime
    holder_name: str
    issuer_name: str
    verification_url: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    issuer_address: str = ""
    issuer_phone: str = ""
    issuer_email: str = ""
    signer_name: str = ""
    signer_position: str = ""
    valid_until: dt.date | None = None


@dataclass(frozen=True)
class RenderedPdf:
    pdf: bytes
    qr_png: bytes  # the image embedded in the PDF, kept for checks


def local_date(value: dt.date | dt.datetime) -> str:
    """A date as the active language writes it in short form (uz, ru: 23.11.2026)."""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def qr_png(url: str) -> bytes:
    """A QR code of ``url`` as an 8-bit grayscale PNG (kept losslessly by fpdf2)."""
    raw = io.BytesIO()
    segno.make(url, error="m").save(raw, kind="png", scale=8, border=4)
    out = io.BytesIO()
    Image.open(io.BytesIO(raw.getvalue())).convert("L").save(out, format="PNG")
    return out.getvalue()


class _DocumentPdf(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-18)
        self.set_font(FONT, "", 7)
        self.set_text_color(80)
        self.multi_cell(0, 3.2, self.footer_text, align=Align.C, new_x=XPos.LMARGIN,
                        new_y=YPos.NEXT)
        self.cell(0, 3.2, f"{self.page_no()} / {{nb}}", align=Align.C)
        self.set_text_color(0)


def render_document(content: DocumentContent) -> RenderedPdf:
    """The unsigned PDF of ``content`` and the QR image in it."""
    with translation.override(content.language):
        return _render(content)


def _render(c: DocumentContent) -> RenderedPdf:
    pdf = _DocumentPdf(format="A4", unit="mm")
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=25)
    pdf.set_title(c.title)
    pdf.set_author(c.issuer_name)
    pdf.set_subject(c.number)
    pdf.set_creator(_("Mahalla digital services"))
    pdf.set_lang(c.language)
    pdf.set_creation_date(c.issued_at)
    pdf.footer_text = _(
        "This document is signed with a digital signature and recorded in a public log. "
        "To check it, scan the QR code or open %(url)s and enter the number %(number)s."
    ) % {"url": f"{settings.SITE_URL}{VERIFY_PATH}", "number": c.number}
    pdf.add_page()
    width = pdf.epw

    # The issuing body.
    pdf.set_font(FONT, "B", 12)
    pdf.multi_cell(width, 6, c.issuer_name, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 9)
    if c.issuer_address:
        pdf.multi_cell(width, 4.5, c.issuer_address, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    contacts = [text for text in (
        _("Phone: %(phone)s") % {"phone": c.issuer_phone} if c.issuer_phone else "",
        _("Email: %(email)s") % {"email": c.issuer_email} if c.issuer_email else "",
    ) if text]
    if contacts:
        pdf.multi_cell(width, 4.5, " · ".join(contacts), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.line(MARGIN, pdf.get_y(), MARGIN + width, pdf.get_y())
    pdf.ln(8)

    # Title, number and dates.
    pdf.set_font(FONT, "B", 15)
    pdf.multi_cell(width, 8, c.title, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    pdf.set_font(FONT, "", 10)
    half = width / 2
    pdf.cell(half, 6, _("No. %(number)s") % {"number": c.number})
    pdf.cell(half, 6, _("Date: %(date)s") % {"date": local_date(c.issued_at)}, align=Align.R,
             new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if c.valid_until:
        pdf.cell(width, 6, _("Valid until: %(date)s") % {"date": local_date(c.valid_until)},
                 align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)

    # The holder and the document's facts.
    pdf.set_font(FONT, "", 11)
    pdf.multi_cell(width, 6, _("Issued to: %(name)s") % {"name": c.holder_name},
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    if c.fields:
        pdf.set_font(FONT, "", 10)
        with pdf.table(col_widths=(0.38 * width, 0.62 * width), width=width,
                       first_row_as_headings=False, borders_layout="HORIZONTAL_LINES",
                       text_align=(Align.L, Align.L), v_align="TOP", line_height=5.5,
                       padding=1.5) as table:
            for label, value in c.fields:
                row = table.row()
                row.cell(label, style=FontFace(emphasis="BOLD"))
                row.cell(value)
        pdf.ln(4)
    pdf.set_font(FONT, "", 11)
    for paragraph in c.paragraphs:
        pdf.multi_cell(width, 6, paragraph, align=Align.J, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)

    # The official who signs.
    pdf.ln(6)
    if c.signer_name or c.signer_position:
        pdf.set_font(FONT, "", 11)
        pdf.multi_cell(half, 6, c.signer_position, new_x=XPos.RIGHT, new_y=YPos.TOP)
        pdf.set_font(FONT, "B", 11)
        pdf.multi_cell(half, 6, c.signer_name, align=Align.R, new_x=XPos.LMARGIN,
                       new_y=YPos.NEXT)
        pdf.ln(6)

    # The QR code, the address it holds, and how to check.
    png = qr_png(c.verification_url)
    if pdf.will_page_break(QR_SIZE + 12):
        pdf.add_page()
    top = pdf.get_y()
    pdf.image(io.BytesIO(png), x=MARGIN, y=top, w=QR_SIZE, h=QR_SIZE,
              alt_text=_("QR code for verification"))
    pdf.set_xy(MARGIN + QR_SIZE + 5, top + 3)
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(width - QR_SIZE - 5, 4.5, _(
        "Scan the QR code or open the address below to check that this document is genuine "
        "and has not been revoked."), align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(top + QR_SIZE + 1)
    pdf.set_font(FONT, "", 7)
    pdf.multi_cell(width, 3.5, _("Verify at: %(url)s") % {"url": c.verification_url},
                   wrapmode=WrapMode.CHAR, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return RenderedPdf(bytes(pdf.output()), png)
