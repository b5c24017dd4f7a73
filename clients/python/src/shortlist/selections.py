"""``POST /v1/selections``: training-data selection jobs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Mapping, Optional, Tuple, Union

import numpy as np

from .jobs import Job, JobsAPI

if TYPE_CHECKING:  # pragma: no cover
    from ._transport import Transport  # noqa: F401

#: ``"pool/feature"``, ``(pool, feature)`` or ``{"pool": ..., "feature": ...}``.
FeatureRef = Union[str, Tuple[str, str], Mapping[str, str]]


def feature_ref(ref: FeatureRef) -> Dict[str, str]:
    """``{"pool", "feature"}`` from any of the accepted spellings."""
    if isinstance(ref, str):
        pool, sep, feature = ref.partition("/")
        if not sep or not pool or not feature:
            raise ValueError(f"a feature is named 'pool/feature', got {ref!r}")
        return {"pool": pool, "feature": feature}
    if isinstance(ref, Mapping):
        return {"pool": ref["pool"], "feature": ref["feature"]}
    pool, feature = ref
    return {"pool": pool, "feature": feature}


def _matrix(values: Any) -> list:
    m = np.asarray(values, dtype=np.float64)
    if m.ndim == 1:
        m = m[None, :]
    if m.ndim != 2:
        raise ValueError(f"inline target vectors must be a 2-D array, got shape {m.shape}")
    return m.tolist()


def targets_json(targets: Any) -> Dict[str, Any]:
    """A stored feature (as for candidates), inline vectors (an array), or ``{label: array}`` per checkpoint."""
    if isinstance(targets, (str, tuple)):
        return feature_ref(targets)
    if isinstance(targets, Mapping):
        if set(targets) == {"pool", "feature"}:
            return feature_ref(targets)
        if set(targets) in ({"vectors"}, {"checkpoints"}):
            return dict(targets)
        return {"checkpoints": {str(label): _matrix(v) for label, v in targets.items()}}
    return {"vectors": _matrix(targets)}


class SelectionsAPI:
    def __init__(self, transport: "Transport", jobs: JobsAPI) -> None:
        self._t = transport
        self._jobs = jobs

    def create(self, candidates: FeatureRef, targets: Any = None, *, method: str, k: Optional[int] = None,
               fraction: Optional[float] = None, params: Optional[Dict[str, Any]] = None,
               checkpoint_weights: Optional[Dict[str, float]] = None, seed: Optional[int] = None,
               engine: Optional[str] = None, **extra: Any) -> Job:
        """Starts a selection job; returns it queued (``job.wait()``, then ``job.result()``).

        Args:
            candidates: the candidates' feature: ``"pool/feature"``, ``(pool, feature)`` or a dict.
            targets: a stored feature (same spellings), inline vectors (a 2-D array) when the
                candidates' feature has one checkpoint, or ``{label: array}`` per checkpoint;
                ``None`` for ``random`` (and methods that take no targets).
            method: a selection method as the service names it. The client keeps no list of
                its own: ``shortlist select --help`` lists the service's methods with their
                parameters, and openapi.yaml's ``SelectionMethod`` enum is the contract.
            k / fraction: the budget (one of them; neither: ``budget: null``, TAROT's OTM mode).
            params: the method's parameters, named as the service names them.
            engine: ``"ray"`` runs the job on the Ray cluster the service was started with
                (``--ray-address``); ``None`` (the service's default, ``"local"``) runs it in
                the service. The job's ``ray_job_id`` names the Ray job.
            extra: any other request field, sent as given (for fields newer than this client).
        """
        if k is not None and fraction is not None:
            raise ValueError("give k or fraction, not both")
        body: Dict[str, Any] = {"candidates": feature_ref(candidates)}
        if targets is not None:
            body["targets"] = targets_json(targets)
        body["method"] = method
        if k is not None:
            body["budget"] = {"k": int(k)}
        elif fraction is not None:
            body["budget"] = {"fraction": float(fraction)}
        else:
            # No budget is null, whatever the method: one that chooses its own size (TAROT's OTM)
            # takes it, any other answers 400 naming `budget`, so the client need not know which.
            body["budget"] = None
        if params:
            body["params"] = params
        if checkpoint_weights:
            body["checkpoint_weights"] = checkpoint_weights
        if seed is not None:
            body["seed"] = int(seed)
        if engine is not None:
            body["execution"] = {"engine": engine}
        body.update(extra)
        return Job.from_json(self._t.request_json("POST", "/v1/selections", json_body=body), self._jobs)
