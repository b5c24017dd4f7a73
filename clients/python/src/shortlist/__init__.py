"""Python client for Shortlist, the service that chooses data for language models.

    import shortlist

    client = shortlist.Client()                      # SHORTLIST_URL, SHORTLIST_API_KEY
    client.pools.import_file("gsm8k", "train.jsonl", answer_field="solution")
    client.features.upload("gsm8k", "grads", np.load("grads.npy", mmap_mode="r"))
    job = client.selections.create("gsm8k/grads", "val/grads", method="less", k=1000)
    job.wait(progress=True).export("subset.jsonl")
"""

from .client import Client
from .errors import (
    ConflictError,
    ConnectionError,
    ImportFileError,
    InternalError,
    InvalidRequestError,
    JobFailedError,
    NotFoundError,
    PayloadTooLargeError,
    RateLimitError,
    ShortlistError,
    UnauthorizedError,
    UnavailableError,
    UpstreamError,
    UpstreamTimeoutError,
)
from .jobs import Job
from .mapping import FieldMapping
from .models import (
    Exemplar,
    ExemplarsResult,
    Feature,
    FeatureCheckpoint,
    Health,
    Item,
    JobError,
    JobProgress,
    Pool,
    PoolCheckpoint,
    PoolFeature,
    SelectedRow,
    SelectionResult,
    UpsertResult,
)
from .spool import ImportResult

__version__ = "0.1.0"

__all__ = [
    "Client", "FieldMapping", "Job", "ImportResult",
    "Exemplar", "ExemplarsResult", "Feature", "FeatureCheckpoint", "Health", "Item", "JobError", "JobProgress",
    "Pool", "PoolCheckpoint", "PoolFeature", "SelectedRow", "SelectionResult", "UpsertResult",
    "ShortlistError", "InvalidRequestError", "UnauthorizedError", "NotFoundError", "ConflictError",
    "PayloadTooLargeError", "RateLimitError", "InternalError", "UpstreamError", "UnavailableError",
    "UpstreamTimeoutError", "ConnectionError", "JobFailedError", "ImportFileError",
]
