"""Reports as PDF: WeasyPrint, offline. Only data: URIs (the charts) may be fetched; any other URL (a
file, the network, a font) is refused, so rendering never reaches out."""


def render_pdf(html: str):
    """The WeasyPrint document (its pages can be inspected) for the HTML."""
    from weasyprint import HTML  # imported here: slow to import, and only the PDF needs it
    from weasyprint.urls import URLFetcher

    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).render()
