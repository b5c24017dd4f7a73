"""The service's resources as dataclasses (field names as in the API, snake_case).

Each has ``from_json`` (the service's JSON object) and keeps nothing else; a :class:`Job` also
holds the client that fetched it so that ``job.wait()`` and ``job.result()`` work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

Metadata = Dict[str, Any]


@dataclass(frozen=True)
class Health:
    status: str
    version: str
    database: str

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "Health":
        return cls(status=d["status"], version=d["version"], database=d["database"])


@dataclass(frozen=True)
class PoolCheckpoint:
    """A checkpoint of a pool's feature as listed by ``GET /v1/pools/{pool}``."""

    label: str
    dim: int
    weight: float
    rows: int

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "PoolCheckpoint":
        return cls(label=d["label"], dim=d["dim"], weight=d["weight"], rows=d["rows"])


@dataclass(frozen=True)
class PoolFeature:
    name: str
    embedder: Optional[str]
    checkpoints: List[PoolCheckpoint]

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "PoolFeature":
        return cls(name=d["name"], embedder=d.get("embedder"),
                   checkpoints=[PoolCheckpoint.from_json(c) for c in d["checkpoints"]])


@dataclass(frozen=True)
class Pool:
    name: str
    description: Optional[str]
    metadata: Optional[Dict[str, Any]]
    created_at: str
    item_count: int
    features: List[PoolFeature]

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "Pool":
        return cls(name=d["name"], description=d.get("description"), metadata=d.get("metadata"),
                   created_at=d["created_at"], item_count=d["item_count"],
                   features=[PoolFeature.from_json(f) for f in d["features"]])


@dataclass(frozen=True)
class Item:
    """A stored item; ``index`` is its 0-based position among the pool's live items."""

    id: str
    index: int
    question: Optional[str]
    answer: Optional[str]
    text: Optional[str]
    metadata: Metadata

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "Item":
        return cls(id=d["id"], index=d["index"], question=d.get("question"), answer=d.get("answer"),
                   text=d.get("text"), metadata=d.get("metadata") or {})


@dataclass(frozen=True)
class UpsertResult:
    """How many items a request (or a whole import) inserted and how many it replaced."""

    inserted: int
    updated: int

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "UpsertResult":
        return cls(inserted=d["inserted"], updated=d["updated"])

    def __add__(self, other: "UpsertResult") -> "UpsertResult":
        return UpsertResult(self.inserted + other.inserted, self.updated + other.updated)


@dataclass(frozen=True)
class FeatureCheckpoint:
    label: str
    dim: int
    weight: float
    rows: int
    complete: bool

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "FeatureCheckpoint":
        return cls(label=d["label"], dim=d["dim"], weight=d["weight"], rows=d["rows"], complete=d["complete"])


@dataclass(frozen=True)
class Feature:
    pool: str
    name: str
    embedder: Optional[str]
    checkpoints: List[FeatureCheckpoint]

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "Feature":
        return cls(pool=d["pool"], name=d["name"], embedder=d.get("embedder"),
                   checkpoints=[FeatureCheckpoint.from_json(c) for c in d["checkpoints"]])

    def checkpoint(self, label: str = "default") -> FeatureCheckpoint:
        for c in self.checkpoints:
            if c.label == label:
                return c
        raise KeyError(label)


@dataclass(frozen=True)
class Exemplar:
    id: str
    index: int
    question: Optional[str]
    answer: Optional[str]
    score: Optional[float]
    rank: int
    first_stage_rank: Optional[int]

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "Exemplar":
        return cls(id=d["id"], index=d["index"], question=d.get("question"), answer=d.get("answer"),
                   score=d.get("score"), rank=d["rank"], first_stage_rank=d.get("first_stage_rank"))


