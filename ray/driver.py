#!/usr/bin/env python3
"""Runs a prepared sharded selection (`shortlist engine prepare`) to its result CSV.

The maths is the `shortlist` binary's: every map step is `shortlist engine map`, the global steps
are `shortlist engine reduce` over every map output. A method whose reduce reads only per-target
top lists (round_robin, knn_uniform: `shortlist engine lists` prints their plan) maps one row
range of every checkpoint per step into lists; after each round `shortlist engine check` says
whether the lists answer the reduce exactly, or which steps to run again (repeats of earlier
rows, deeper lists), or to map S's tiles instead. The other methods map one shard of one
checkpoint per step into S's tiles. This driver only schedules the steps: as Ray tasks
(`--address`, Ray retries a task whose worker died), or one after the other in this process
(`--local`, no Ray needed), with the same result.

Progress goes to stdout as lines `PROGRESS <stage> <done> <total>`; a failure exits non-zero
with the step's error on stderr. Every subprocess has a timeout (`--step-timeout`).

The job directory and the shard store must be readable at the same paths on every Ray node (a
shared filesystem); S3/GCS stores would be read through fsspec/pyarrow here (not built yet).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile


def progress(stage, done, total):
    print(f"PROGRESS {stage} {done} {total}", flush=True)


def run_binary(binary, arguments, timeout):
    """Runs the binary; raises RuntimeError with its stderr on failure or timeout."""
    try:
        done = subprocess.run([binary] + arguments, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"{' '.join(arguments[:2])} timed out after {timeout} s")
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip() or f"{' '.join(arguments[:2])} exited with {done.returncode}")
    return done.stdout


def map_step(binary, job, step, timeout):
    """One map step (its `engine map` arguments) into a private directory; returns its files as {name: bytes}."""
    out = tempfile.mkdtemp(prefix="shortlist-map-")
    try:
        run_binary(binary, ["engine", "map", "--job", job, *step, "--out", out], timeout)
        files = {}
        for name in sorted(os.listdir(out)):
            with open(os.path.join(out, name), "rb") as f:
                files[name] = f.read()
        return files
    finally:
        shutil.rmtree(out, ignore_errors=True)


def tile_steps(job):
    """One step per shard of every checkpoint: (arguments, name)."""
    with open(os.path.join(job, "job.json")) as f:
        spec = json.load(f)
    return [(["--checkpoint", str(t), "--shard", str(s)], f"checkpoint {t}, shard {s}")
            for t, checkpoint in enumerate(spec["checkpoints"]) for s in range(checkpoint["shards"])]


def list_steps(maps, ranges, length):
    """One list step per row range, with the repeats file `engine check` wrote for it."""
    steps = []
    for lo, hi in ranges:
        arguments = ["--rows", f"{lo}:{hi}", "--length", str(length)]
        repeats = os.path.join(maps, f"repeats-{lo}.npy")
        if os.path.exists(repeats):
            arguments += ["--repeats", repeats]
        steps.append((arguments, f"rows {lo}:{hi}"))
    return steps


def store_files(maps, files):
    for name, data in files.items():
        with open(os.path.join(maps, name), "wb") as f:
            f.write(data)


def run_local(args, steps):
    progress("map", 0, len(steps))
    for done, (step, _) in enumerate(steps, start=1):
        store_files(args.maps, map_step(args.binary, args.job, step, args.step_timeout))
        progress("map", done, len(steps))


def run_ray(args, steps):
    import ray  # only the Ray mode needs it

    if not ray.is_initialized():
        ray.init(address=args.address, log_to_driver=False)
    remote = ray.remote(num_cpus=1, max_retries=args.max_retries)(map_step)
    pending = {remote.remote(args.binary, args.job, step, args.step_timeout): name for step, name in steps}
    progress("map", 0, len(steps))
    done = 0
    while pending:
        ready, _ = ray.wait(list(pending), num_returns=1, timeout=args.step_timeout)
        if not ready:
            raise RuntimeError(f"no map step finished within {args.step_timeout} s")
        for ref in ready:
            name = pending.pop(ref)
            try:
                files = ray.get(ref, timeout=args.step_timeout)
            except ray.exceptions.RayError as error:
                # A worker that died more often than --max-retries, or the step's own error.
                lines = str(error).strip().splitlines() or [type(error).__name__]
                raise RuntimeError(f"map step of {name} failed: {type(error).__name__}: {lines[-1]}")
            store_files(args.maps, files)
            done += 1
            progress("map", done, len(steps))


def run_maps(args):
    """Every map round until the outputs answer the reduce."""
    run = run_local if args.local else run_ray
    plan = json.loads(run_binary(args.binary, ["engine", "lists", "--job", args.job], args.step_timeout))
    if plan is None:
        run(args, tile_steps(args.job))
        return
    ranges, length = plan["ranges"], plan["length"]
    while True:
        run(args, list_steps(args.maps, ranges, length))
        answer = json.loads(run_binary(args.binary, ["engine", "check", "--job", args.job, "--maps", args.maps], args.step_timeout))
        if answer["status"] == "ok":
            return
        if answer["status"] == "tiles":
            run(args, tile_steps(args.job))
            return
        ranges, length = answer["ranges"], answer["length"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True, help="path of the shortlist binary (same path on every node)")
    parser.add_argument("--job", required=True, help="job directory written by `shortlist engine prepare`")
    parser.add_argument("--maps", required=True, help="directory for the map outputs (created)")
    parser.add_argument("--out", help="result CSV to write (required unless --no-reduce)")
    parser.add_argument("--no-reduce", action="store_true", help="stop after the maps (the service runs the reduce itself)")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--local", action="store_true", help="run every step here, without Ray")
    mode.add_argument("--address", help="Ray cluster address ('auto' inside a Ray job)")
    parser.add_argument("--step-timeout", type=float, default=3600, help="seconds one step may take")
    parser.add_argument("--max-retries", type=int, default=3, help="Ray retries of a map step whose worker died")
    parser.add_argument("--workers", type=int, default=1, help="threads of the reduce")
    args = parser.parse_args(argv)
    if not args.no_reduce and not args.out:
        parser.error("--out is required unless --no-reduce")

    os.makedirs(args.maps, exist_ok=True)
    try:
        run_maps(args)
        if args.no_reduce:
            return 0
        progress("reduce", 0, 1)
        run_binary(args.binary, ["engine", "reduce", "--job", args.job, "--maps", args.maps, "--out", args.out,
                                 "--workers", str(args.workers)], args.step_timeout)
        progress("reduce", 1, 1)
    except RuntimeError as error:
        print(f"driver: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
