#!/usr/bin/env python3
"""Checks the Dockerfile without a Docker engine (`make container-check`, part of `make test`).

1. toolchain:  the build stage's Swift version (ARG SWIFT_VERSION) >= Package.swift's tools version.
2. libraries:  every shared library the release binary loads (ldd) comes from the Swift runtime
               folder the runtime stage copies, or from a Debian package that the runtime stage
               installs (directly or as a dependency) or that debian:bookworm-slim already has
               (Priority: required, and what those depend on). Resolved with dpkg on this machine.
               Every package the runtime stage installs is needed: it provides a loaded library,
               or it is one of the few tools named in NON_LIBRARY_PACKAGES.
3. start:      the runtime stage's ENV and ENTRYPOINT, run here with the same environment (the
               binary and the /data volume mapped to this checkout and a temp folder, the port to a
               free one): without a key the service refuses to start and names SHORTLIST_API_KEY;
               with one it starts, the HEALTHCHECK command succeeds, and data routes need the key.

Usage: check_container.py [--dockerfile Dockerfile] [--binary .build/release/shortlist] [--only NAME]
Exit status 0 when every check passes; each failure is printed with what to change.
"""
from __future__ import annotations

import argparse
import functools
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

# Runtime packages that provide no library but a tool the image uses, with the reason.
NON_LIBRARY_PACKAGES = {
    "curl": "the HEALTHCHECK command",
    "ca-certificates": "TLS to HTTPS LLM and embedding endpoints",
}
# Where the official swift:*-bookworm images keep the Swift runtime libraries.
IMAGE_SWIFT_RUNTIME = "/usr/lib/swift/linux"
# A refusal is immediate (configuration is validated before the database opens); past this the
# service is taken to have started.
REFUSAL_SECONDS = 10


class CheckFailed(Exception):
    pass


# ---------------------------------------------------------------- Dockerfile parsing

@dataclass
class Stage:
    base: str
    name: str | None
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def all(self, keyword: str) -> list[str]:
        return [arg for kw, arg in self.instructions if kw == keyword]


@dataclass
class Dockerfile:
    global_args: dict[str, str]
    stages: list[Stage]

    @property
    def runtime(self) -> Stage:
        return self.stages[-1]


def logical_lines(text: str) -> list[str]:
    """Joins backslash continuations and drops comments and blank lines."""
    lines, current = [], ""
    for raw in text.splitlines():
        stripped = raw.strip()
        if stripped.startswith("#"):
            continue  # a comment line, also inside a continued instruction
        if stripped.endswith("\\"):
            current += stripped[:-1].rstrip() + " "
            continue
        current += stripped
        if current.strip():
            lines.append(current.strip())
        current = ""
    if current.strip():
        lines.append(current.strip())
    return lines


def parse_dockerfile(text: str) -> Dockerfile:
    global_args: dict[str, str] = {}
    stages: list[Stage] = []
    for line in logical_lines(text):
        keyword, _, rest = line.partition(" ")
        keyword = keyword.upper()
        rest = rest.strip()
        if keyword == "FROM":
            words = rest.split()
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else None
            stages.append(Stage(base=words[0], name=name))
        elif not stages:
            if keyword == "ARG":
                key, _, value = rest.partition("=")
                global_args[key.strip()] = value.strip().strip('"')
        else:
            stages[-1].instructions.append((keyword, rest))
    if not stages:
        raise CheckFailed("Dockerfile has no FROM")
    return Dockerfile(global_args, stages)


def expand(value: str, variables: dict[str, str]) -> str:
    return re.sub(r"\$\{(\w+)\}|\$(\w+)", lambda m: variables.get(m.group(1) or m.group(2), ""), value)


def parse_env(arguments: list[str]) -> dict[str, str]:
    """ENV key=value pairs (the `ENV key value` legacy form too)."""
    env: dict[str, str] = {}
    for argument in arguments:
        words = shlex.split(argument)
        if words and "=" not in words[0]:
            env[words[0]] = " ".join(words[1:])
            continue
        for word in words:
            key, _, value = word.partition("=")
            env[key] = expand(value, env)
    return env


def installed_by_apt(stage: Stage) -> list[str]:
    """Package names of every `apt-get install` in the stage's RUN instructions."""
    packages: list[str] = []
    for command in stage.all("RUN"):
        for part in re.split(r"&&|;", command):
            words = shlex.split(part)
            if "apt-get" in words and "install" in words:
                after = words[words.index("install") + 1:]
                packages += [w for w in after if not w.startswith("-")]
    return packages


