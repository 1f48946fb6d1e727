"""A ceiling on the size of any multipart request, checked before files reach memory or disk.

Each form checks its own files (10 MB each, a few files: `appeals/photos.py`,
`documents/attachments.py`, `documents/exchange/attachments.py`), but only after Django has
spooled the whole body to a temporary file. Without a ceiling one request of many gigabytes
fills the disk first. This handler runs first (FILE_UPLOAD_HANDLERS) and refuses, with 400, a
body that declares or turns out to be larger than UPLOAD_MAX_REQUEST_BYTES.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler


class RequestSizeLimit(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.limit = settings.UPLOAD_MAX_REQUEST_BYTES
        self.received = 0

    def _too_big(self):
        return RequestDataTooBig(f"Upload larger than {self.limit} bytes "
                                 "(UPLOAD_MAX_REQUEST_BYTES).")

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length and content_length > self.limit:
            raise self._too_big()

    def receive_data_chunk(self, raw_data, start):
        # The declared length may be missing or false (chunked bodies): count what arrives.
        self.received += len(raw_data)
        if self.received > self.limit:
            raise self._too_big()
        return raw_data

    def file_complete(self, file_size):
        return None
