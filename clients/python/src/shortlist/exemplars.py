"""``POST /v1/exemplars``: the few-shot exemplars for one question (synchronous)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Optional, Sequence

import numpy as np

from .models import ExemplarsResult

if TYPE_CHECKING:  # pragma: no cover
    from ._transport import Transport  # noqa: F401


class ExemplarsAPI:
    """Exemplar selection: DQ-LoRe by default (``method="lore"``, ``dual_query=True``)."""

    def __init__(self, transport: "Transport") -> None:
        self._t = transport

    def select(self, pool: str, question: str, *, k: Optional[int] = None, method: Optional[str] = None,
               query_vector: Any = None, filter: Optional[Dict[str, Any]] = None,
               exclude_ids: Optional[Sequence[str]] = None, include_prompt: Optional[bool] = None,
               generate: Optional[bool] = None, **options: Any) -> ExemplarsResult:
        """The ``k`` exemplars of ``pool`` for ``question``, best first.

        Args:
            method: a re-ranker as the service names it; ``None`` is the service's default
                (``lore``). ``shortlist exemplars --help`` lists them with their fields, and
                openapi.yaml's ``ExemplarMethod`` enum is the contract.
            query_vector: the query itself (a 1-D array or list); then no embedder call.
            filter: ``{"metadata.<key>": value | [values]}``, exact JSON-typed matches.
            options: any other field of the request as the service names it (``feature``,
                ``checkpoint``, ``m``, ``n_components``, ``lambda_`` for ``lambda``, ``sigma``,
                ``seed``, ``dual_query``, ``initial_ids``, ``initial_k``, ``cot``, ...).
        """
        body: Dict[str, Any] = {"pool": pool, "question": question}
        named = {"k": k, "method": method, "filter": filter, "include_prompt": include_prompt, "generate": generate,
                 "exclude_ids": list(exclude_ids) if exclude_ids is not None else None,
                 "query_vector": np.asarray(query_vector, dtype=np.float64).ravel().tolist() if query_vector is not None else None}
        for key, value in list(named.items()) + list(options.items()):
            if value is not None:
                body[key.rstrip("_")] = value  # lambda_ -> lambda (a Python keyword)
        return ExemplarsResult.from_json(self._t.request_json("POST", "/v1/exemplars", json_body=body))