def healthcheck_command(stage: Stage) -> list[str]:
    """The HEALTHCHECK command as an argv: the exec (JSON) form as written, the shell form via sh -c."""
    checks = stage.all("HEALTHCHECK")
    if not checks:
        raise CheckFailed("the runtime stage has no HEALTHCHECK")
    _, _, command = checks[-1].partition("CMD ")
    command = command.strip()
    if not command:
        raise CheckFailed(f"HEALTHCHECK without CMD: {checks[-1]}")
    if command.startswith("["):
        return json.loads(command)
    return ["/bin/sh", "-c", command]


def entrypoint(stage: Stage) -> list[str]:
    entries = stage.all("ENTRYPOINT")
    if not entries:
        raise CheckFailed("the runtime stage has no ENTRYPOINT")
    try:
        value = json.loads(entries[-1])
    except json.JSONDecodeError:
        raise CheckFailed("ENTRYPOINT must be the exec (JSON array) form, so that signals reach the service")
    return value


# ---------------------------------------------------------------- 1. toolchain

def version_tuple(text: str) -> tuple[int, ...]:
    match = re.match(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?", text)
    if not match:
        raise CheckFailed(f"not a version: {text!r}")
    return tuple(int(g or 0) for g in match.groups())


def tools_version(package_swift: str) -> str:
    match = re.match(r"//\s*swift-tools-version:\s*([\d.]+)", package_swift)
    if not match:
        raise CheckFailed("Package.swift does not start with // swift-tools-version: X.Y")
    return match.group(1)


def check_toolchain(dockerfile: Dockerfile, package_swift: str) -> str:
    build = dockerfile.stages[0]
    image = expand(build.base, dockerfile.global_args)
    match = re.match(r"swift:([\d.]+)", image)
    if not match:
        raise CheckFailed(f"the build stage must come from an official swift:X.Y image, got {image!r}")
    image_version, required = match.group(1), tools_version(package_swift)
    if version_tuple(image_version) < version_tuple(required):
        raise CheckFailed(
            f"the build stage uses Swift {image_version} ({image}) but Package.swift needs "
            f"swift-tools-version {required}: raise ARG SWIFT_VERSION")
    return f"{image} >= swift-tools-version {required}"


# ---------------------------------------------------------------- 2. libraries

def loaded_libraries(binary: Path) -> dict[str, str]:
    """soname -> resolved path, from ldd; a library ldd cannot find is a failure."""
    output = subprocess.run(["ldd", str(binary)], check=True, capture_output=True, text=True).stdout
    libraries: dict[str, str] = {}
    for line in output.splitlines():
        line = line.strip()
        if "=>" in line:
            soname, _, target = line.partition("=>")
            path = target.strip().split(" (")[0].strip()
            if path == "not found":
                raise CheckFailed(f"ldd cannot resolve {soname.strip()} for {binary}")
            libraries[soname.strip()] = path
        elif line.startswith("/"):
            libraries[os.path.basename(line.split(" (")[0])] = line.split(" (")[0]
    return libraries


@functools.lru_cache(maxsize=None)
def swift_runtime_directories() -> list[str]:
    info = json.loads(subprocess.run(["swift", "-print-target-info"], check=True,
                                     capture_output=True, text=True).stdout)
    return [os.path.realpath(p) for p in info["paths"]["runtimeLibraryPaths"]]


def path_spellings(path: str) -> list[str]:
    """`path`, its resolved form, and their usr-merged twins (/lib/... and /usr/lib/...)."""
    spellings = []
    for candidate in (path, os.path.realpath(path)):
        spellings.append(candidate)
        if candidate.startswith("/usr/lib/"):
            spellings.append(candidate[len("/usr"):])
        elif candidate.startswith("/lib/"):
            spellings.append("/usr" + candidate)
    return list(dict.fromkeys(spellings))


def owning_packages(paths: list[str]) -> dict[str, str]:
    """path -> the Debian package that ships it, by one `dpkg -S` over every spelling."""
    spellings = {path: path_spellings(path) for path in paths}
    query = sorted({s for group in spellings.values() for s in group})
    output = subprocess.run(["dpkg", "-S", *query], capture_output=True, text=True).stdout
    owner_of_spelling = {}
    for line in output.splitlines():
        package, _, shipped = line.partition(": ")
        owner_of_spelling[shipped.strip()] = package.split(":")[0].split(",")[0].strip()
    return {path: next((owner_of_spelling[s] for s in group if s in owner_of_spelling), None)
            for path, group in spellings.items()}


@dataclass
class InstalledPackage:
    name: str
    priority: str
    depends: list[list[str]]   # each entry: alternatives
    provides: list[str]


@functools.lru_cache(maxsize=None)
def installed_packages() -> dict[str, InstalledPackage]:
    fmt = "${Package}\t${Priority}\t${Pre-Depends}\t${Depends}\t${Provides}\t${db:Status-Abbrev}\n"
    output = subprocess.run(["dpkg-query", "-W", "-f", fmt], check=True, capture_output=True, text=True).stdout
    packages: dict[str, InstalledPackage] = {}
    for line in output.splitlines():
        name, priority, pre, depends, provides, status = (line.split("\t") + [""] * 6)[:6]
        if not status.startswith("ii"):
            continue
        relations = ", ".join(r for r in (pre, depends) if r)
        alternatives = [[alt.split()[0].split(":")[0] for alt in group.split("|") if alt.strip()]
                        for group in relations.split(",") if group.strip()]
        packages[name] = InstalledPackage(
            name, priority, alternatives,
            [p.split()[0] for p in provides.split(",") if p.strip()])
    return packages


def dependency_closure(roots: list[str], packages: dict[str, InstalledPackage], *, hard_only: bool = False) -> set[str]:
    """Packages apt would have for `roots`: the roots, then per dependency its first installed
    alternative (a virtual name resolves to an installed provider, preferring one already chosen).
    With `hard_only`, only dependencies without alternatives on a real package are followed: what
    apt must install whatever it chooses (liblapacke's BLAS could be the reference one, not OpenBLAS)."""
    providers: dict[str, list[str]] = {}
    for package in packages.values():
        for virtual in package.provides:
            providers.setdefault(virtual, []).append(package.name)
    chosen: set[str] = set()
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name in chosen:
            continue
        chosen.add(name)
        for group in packages[name].depends if name in packages else []:
            if hard_only and (len(group) != 1 or group[0] not in packages):
                continue
            options = [alt for alt in group if alt in packages]
            for alt in group:
                options += [p for p in providers.get(alt, []) if p not in options]
            if not options or any(o in chosen for o in options):
                continue
            pending.append(options[0])
    return chosen


def check_libraries(dockerfile: Dockerfile, binary: Path) -> str:
    runtime = dockerfile.runtime
    copies_runtime = any(IMAGE_SWIFT_RUNTIME in copy and "--from=" in copy for copy in runtime.all("COPY"))
    runtime_dirs = swift_runtime_directories()
    packages = installed_packages()
    listed = installed_by_apt(runtime)
    missing_here = [p for p in listed if p not in packages]
    if missing_here:
        raise CheckFailed(f"runtime packages not installed on this machine, so not checkable: {missing_here}")
    base = [p.name for p in packages.values() if p.priority == "required"]
    provided = dependency_closure(listed + base, packages)

    problems, used_packages, from_swift = [], set(), 0
    libraries = loaded_libraries(binary)
    owners = owning_packages(list(libraries.values()))
    for soname, path in sorted(libraries.items()):
        if any(os.path.realpath(path).startswith(d + "/") for d in runtime_dirs):
            from_swift += 1
            if not copies_runtime:
                problems.append(f"{soname} comes from the Swift runtime, which the runtime stage does not copy "
                                f"(COPY --from=build {IMAGE_SWIFT_RUNTIME}/*.so ...)")
            continue
        owner = owners[path]
        if owner is None:
            problems.append(f"{soname} ({path}) belongs to no Debian package and is not in the Swift runtime")
            continue
        used_packages.add(owner)
        if owner not in provided:
            problems.append(f"{soname} ({path}) is in Debian package {owner}, which the runtime stage "
                            f"does not install: add {owner} to its apt-get install")
    # Minimal: every listed package ships a loaded library itself, or is a tool the image uses.
    health = healthcheck_command(runtime)
    for package in listed:
        if package in NON_LIBRARY_PACKAGES:
            if package == "curl" and "curl" not in " ".join(health):
                problems.append("curl is installed for HEALTHCHECK, but HEALTHCHECK does not use it")
            continue
        if package not in used_packages:
            problems.append(f"runtime package {package} provides no library the binary loads: remove it")
        others = [p for p in listed if p != package and p not in NON_LIBRARY_PACKAGES]
        if package in dependency_closure(others, packages, hard_only=True) and package not in base:
            problems.append(f"runtime package {package} is already a dependency of another listed package: remove it")
    if problems:
        raise CheckFailed("\n  ".join(["shared libraries:"] + problems))
    return (f"{len(libraries)} libraries: {from_swift} from the Swift runtime, {len(libraries) - from_swift} from "
            f"{len(used_packages)} Debian packages {sorted(used_packages)}; runtime packages {listed}")


# ---------------------------------------------------------------- 3. start

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def container_environment(runtime: Stage, data_dir: str, port: int) -> dict[str, str]:
    """The runtime stage's ENV, with the /data volume and the port mapped to this machine."""
    env = parse_env(runtime.all("ENV"))
    env = {k: v.replace("/data", data_dir) for k, v in env.items()}
    env["SHORTLIST_PORT"] = str(port)
    base = {k: v for k, v in os.environ.items() if not k.startswith("SHORTLIST_")}
    base.update(env)
    return base


def run_entrypoint(runtime: Stage, binary: Path, env: dict[str, str], data_dir: str) -> subprocess.Popen:
    argv = entrypoint(runtime)
    if not argv or argv[0] != "/usr/local/bin/shortlist":
        raise CheckFailed(f"ENTRYPOINT should run /usr/local/bin/shortlist, got {argv}")
    return subprocess.Popen([str(binary.resolve())] + argv[1:], env=env, cwd=data_dir,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def http_status(url: str, headers: dict[str, str] | None = None) -> int:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def check_start(dockerfile: Dockerfile, binary: Path) -> str:
    runtime = dockerfile.runtime
    health = healthcheck_command(runtime)
    with tempfile.TemporaryDirectory() as data_dir:
        port = free_port()
        env = container_environment(runtime, data_dir, port)
        if env.get("SHORTLIST_HOST") in (None, "", "127.0.0.1", "localhost"):
            raise CheckFailed("the image must listen on every interface (SHORTLIST_HOST=0.0.0.0) to be reachable")

        # Without a key: refuse at once, naming the variable.
        process = run_entrypoint(runtime, binary, env, data_dir)
        try:
            output, _ = process.communicate(timeout=REFUSAL_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise CheckFailed("without SHORTLIST_API_KEY the service started on 0.0.0.0 instead of refusing")
        if process.returncode == 0 or "SHORTLIST_API_KEY" not in output:
            raise CheckFailed(f"without a key, expected a non-zero exit naming SHORTLIST_API_KEY; "
                              f"got exit {process.returncode}: {output.strip()[:500]}")
        refusal = output.strip().splitlines()[0] if output.strip() else ""

        # With a key: starts, the HEALTHCHECK command passes, data routes need the key.
        key = "container-check-key"
        process = run_entrypoint(runtime, binary, dict(env, SHORTLIST_API_KEY=key), data_dir)
        try:
            deadline, healthy = time.monotonic() + 30, False
            while time.monotonic() < deadline and process.poll() is None:
                result = subprocess.run(health, env=env, capture_output=True, text=True, timeout=10)
                if result.returncode == 0:
                    healthy = True
                    break
                time.sleep(0.2)
            if not healthy:
                raise CheckFailed(f"the HEALTHCHECK command {health} never passed (service exit code "
                                  f"{process.poll()})")
            base_url = f"http://127.0.0.1:{port}"
            if http_status(f"{base_url}/v1/pools") != 401:
                raise CheckFailed("GET /v1/pools without the key should be 401 in the container setup")
            if http_status(f"{base_url}/v1/pools", {"Authorization": f"Bearer {key}"}) != 200:
                raise CheckFailed("GET /v1/pools with the key should be 200")
            if not Path(env["SHORTLIST_DB"]).exists():
                raise CheckFailed(f"the database was not created at SHORTLIST_DB ({env['SHORTLIST_DB']})")
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                raise CheckFailed("the service did not stop within 20 s of SIGTERM (docker stop would kill it)")
        if process.returncode != 0:
            raise CheckFailed(f"the service exited with {process.returncode} after SIGTERM")
    return f"refused without a key ({refusal!r}); with a key HEALTHCHECK passed and SIGTERM stopped it cleanly"


# ---------------------------------------------------------------- main

CHECKS = {
    "toolchain": lambda d, args: check_toolchain(d, Path(args.package).read_text()),
    "libraries": lambda d, args: check_libraries(d, Path(args.binary)),
    "start": lambda d, args: check_start(d, Path(args.binary)),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dockerfile", default="Dockerfile")
    parser.add_argument("--package", default="Package.swift")
    parser.add_argument("--binary", default=".build/release/shortlist")
    parser.add_argument("--only", choices=sorted(CHECKS))
    args = parser.parse_args()
    dockerfile = parse_dockerfile(Path(args.dockerfile).read_text())
    failed = 0
    for name, check in CHECKS.items():
        if args.only and name != args.only:
            continue
        try:
            print(f"container-check {name}: ok: {check(dockerfile, args)}")
        except CheckFailed as error:
            failed += 1
            print(f"container-check {name}: FAILED: {error}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
