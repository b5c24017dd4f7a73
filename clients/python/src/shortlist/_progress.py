"""Progress bars (tqdm) that cost nothing when turned off."""

from __future__ import annotations

from typing import Any, Optional


class _NoBar:
    n = 0
    total = None

    def update(self, n: int = 1) -> None:
        pass

    def set_description(self, desc: str, refresh: bool = True) -> None:
        pass

    def reset(self, total: Optional[int] = None) -> None:
        pass

    def refresh(self) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self) -> "_NoBar":
        return self

    def __exit__(self, *exc: Any) -> None:
        pass


def bar(enabled: bool, *, total: Optional[int] = None, desc: str = "", unit: str = "it", **kwargs: Any) -> Any:
    """A tqdm bar when ``enabled`` (tqdm.auto: a widget in notebooks), else a silent stand-in."""
    if not enabled:
        return _NoBar()
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit=unit, dynamic_ncols=True, **kwargs)
