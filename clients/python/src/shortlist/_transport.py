"""The HTTP layer: base URL, API key, timeouts, retries with backoff, errors as exceptions."""

from __future__ import annotations

import json
import os
import random
import time
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator, List, Mapping, Optional, Tuple, TypeVar, Union
from urllib.parse import quote

import httpx

from . import errors

DEFAULT_URL = "http://127.0.0.1:8080"
USER_AGENT = "shortlist-client-python"
T = TypeVar("T")

#: A body that can be sent again on a retry: bytes, or a function returning a fresh iterable.
Body = Union[bytes, Callable[[], Iterable[bytes]], None]


def _retry_after(response: httpx.Response) -> Optional[float]:
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


class Transport:
    """One ``httpx.Client`` with the service's conventions.

    Retries: a 429 or 503 answer, or a connection that could not be opened (nothing was sent), is
    tried again up to ``max_retries`` times, waiting ``backoff * 2**attempt`` seconds (capped at
    ``max_backoff``, with jitter) or the server's ``Retry-After``. Streamed bodies are rebuilt for
    each attempt, so an upload is retried whole.
    """

    def __init__(
        self,
        url: Optional[str] = None,
        api_key: Optional[str] = None,
        *,
        timeout: float = 60.0,
        max_retries: int = 3,
        backoff: float = 0.5,
        max_backoff: float = 8.0,
        http_client: Optional[httpx.Client] = None,
    ) -> None:
        self.url = (url or os.environ.get("SHORTLIST_URL") or DEFAULT_URL).rstrip("/")
        self.api_key = api_key if api_key is not None else os.environ.get("SHORTLIST_API_KEY")
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        headers = {"User-Agent": USER_AGENT}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        self._http = http_client or httpx.Client(base_url=self.url, headers=headers, timeout=timeout)
        if http_client is not None:  # a caller's client keeps its settings, gains ours
            if not str(http_client.base_url):
                http_client.base_url = self.url
            self._http.headers.update(headers)

    def close(self) -> None:
        self._http.close()

    # ---------- requests ----------

    def request_json(self, method: str, path: str, **kwargs: Any) -> Any:
        """Sends the request (arguments as for :meth:`stream`) and returns the decoded JSON
        (``None`` for an empty 2xx body)."""
        with self.stream(method, path, **kwargs) as response:
            data = response.read()
        if not data:
            return None
        return json.loads(data)

    def request_text(self, method: str, path: str, **kwargs: Any) -> str:
        with self.stream(method, path, **kwargs) as response:
            return response.read().decode("utf-8")

    @contextmanager
    def stream(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        params: Optional[Mapping[str, Any]] = None,
        content: Body = None,
        headers: Optional[Mapping[str, str]] = None,
        timeout: Optional[float] = None,
    ) -> Iterator[httpx.Response]:
        """A 2xx response whose body is not yet read (iterate ``iter_bytes``/``iter_lines``).

        An error status is raised as the matching :class:`~shortlist.errors.ShortlistError`.
        """
        request_headers = dict(headers or {})
        if json_body is not None:
            content = json.dumps(json_body, ensure_ascii=False, allow_nan=False).encode("utf-8")
            request_headers.setdefault("Content-Type", "application/json")
        clean_params = {k: _param(v) for k, v in (params or {}).items() if v is not None}
        attempt = 0
        while True:
            body = content() if callable(content) else content
            request = self._http.build_request(
                method, path, params=clean_params, content=body, headers=request_headers,
                timeout=timeout if timeout is not None else httpx.USE_CLIENT_DEFAULT,
            )
            try:
                response = self._http.send(request, stream=True)
            except httpx.ConnectError as e:
                if attempt < self.max_retries:
                    self._sleep(attempt, None)
                    attempt += 1
                    continue
                raise errors.ConnectionError(f"cannot reach {self.url}: {e}") from e
            except httpx.TransportError as e:
                raise errors.ConnectionError(f"{method} {path}: {e}") from e
            if response.status_code in (429, 503) and attempt < self.max_retries:
                wait = _retry_after(response)
                response.close()
                self._sleep(attempt, wait)
                attempt += 1
                continue
            if response.status_code >= 400:
                try:
                    raw = response.read()
                finally:
                    response.close()
                raise _error(response.status_code, raw)
            try:
                yield response
            except httpx.TransportError as e:
                raise errors.ConnectionError(f"{method} {path}: {e}") from e
            finally:
                response.close()
            return

    def _sleep(self, attempt: int, retry_after: Optional[float]) -> None:
        if retry_after is not None:
            delay = min(retry_after, self.max_backoff * 4)
        else:
            delay = min(self.max_backoff, self.backoff * (2 ** attempt))
            delay *= 0.5 + random.random() / 2
        time.sleep(delay)


def paginate(fetch: Callable[[Optional[str]], Tuple[List[T], Optional[str]]]) -> Iterator[T]:
    """Every element of a cursor-paginated list: ``fetch(cursor)`` returns (page, next_cursor)."""
    cursor: Optional[str] = None
    while True:
        page, cursor = fetch(cursor)
        yield from page
        if cursor is None:
            return


def segment(value: str) -> str:
    """A path segment, percent-encoded (item ids may hold ``/``, spaces, anything)."""
    return quote(value, safe="")


def _param(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _error(status: int, raw: bytes) -> errors.ShortlistError:
    text = raw.decode("utf-8", "replace")
    try:
        body = json.loads(text) if text else None
    except ValueError:
        body = None
    return errors.error_from_response(status, body, text)
