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

uot maps no tiles. Its Sinkhorn rounds run as map + all-reduce: one block process per row range
(`shortlist engine sinkhorn-block`, held by a Ray actor, or by this process with `--local`) keeps
its rows' kernel (M x rows float64) in memory for the whole loop, and the coordinator (`shortlist
engine sinkhorn`, a subprocess of this driver) runs the loop. They speak frames (8-byte
little-endian length, then a kind byte) through this driver, which only passes them on: the
coordinator's plan (the row ranges) starts the blocks, each block's first frame (its rows'
fingerprints) goes to the coordinator, which answers one load frame per block (its repeated
rows); then every request (a round: the M-vectors u_prev and u; at the end, the masses, then the
selection for `quality`) is sent to every block and their replies go back in block order (per
block: flags, two maxima and M row sums per row block; its masses; its coverage figures). Only
these vectors travel per round. Requests are self-contained, so a block process that died is
started again, given its load frame again, and answers the same (a dead actor is restarted by
Ray, `--max-retries`); the result stays identical. The coordinator writes masses and figures
into the maps directory, where the reduce ranks them.

Progress goes to stdout as lines `PROGRESS <stage> <done> <total>`; a failure exits non-zero
with the step's error on stderr. Every subprocess has a timeout (`--step-timeout`).

The job directory and the shard store must be readable at the same paths on every Ray node (a
shared filesystem); S3/GCS stores would be read through fsspec/pyarrow here (not built yet).
"""

import argparse
import json
import os
import select
import shutil
import struct
import subprocess
import sys
import tempfile
import time


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


def connect(args):
    import ray  # only the Ray mode needs it

    if not ray.is_initialized():
        ray.init(address=args.address, log_to_driver=False)
    return ray


def run_ray(args, steps):
    ray = connect(args)
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


class FrameError(RuntimeError):
    """A pipe of the Sinkhorn exchange ended or failed (`ended`), or stayed silent past the timeout."""

    def __init__(self, message, ended):
        super().__init__(message)
        self.ended = ended


def read_exactly(fd, count, timeout, what):
    out = bytearray()
    deadline = time.monotonic() + timeout
    while len(out) < count:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            raise FrameError(f"{what} sent nothing within {timeout} s", ended=False)
        chunk = os.read(fd, count - len(out))
        if not chunk:
            raise FrameError(f"{what} ended", ended=True)
        out += chunk
    return bytes(out)


def read_frame(fd, timeout, what):
    """One frame, its length prefix included (frames are passed on unchanged)."""
    head = read_exactly(fd, 8, timeout, what)
    return head + read_exactly(fd, struct.unpack("<Q", head)[0], timeout, what)


def write_frame(fd, frame, what):
    view = memoryview(frame)
    try:
        while view:
            view = view[os.write(fd, view):]
    except (BrokenPipeError, OSError) as error:
        raise FrameError(f"{what} does not read: {error}", ended=True)


def frame_kind(frame):
    return chr(frame[8])


def stderr_tail(file):
    """The last line a subprocess wrote into `file` (an anonymous temporary file)."""
    file.seek(0)
    lines = file.read().decode(errors="replace").strip().splitlines()
    return lines[-1] if lines else ""


class SinkhornBlock:
    """One block process of uot's Sinkhorn rounds (rows lo:hi), started on first use and again
    whenever it died: a fresh process sends its fingerprints again and, given its load frame
    again, answers any request as the one before (requests are self-contained)."""

    def __init__(self, binary, job, lo, hi, timeout):
        self.command = [binary, "engine", "sinkhorn-block", "--job", job, "--rows", f"{lo}:{hi}"]
        self.name = f"the Sinkhorn block of rows {lo}:{hi}"
        self.timeout = timeout
        self.process = None
        self.first = None
        self.loaded = False
        self.errors = tempfile.TemporaryFile()

    def _start(self):
        self.stop()
        self.errors.seek(0)
        self.errors.truncate()
        self.process = subprocess.Popen(self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors, bufsize=0)
        self.loaded = False
        self.first = read_frame(self.process.stdout.fileno(), self.timeout, self.name)

    def stop(self):
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def _with_restart(self, body):
        """body() on a live process; once more on a fresh one when the process died."""
        for attempt in range(2):
            try:
                if self.process is None or self.process.poll() is not None:
                    self._start()
                return body()
            except FrameError as error:
                self.stop()
                if attempt == 1 or not error.ended:
                    detail = stderr_tail(self.errors)
                    raise RuntimeError(f"{error}: {detail}" if detail else str(error))

    def hello(self):
        return self._with_restart(lambda: self.first)

    def ask(self, load, request):
        def exchange():
            stdin, stdout = self.process.stdin.fileno(), self.process.stdout.fileno()
            if not self.loaded:
                write_frame(stdin, load, self.name)
                if frame_kind(read_frame(stdout, self.timeout, self.name)) != "R":
                    raise RuntimeError(f"{self.name} did not load")
                self.loaded = True
            write_frame(stdin, request, self.name)
            return read_frame(stdout, self.timeout, self.name)
        return self._with_restart(exchange)

    def close(self):
        self.stop()
        self.errors.close()


def sinkhorn_blocks(args, ranges):
    """A block holder per range: a function that calls one method on every holder (the i-th
    holder gets the i-th element of each argument list; results in block order), and one that
    ends them."""
    if args.local:
        blocks = [SinkhornBlock(args.binary, args.job, lo, hi, args.step_timeout) for lo, hi in ranges]

        def call_here(method, *each):
            return [getattr(b, method)(*(a[i] for a in each)) for i, b in enumerate(blocks)]
        return call_here, lambda: [b.close() for b in blocks]
    ray = connect(args)

    actor = ray.remote(num_cpus=1, max_restarts=args.max_retries, max_task_retries=args.max_retries)(SinkhornBlock)
    blocks = [actor.remote(args.binary, args.job, lo, hi, args.step_timeout) for lo, hi in ranges]

    def call(method, *each):
        refs = [getattr(b, method).remote(*(a[i] for a in each)) for i, b in enumerate(blocks)]
        try:
            return ray.get(refs, timeout=args.step_timeout)
        except ray.exceptions.GetTimeoutError:
            raise RuntimeError(f"a Sinkhorn block did not answer within {args.step_timeout} s")
        except ray.exceptions.RayError as error:
            lines = str(error).strip().splitlines() or [type(error).__name__]
            raise RuntimeError(f"a Sinkhorn block failed: {type(error).__name__}: {lines[-1]}")

    def close():
        for b in blocks:
            ray.kill(b)
    return call, close


def block_count(args):
    if args.blocks:
        return args.blocks
    if args.local:
        return 1
    ray = connect(args)
    # One actor per CPU of the cluster: each holds a CPU for the whole loop.
    return max(1, int(ray.cluster_resources().get("CPU", 1)))


def run_sinkhorn(args):
    """uot's Sinkhorn rounds: the coordinator's frames to the blocks and their replies back."""
    errors = tempfile.TemporaryFile()
    coordinator = subprocess.Popen([args.binary, "engine", "sinkhorn", "--job", args.job, "--maps", args.maps,
                                    "--blocks", str(block_count(args))],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors, bufsize=0)
    to, back, what = coordinator.stdin.fileno(), coordinator.stdout.fileno(), "the Sinkhorn coordinator"
    close = None
    try:
        plan = read_frame(back, args.step_timeout, what)
        ranges = json.loads(plan[9:])["ranges"]
        call, close = sinkhorn_blocks(args, ranges)
        progress("sinkhorn", 0, 0)
        for first in call("hello"):
            write_frame(to, first, what)
        loads = [read_frame(back, args.step_timeout, what) for _ in ranges]
        while True:
            frame = read_frame(back, args.step_timeout, what)
            kind = frame_kind(frame)
            if kind == "E":
                break
            if kind == "G":
                progress("sinkhorn", *struct.unpack("<QQ", frame[9:25]))
                continue
            for reply in call("ask", loads, [frame] * len(ranges)):
                write_frame(to, reply, what)
        if coordinator.wait(timeout=args.step_timeout) != 0:
            raise RuntimeError(f"{what} exited with {coordinator.returncode}")
    except (FrameError, RuntimeError, subprocess.TimeoutExpired) as error:
        coordinator.kill()
        coordinator.wait()
        detail = stderr_tail(errors)
        raise RuntimeError(f"{error}: {detail}" if detail else str(error))
    finally:
        if close is not None:
            close()
        errors.close()


def is_uot(job):
    with open(os.path.join(job, "job.json")) as f:
        spec = json.load(f)
    return spec["method"] == "uot" and spec["target_count"] > 0


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
    parser.add_argument("--blocks", type=int, help="uot's Sinkhorn block processes (default: one per CPU of the Ray cluster, 1 locally)")
    args = parser.parse_args(argv)
    if not args.no_reduce and not args.out:
        parser.error("--out is required unless --no-reduce")

    os.makedirs(args.maps, exist_ok=True)
    try:
        if is_uot(args.job):
            run_sinkhorn(args)
        else:
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
