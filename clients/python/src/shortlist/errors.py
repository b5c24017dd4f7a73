"""Exceptions raised by the client.

Every error the service answers with (``{"error": {"type", "code"?, "message", "param"?}}``) is
raised as a :class:`ShortlistError` subclass chosen by its ``type``, carrying every field of the
body and the HTTP status::

    try:
        client.pools.create("no spaces")
    except shortlist.InvalidRequestError as e:
        print(e.status, e.type, e.code, e.param, e.message)
"""

from __future__ import annotations

from typing import Any, Optional


class ShortlistError(Exception):
    """An error answered by the service (or, for :class:`ConnectionError`, no answer at all).

    Attributes:
        status: the HTTP status (``None`` when no response arrived).
        type: the coarse error type (``invalid_request``, ``not_found``, ``conflict``, ...).
        code: the precise code when the service gives one (``shape_mismatch``, ``bad_npy``, ...).
        param: the field at fault: a JSON path (``budget.k``), a query parameter, or ``line N``.
        message: the service's explanation.
        upstream_status: for 502, the status of the LLM or embedding endpoint.
    """

    def __init__(
        self,
        message: str,
        *,
        status: Optional[int] = None,
        type: Optional[str] = None,
        code: Optional[str] = None,
        param: Optional[str] = None,
        upstream_status: Optional[int] = None,
        body: Any = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.type = type
        self.code = code
        self.param = param
        self.upstream_status = upstream_status
        self.body = body

    def __str__(self) -> str:
        parts = [f"{self.status}" if self.status is not None else None, self.type, self.code]
        head = " ".join(p for p in parts if p)
        where = f" (param: {self.param})" if self.param else ""
        return f"{head}: {self.message}{where}" if head else f"{self.message}{where}"

    def __repr__(self) -> str:
        return (f"{type(self).__name__}(status={self.status!r}, type={self.type!r}, code={self.code!r}, "
                f"param={self.param!r}, message={self.message!r})")


class InvalidRequestError(ShortlistError):
    """400 ``invalid_request``: the request is malformed or invalid; ``param`` names the field."""


class UnauthorizedError(ShortlistError):
    """401 ``unauthorized``: the server has an API key and the request lacks it (see ``SHORTLIST_API_KEY``)."""


class NotFoundError(ShortlistError):
    """404 ``not_found``: the pool, item, feature, checkpoint or job does not exist."""


class ConflictError(ShortlistError):
    """409 ``conflict``: the resource exists, the job is in the wrong state, or the pool changed mid-upload."""


class PayloadTooLargeError(ShortlistError):
    """413 ``payload_too_large``: the body is over the server's limit (send smaller batches)."""


class RateLimitError(ShortlistError):
    """429: too many requests (raised once the client's retries are used up)."""


class InternalError(ShortlistError):
    """500 ``internal``: an unexpected failure on the server."""


class UpstreamError(ShortlistError):
    """502 ``upstream_error``: the LLM or embedding endpoint failed; see ``upstream_status``."""


class UnavailableError(ShortlistError):
    """503 ``unavailable``: the database is unusable or the job queue is full (after the client's retries)."""


class UpstreamTimeoutError(ShortlistError):
    """504 ``upstream_timeout``: the LLM or embedding endpoint did not answer in time."""


class ConnectionError(ShortlistError):  # noqa: A001 - the client's own, distinct from the builtin
    """No response: the server could not be reached or the connection broke."""


class JobFailedError(ShortlistError):
    """A job ended ``failed`` or ``cancelled`` while it was awaited or its result was asked for.

    ``type``/``code``/``param``/``message`` are the job's own error (for a failed job); ``job`` is the
    :class:`~shortlist.models.Job` as it ended.
    """

    def __init__(self, message: str, *, job: Any = None, **fields: Any) -> None:
        super().__init__(message, **fields)
        self.job = job


class ImportFileError(ShortlistError):
    """A row of a file (or of an iterable of items) that cannot become an item.

    Raised before anything is sent: ``line`` is the 1-based line of the file (for CSV, the line
    the record starts on; the header is line 1), or the 1-based row number for Parquet and
    in-memory sources (then ``unit`` is ``"row"``); ``param`` is ``line N`` (or ``row N``) like
    the service's own NDJSON errors, and ``field`` the source field at fault when there is one.
    """

    def __init__(self, message: str, *, line: int, field: Optional[str] = None, source: Optional[str] = None,
                 unit: str = "line") -> None:
        where = f"{source}: " if source else ""
        super().__init__(f"{where}{unit} {line}: {message}", type="invalid_request", param=f"{unit} {line}")
        self.line = line
        self.unit = unit
        self.field = field
        self.source = source

    def __str__(self) -> str:
        return self.message


_BY_TYPE = {
    "invalid_request": InvalidRequestError,
    "unauthorized": UnauthorizedError,
    "not_found": NotFoundError,
    "conflict": ConflictError,
    "payload_too_large": PayloadTooLargeError,
    "internal": InternalError,
    "upstream_error": UpstreamError,
    "unavailable": UnavailableError,
    "upstream_timeout": UpstreamTimeoutError,
}

_BY_STATUS = {
    400: InvalidRequestError, 401: UnauthorizedError, 404: NotFoundError, 409: ConflictError,
    413: PayloadTooLargeError, 429: RateLimitError, 500: InternalError, 502: UpstreamError,
    503: UnavailableError, 504: UpstreamTimeoutError,
}


def error_from_response(status: int, body: Any, text: str = "") -> ShortlistError:
    """The exception for an error response: by the body's ``type``, else by the status."""
    detail = body.get("error") if isinstance(body, dict) else None
    if not isinstance(detail, dict):
        cls = _BY_STATUS.get(status, ShortlistError)
        return cls(text.strip()[:500] or f"HTTP {status}", status=status, body=body)
    kind = detail.get("type")
    cls = _BY_TYPE.get(kind) or _BY_STATUS.get(status, ShortlistError)
    return cls(
        str(detail.get("message", "")),
        status=status,
        type=kind,
        code=detail.get("code"),
        param=detail.get("param"),
        upstream_status=detail.get("upstream_status"),
        body=body,
    )
