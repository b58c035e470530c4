"""Reading a PDF as a person sees it, for the letter tests: each page rendered to PNG, and where its text lands.

pypdfium2 (PDFium) gives every character of a page with its box; a table row is "together" when its
first cell is whole on one page and every other cell is printed beside it, on the same page, in the
band of lines the first cell takes. The PNG of that page must show ink there too, so the check is of
what is drawn, not only of the text layer.
"""

import io
from dataclasses import dataclass
from functools import cached_property

import pypdfium2 as pdfium

RENDER_SCALE = 1.5  # 108 dpi: enough to see every line of 11pt text
INK_BELOW = 160  # a pixel darker than this (0 black .. 255 white) is ink
BAND_SLACK = 2.0  # points above and below a cell's lines still counted as its row


@dataclass(frozen=True)
class Glyph:
    char: str
    left: float
    bottom: float
    right: float
    top: float


@dataclass(frozen=True)
class Page:
    number: int  # from 1
    width: float
    height: float
    glyphs: tuple[Glyph, ...]  # every character but spaces and line breaks, in reading order
    png: bytes
    words: str  # the page's text as PDFium reads it, spaces and line breaks included

    @property
    def text(self) -> str:
        return "".join(glyph.char for glyph in self.glyphs)

    @cached_property
    def picture(self):
        """The PNG decoded, in grey."""
        from PIL import Image

        return Image.open(io.BytesIO(self.png)).convert("L")

    def ink_between(self, *, left, right, bottom, top) -> int:
        """Dark pixels drawn inside a box given in PDF points (origin bottom left)."""
        image = self.picture
        scale = image.width / self.width
        box = (
            int(left * scale),
            int((self.height - top) * scale),
            int(right * scale) + 1,
            int((self.height - bottom) * scale) + 1,
        )
        return sum(image.crop(box).histogram()[:INK_BELOW])


def pdf_pages(pdf: bytes) -> list[Page]:
    """Every page of the PDF: its glyphs with their boxes, and the page rendered to PNG."""
    document = pdfium.PdfDocument(pdf)
    pages = []
    try:
        for index in range(len(document)):
            page = document[index]
            text_page = page.get_textpage()
            count = text_page.count_chars()
            text = text_page.get_text_range(0, count)
            glyphs = tuple(
                Glyph(char, *text_page.get_charbox(position, loose=True))
                for position, char in enumerate(text[:count])
                if not char.isspace()
            )
            buffer = io.BytesIO()
            page.render(scale=RENDER_SCALE).to_pil().save(buffer, format="PNG")
            width, height = page.get_size()
            pages.append(Page(index + 1, width, height, glyphs, buffer.getvalue(), text))
            text_page.close()
            page.close()
    finally:
        document.close()
    return pages


def _squashed(text: str) -> str:
    return "".join(str(text).split())


def row_page(pages: list[Page], cells) -> int | None:
    """The page that prints the whole row (first cell whole, the others beside it), or None if none does.

    None means the row was split across pages (or is missing). A first cell that also appears
    elsewhere (a domain name in a list of goals, say) is fine: one occurrence must have the row's
    other cells beside it.
    """
    label, *others = (_squashed(cell) for cell in cells)
    for page in pages:
        text = page.text
        start = text.find(label)
        while start != -1:
            if _others_beside(page, page.glyphs[start : start + len(label)], others):
                return page.number
            start = text.find(label, start + 1)
    return None


def _others_beside(page: Page, label_glyphs, others) -> bool:
    bottom = min(glyph.bottom for glyph in label_glyphs) - BAND_SLACK
    top = max(glyph.top for glyph in label_glyphs) + BAND_SLACK
    right = max(glyph.right for glyph in label_glyphs)
    beside = sorted(
        (
            glyph
            for glyph in page.glyphs
            if glyph.left > right and bottom <= (glyph.bottom + glyph.top) / 2 <= top
        ),
        key=lambda glyph: (-round(glyph.top), glyph.left),
    )
    text = "".join(glyph.char for glyph in beside)
    if not all(other in text for other in others):
        return False
    # What the text layer says is printed there must be drawn on the page's picture too.
    return not others or page.ink_between(left=right, right=page.width, bottom=bottom, top=top) > 0


def rows_split(pdf: bytes, rows) -> list[tuple]:
    """The rows (tuples of cell texts, first cell first) that no single page prints whole."""
    pages = pdf_pages(pdf)
    return [row for row in rows if row_page(pages, row) is None]
