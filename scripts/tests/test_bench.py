"""bench/bench.py: result lines become JSON records, and the README table shows the latest run."""
import importlib.util
import json
import os
import pathlib
import re
import shlex

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("bench", ROOT / "bench" / "bench.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


def test_result_line_gives_value_floor_and_ratio():
    figure = bench.parse_result("BENCH-RESULT name=route_per_page value=543 unit=ms floor=35.5 note=debug build, 10 pages")
    assert figure == {"name": "route_per_page", "value": 543.0, "unit": "ms", "floor": 35.5,
                      "ratio": round(543 / 35.5, 4), "note": "debug build, 10 pages"}


def test_result_line_without_floor_has_no_ratio_and_other_lines_are_ignored():
    assert bench.parse_result("BENCH-RESULT name=x value=2 unit=s") == {
        "name": "x", "value": 2.0, "unit": "s", "floor": None, "ratio": None}
    assert bench.parse_result("BENCH job-list load=1.0") is None


def test_result_line_without_a_unit_is_an_error():
    with pytest.raises(ValueError, match="unit"):
        bench.parse_result("BENCH-RESULT name=x value=2")


def test_report_shows_only_the_latest_run_of_a_part(tmp_path, monkeypatch):
    monkeypatch.setattr(bench, "RESULTS", tmp_path / "results")
    monkeypatch.setattr(bench, "README", tmp_path / "README.md")
    (tmp_path / "results").mkdir()
    stamp = {"unit": "ms", "floor": 10.0, "ratio": 2.0, "commit": "abc", "machine": "m", "load_average": [1, 2, 3], "args": []}
    rows = [{"name": "old", "value": 20.0, "started": "2026-12-01T00:00:00+00:00", **stamp},
            {"name": "new", "value": 30.0, "started": "2026-12-02T00:00:00+00:00", **stamp}]
    (tmp_path / "results" / "job-list.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    (tmp_path / "README.md").write_text("# Benchmarks\n\nBy hand.\n")
    bench.report()
    text = (tmp_path / "README.md").read_text()
    assert text.startswith("# Benchmarks\n\nBy hand.\n")
    assert "| new | 30 | ms | 10 | 2.00x |" in text and "| old |" not in text
    assert "### storage" in text and "No run recorded" in text
    bench.report()
    assert (tmp_path / "README.md").read_text() == text


def test_every_part_names_a_topic_file_and_a_harness_that_can_start():
    """`make bench PART=<part>` runs the part's command from the root: its script must exist (and be
    executable when run directly), its make target must exist, its topic file must exist."""
    makefile = (ROOT / "Makefile").read_text()
    for part, (command, topic, _) in bench.PARTS.items():
        assert (ROOT / "bench" / topic).is_file(), f"{part}: no bench/{topic}"
        for step in command.split("&&"):
            words = [w for w in shlex.split(step) if not re.match(r"^[A-Z_]+=", w)]
            program = words[0]
            if program == "python3":
                assert (ROOT / words[1]).is_file(), f"{part}: no {words[1]}"
            elif program == "make":
                assert re.search(rf"^{re.escape(words[1])}:", makefile, re.M), f"{part}: no make target {words[1]}"
            elif program != "swift":
                path = ROOT / program
                assert path.is_file() and os.access(path, os.X_OK), f"{part}: {program} is missing or not executable"


def harness_sources(command: str) -> tuple[set, dict]:
    """The files a part's command runs: its scripts, the bench/ files they name (followed), and the
    Swift test suites named by a `--filter` in the command or in those scripts."""
    files, suites, pending = set(), {}, [command]
    while pending:
        # Comments name files they do not run (bench/bench.py, README files): code lines only.
        text = "\n".join(line for line in pending.pop().splitlines() if not re.match(r"\s*(#|//)", line))
        for name in re.findall(r"--filter ['\"]?([\w|]+)", text):
            for suite in name.split("|"):
                suites[suite] = [p for p in (ROOT / "Tests").rglob("*.swift") if re.search(rf"\bstruct {suite}\b", p.read_text())]
        for path in re.findall(r"(bench/[\w./-]+\.(?:sh|py|swift))", text):
            if path != "bench/bench.py" and (ROOT / path).is_file() and path not in files:
                files.add(path)
                pending.append((ROOT / path).read_text())
    return files, suites


def test_every_part_has_a_harness_that_prints_bench_result_lines():
    """`make bench PART=<part>` records only BENCH-RESULT lines: every part's scripts (or the files
    they run) must print them, and so must every Swift suite a part's harness runs."""
    for part, (command, _, _) in bench.PARTS.items():
        files, suites = harness_sources(command)
        assert files or suites, f"{part}: no harness file found in {command!r}"
        for suite, paths in suites.items():
            assert paths, f"{part}: no Swift suite {suite}"
            assert any("BENCH-RESULT" in p.read_text() for p in paths), f"{part}: suite {suite} prints no BENCH-RESULT line"
        sources = [(ROOT / f).read_text() for f in files] + [p.read_text() for ps in suites.values() for p in ps]
        assert any("BENCH-RESULT" in s for s in sources), f"{part}: none of {sorted(files)} prints a BENCH-RESULT line"