@dataclass(frozen=True)
class ExemplarsResult:
    """The answer of ``POST /v1/exemplars``: the exemplars best first, with what produced them."""

    method: str
    k: int
    requested_k: int
    cot: Optional[str]
    exemplars: List[Exemplar]
    diagnostics: Dict[str, Any]
    timings_ms: Dict[str, float]
    cache: Dict[str, str]
    warnings: List[str]
    prompt: Optional[str] = None
    answer: Optional[str] = None
    #: ``chat`` (the service's default) or ``text``.
    prompt_format: Optional[str] = None
    #: The final conversation as ``[{"role": ..., "content": ...}]`` (with ``include_prompt``).
    messages: Optional[List[Dict[str, str]]] = None
    #: The value read from ``answer`` (with ``generate``; see ``answer_pattern``).
    answer_value: Optional[str] = None
    #: The whole response, including fields newer than this client.
    raw: Dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "ExemplarsResult":
        return cls(method=d["method"], k=d["k"], requested_k=d["requested_k"], cot=d.get("cot"),
                   exemplars=[Exemplar.from_json(e) for e in d["exemplars"]], diagnostics=d.get("diagnostics", {}),
                   timings_ms=d.get("timings_ms", {}), cache=d.get("cache", {}), warnings=d.get("warnings", []),
                   prompt=d.get("prompt"), answer=d.get("answer"), prompt_format=d.get("prompt_format"),
                   messages=d.get("messages"), answer_value=d.get("answer_value"), raw=d)

    def __iter__(self):
        return iter(self.exemplars)

    def __len__(self) -> int:
        return len(self.exemplars)


@dataclass(frozen=True)
class JobProgress:
    stage: Optional[str]
    done: int
    total: int

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "JobProgress":
        return cls(stage=d.get("stage"), done=d.get("done", 0), total=d.get("total", 0))


@dataclass(frozen=True)
class JobError:
    type: str
    message: str
    code: Optional[str] = None
    param: Optional[str] = None

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "JobError":
        return cls(type=d.get("type", ""), message=d.get("message", ""), code=d.get("code"), param=d.get("param"))


@dataclass(frozen=True)
class SelectedRow:
    """One selected row: ``rank`` 1-based (1 = best), ``index`` the item's index when the job ran.

    With ``items=True`` (``include=items``) the row also carries the item's content as it is now;
    an item deleted since the job ran has ``question``/``answer``/``text``/``metadata`` ``None``.
    """

    rank: int
    id: str
    index: int
    score: Optional[float]
    weight: Optional[float] = None
    picked_by: Optional[int] = None
    question: Optional[str] = None
    answer: Optional[str] = None
    text: Optional[str] = None
    metadata: Optional[Metadata] = None

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "SelectedRow":
        return cls(rank=d["rank"], id=d["id"], index=d["index"], score=d.get("score"), weight=d.get("weight"),
                   picked_by=d.get("picked_by"), question=d.get("question"), answer=d.get("answer"),
                   text=d.get("text"), metadata=d.get("metadata"))


@dataclass(frozen=True)
class SelectionResult:
    """A selection job's result: every selected row, best first, with the method's figures."""

    method: str
    k: int
    selected: List[SelectedRow]
    diagnostics: Dict[str, Any]
    warnings: List[str]
    #: The rows carry their items' content (fetched with ``items=True``).
    with_items: bool = False

    def __iter__(self):
        return iter(self.selected)

    def __len__(self) -> int:
        return len(self.selected)

    def __getitem__(self, i: int) -> SelectedRow:
        return self.selected[i]

    @property
    def ids(self) -> List[str]:
        return [r.id for r in self.selected]

    @property
    def indices(self) -> List[int]:
        return [r.index for r in self.selected]

    def to_pandas(self):
        """The rows as a DataFrame in rank order: ``rank, id, index, score``, then ``weight`` /
        ``picked_by`` when the method gives them, then ``question, answer, text, metadata`` with items."""
        from ._optional import require_pandas

        pd = require_pandas()
        used = ["rank", "id", "index", "score"]
        used += [c for c in ("weight", "picked_by") if any(getattr(r, c) is not None for r in self.selected)]
        if self.with_items:
            used += ["question", "answer", "text", "metadata"]
        return pd.DataFrame({c: [getattr(r, c) for r in self.selected] for c in used}, columns=used)
