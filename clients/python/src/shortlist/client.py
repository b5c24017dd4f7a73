"""The client: one object per service, its routes grouped by resource."""

from __future__ import annotations

from typing import Any, Optional

import httpx

from ._transport import Transport
from .exemplars import ExemplarsAPI
from .features import FeaturesAPI
from .items import ItemsAPI
from .jobs import JobsAPI
from .models import Health
from .pools import PoolsAPI
from .selections import SelectionsAPI


class Client:
    """A Shortlist service.

    Args:
        url: the service's base URL; default ``SHORTLIST_URL``, else ``http://127.0.0.1:8080``.
        api_key: sent as ``Authorization: Bearer``; default ``SHORTLIST_API_KEY`` (none if unset).
        timeout: seconds for each connect, read and write (uploads wait longer for their answer).
        max_retries: tries after a 429 or 503 answer or a refused connection, with exponential
            backoff (or the server's ``Retry-After``).
        http_client: an ``httpx.Client`` of your own (proxies, TLS settings, transports).

    Attributes:
        pools: :class:`~shortlist.pools.PoolsAPI` (also ``pools.import_file``).
        items: :class:`~shortlist.items.ItemsAPI`.
        features: :class:`~shortlist.features.FeaturesAPI` (uploads, embed jobs).
        exemplars: :class:`~shortlist.exemplars.ExemplarsAPI`.
        selections: :class:`~shortlist.selections.SelectionsAPI`.
        jobs: :class:`~shortlist.jobs.JobsAPI`.

    Use it as a context manager (or call ``close()``) to release its connections.
    """

    def __init__(self, url: Optional[str] = None, api_key: Optional[str] = None, *, timeout: float = 60.0,
                 max_retries: int = 3, backoff: float = 0.5, http_client: Optional[httpx.Client] = None) -> None:
        self._transport = Transport(url, api_key, timeout=timeout, max_retries=max_retries, backoff=backoff,
                                    http_client=http_client)
        self.jobs = JobsAPI(self._transport)
        self.items = ItemsAPI(self._transport)
        self.pools = PoolsAPI(self._transport, self.items)
        self.features = FeaturesAPI(self._transport, self.jobs)
        self.exemplars = ExemplarsAPI(self._transport)
        self.selections = SelectionsAPI(self._transport, self.jobs)

    @property
    def url(self) -> str:
        return self._transport.url

    def health(self) -> Health:
        """``GET /healthz`` (a 503 with an unusable database raises :class:`~shortlist.UnavailableError`)."""
        return Health.from_json(self._transport.request_json("GET", "/healthz"))

    def metrics(self) -> str:
        """``GET /metrics``: the Prometheus text."""
        return self._transport.request_text("GET", "/metrics")

    def openapi(self) -> str:
        """``GET /openapi.yaml``: the service's contract."""
        return self._transport.request_text("GET", "/openapi.yaml")

    def close(self) -> None:
        self._transport.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Client(url={self.url!r})"
