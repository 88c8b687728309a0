"""The monthly report's PDF: the reports' fetcher, plus the report's own photos.

The photos are handed to WeasyPrint by the fetcher, read from the storage,
rather than written into the HTML as data: URIs: megabytes of base64 text make
the HTML parser slow.
"""

from collections.abc import Callable

from weasyprint.urls import URLFetcherResponse

from reports.pdf import BASE_URL, StaticFilesFetcher, from_html


class AttachmentFetcher(StaticFilesFetcher):
    def __init__(self, photos: dict, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.photos = photos  # URL -> Attachment, only those of the report printed

    def fetch(self, url, headers=None):
        if attachment := self.photos.get(url):
            with attachment.file.open("rb") as stored:
                data = stored.read()
            return URLFetcherResponse(url, data, {"Content-Type": attachment.content_type})
        return super().fetch(url, headers)


def photo_url(attachment) -> str:
    """Where the printed page finds a photo: a URL only AttachmentFetcher answers."""
    return f"{BASE_URL}attachments/{attachment.pk}.jpg"


def with_photos(html: str, photos: dict, *, on_page: Callable[[int], None] | None = None) -> bytes:
    return from_html(html, fetcher=AttachmentFetcher(photos), on_page=on_page)
