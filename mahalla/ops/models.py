"""Stored answers to create requests that carried an Idempotency-Key (see ``idempotency``)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone


class IdempotencyRecord(models.Model):
    """One (caller, key): the request it was first used with and the answer it got.

    Only hashes of the key and of the request are kept; the answer's body is encrypted with
    the personal-data key (it may hold a tracking token or a name).
    """

    caller = models.CharField(max_length=64)  # "user:<id>", "key:<id>" or "anonymous"
    key_hash = models.CharField(max_length=64)  # HMAC-SHA256 of the header's value
    request_hash = models.CharField(max_length=64)  # method, path, query and body
    operation = models.CharField(max_length=100, blank=True)  # the URL name, for operators
    status_code = models.PositiveSmallIntegerField()
    content_type = models.CharField(max_length=100)
    body = models.BinaryField()  # Fernet token of the response body
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["caller", "key_hash"], name="ops_idempotency_once"),
            models.CheckConstraint(condition=Q(status_code__gte=200, status_code__lt=300),
                                   name="ops_idempotency_success_only"),
        ]
        indexes = [
            # prune_expired: delete what is past its time.
            models.Index(fields=["expires_at"], name="ops_idempotency_expiry_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.caller} {self.operation} {self.created_at:%Y-%m-%d %H:%M}"
