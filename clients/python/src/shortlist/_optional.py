"""Optional dependencies (extras), imported on first use with an error that says what to install."""

from __future__ import annotations

from typing import Any


def _require(module: str, extra: str) -> Any:
    try:
        return __import__(module)
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(f"this needs {module}: pip install 'shortlist-client[{extra}]'") from e


def require_pandas() -> Any:
    return _require("pandas", "pandas")


def require_pyarrow() -> Any:
    pa = _require("pyarrow", "parquet")
    import pyarrow.parquet  # noqa: F401 - loads the submodule onto pa

    return pa


def is_pandas_frame(obj: Any) -> bool:
    cls = type(obj)
    return cls.__name__ == "DataFrame" and cls.__module__.startswith("pandas")


def is_hf_dataset(obj: Any) -> bool:
    cls = type(obj)
    return cls.__name__ in ("Dataset", "IterableDataset") and cls.__module__.startswith("datasets")
