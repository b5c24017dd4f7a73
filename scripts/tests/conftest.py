"""Fixtures shared by the Ray test modules (test_ray_driver.py, test_ray_service.py): one Ray
head for the whole session, so that its start (10-30 s on a loaded box) is paid once."""
import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from ray_head import RayHead  # noqa: E402


@pytest.fixture(scope="session")
def ray_head():
    """The job API address (dashboard URL) of a Ray head on free ports, stopped afterwards."""
    head = RayHead(cpus=2)
    try:
        yield head.address
    finally:
        head.stop()
