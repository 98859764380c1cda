"""A file the user uploaded to import, kept between the preview and the import itself."""

from __future__ import annotations

from django.db import models

from coffeechat.owned import Owned, object_url


class ImportUpload(Owned):
    """The uploaded file and the column mapping chosen in the preview; deleted once imported."""

    kind = models.CharField(max_length=30)
    name = models.CharField(max_length=255)
    data = models.BinaryField()
    # For "csv": which column fills which field, {"first_name": 0, ...}; empty means guessed.
    mapping = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return object_url("import_preview", self.pk)
