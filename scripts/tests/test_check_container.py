"""The container check fails on the defects it exists for (run by `make container-check`)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import check_container as cc  # noqa: E402

DOCKERFILE = (ROOT / "Dockerfile").read_text()
BINARY = Path(os.environ.get("SHORTLIST_RELEASE_BIN", ROOT / ".build/release/shortlist"))
needs_binary = pytest.mark.skipif(not BINARY.exists(), reason="release binary not built (make release)")


def with_replaced(old: str, new: str) -> cc.Dockerfile:
    assert old in DOCKERFILE, f"fixture text {old!r} not in Dockerfile"
    return cc.parse_dockerfile(DOCKERFILE.replace(old, new))


def test_parse_readsStagesArgsAndRuntimeInstructions():
    parsed = cc.parse_dockerfile(DOCKERFILE)
    assert len(parsed.stages) == 2
    assert parsed.stages[0].name == "build"
    assert "SWIFT_VERSION" in parsed.global_args
    env = cc.parse_env(parsed.runtime.all("ENV"))
    assert env["SHORTLIST_HOST"] == "0.0.0.0"
    assert cc.entrypoint(parsed.runtime) == ["/usr/local/bin/shortlist", "serve"]
    assert "libsqlite3-0" in cc.installed_by_apt(parsed.runtime)


def test_logicalLines_joinContinuations_andSkipComments():
    text = "FROM a AS b\n# c\nRUN x \\\n  # inner\n  && y\n"
    assert cc.logical_lines(text) == ["FROM a AS b", "RUN x && y"]


def test_toolchain_passes_forCurrentDockerfile():
    assert "6.1" in cc.check_toolchain(cc.parse_dockerfile(DOCKERFILE), (ROOT / "Package.swift").read_text())


def test_toolchain_fails_whenImageOlderThanToolsVersion():
    parsed = cc.parse_dockerfile(DOCKERFILE)
    parsed.global_args["SWIFT_VERSION"] = "6.0"
    with pytest.raises(cc.CheckFailed, match="raise ARG SWIFT_VERSION"):
        cc.check_toolchain(parsed, "// swift-tools-version: 6.1\n")


def test_versionTuple_comparesNumerically():
    assert cc.version_tuple("6.10") > cc.version_tuple("6.9")
    assert cc.version_tuple("6.1") == cc.version_tuple("6.1.0")


@needs_binary
def test_libraries_fail_whenSQLitePackageIsMissing():
    parsed = with_replaced("libsqlite3-0 ", "")
    with pytest.raises(cc.CheckFailed, match="libsqlite3-0"):
        cc.check_libraries(parsed, BINARY)


@needs_binary
def test_libraries_fail_whenSwiftRuntimeIsNotCopied():
    parsed = with_replaced("COPY --from=build /usr/lib/swift/linux/*.so /usr/lib/swift/linux/\n", "")
    with pytest.raises(cc.CheckFailed, match="Swift runtime"):
        cc.check_libraries(parsed, BINARY)


@needs_binary
def test_libraries_fail_whenAnUnusedPackageIsInstalled():
    parsed = with_replaced("libcurl4 ca-certificates", "libcurl4 libxml2 ca-certificates")
    if "libxml2" not in cc.installed_packages():
        pytest.skip("libxml2 is not installed here")
    with pytest.raises(cc.CheckFailed, match="libxml2 provides no library"):
        cc.check_libraries(parsed, BINARY)


def test_start_fails_withoutHealthcheck():
    parsed = with_replaced("HEALTHCHECK", "# HEALTHCHECK")
    with pytest.raises(cc.CheckFailed, match="no HEALTHCHECK"):
        cc.healthcheck_command(parsed.runtime)


def test_start_fails_whenImageListensOnLoopbackOnly():
    parsed = with_replaced("SHORTLIST_HOST=0.0.0.0", "SHORTLIST_HOST=127.0.0.1")
    with pytest.raises(cc.CheckFailed, match="every interface"):
        cc.check_start(parsed, BINARY)


def test_entrypoint_mustBeExecForm():
    parsed = with_replaced('ENTRYPOINT ["/usr/local/bin/shortlist", "serve"]',
                           "ENTRYPOINT /usr/local/bin/shortlist serve")
    with pytest.raises(cc.CheckFailed, match="exec"):
        cc.entrypoint(parsed.runtime)


def test_containerEnvironment_mapsVolumeAndPort(tmp_path):
    parsed = cc.parse_dockerfile(DOCKERFILE)
    env = cc.container_environment(parsed.runtime, str(tmp_path), 4321)
    assert env["SHORTLIST_DB"] == f"{tmp_path}/shortlist.db"
    assert env["SHORTLIST_PORT"] == "4321"
    assert env["OPENBLAS_NUM_THREADS"] == "1"


@needs_binary
def test_start_passes_forCurrentDockerfile():
    assert "HEALTHCHECK passed" in cc.check_start(cc.parse_dockerfile(DOCKERFILE), BINARY)


@needs_binary
def test_start_fails_whenImageAllowsUnauthenticatedByDefault():
    parsed = with_replaced("SHORTLIST_PORT=8080 \\", "SHORTLIST_PORT=8080 SHORTLIST_ALLOW_UNAUTHENTICATED=1 \\")
    with pytest.raises(cc.CheckFailed, match="instead of refusing"):
        cc.check_start(parsed, BINARY)
