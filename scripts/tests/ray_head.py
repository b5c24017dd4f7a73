"""A Ray head on free loopback ports with its own temp dir, for the tests and the bench: started
with `ray start --head --block` (so stopping that one process, by its pid, takes the node down)
and waited for until its job API takes a job (a probe, `true`). Needs `ray[default]`."""
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request


def free_ports(count):
    sockets = [socket.socket() for _ in range(count)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def get_json(url, timeout=5, data=None):
    request = urllib.request.Request(url, data=None if data is None else json.dumps(data).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.load(response)


class RayHead:
    """`attempts` starts, each on fresh ports: a port found free can be taken by another process
    before Ray binds it, and a loaded machine sometimes loses a head that is still starting."""

    def __init__(self, cpus=2, timeout=180, attempts=3):
        failures = []
        for _ in range(attempts):
            self._start(cpus)
            deadline = time.monotonic() + timeout
            while True:
                try:
                    # Ready when the job API takes a job: it answers 500 until its agent is up.
                    get_json(self.address + "/api/jobs/", timeout=15, data={"entrypoint": "true", "submission_id": f"ready-probe-{time.monotonic_ns()}"})
                    return
                except OSError:
                    if self.process.poll() is None and time.monotonic() < deadline:
                        time.sleep(0.5)
                        continue
                    failures.append(f"exit status {self.process.poll()}: " + open(self.log.name).read()[-1500:])
                    self.stop()
                    break
        raise RuntimeError(f"the Ray head did not come up in {attempts} attempts: " + "\n---\n".join(failures))

    def _start(self, cpus):
        ports = free_ports(9)
        self.temp = tempfile.mkdtemp(prefix="slray-", dir="/tmp")  # short: Ray's socket paths are limited
        self.log = open(os.path.join(self.temp, "head.log"), "w")
        self.process = subprocess.Popen(
            ["ray", "start", "--head", "--block", "--num-cpus", str(cpus), "--port", str(ports[0]), "--dashboard-host", "127.0.0.1",
             "--dashboard-port", str(ports[1]), "--include-dashboard", "true", "--temp-dir", self.temp, "--disable-usage-stats",
             "--ray-client-server-port", str(ports[2]), "--node-manager-port", str(ports[3]), "--object-manager-port", str(ports[4]),
             "--dashboard-agent-listen-port", str(ports[5]), "--dashboard-agent-grpc-port", str(ports[6]),
             "--metrics-export-port", str(ports[7]), "--runtime-env-agent-port", str(ports[8]), "--object-store-memory", "100000000"],
            # Not from the repository: its ray/ directory would shadow the ray package in the head's processes.
            stdout=self.log, stderr=subprocess.STDOUT, cwd=self.temp, env={**os.environ, "RAY_USAGE_STATS_ENABLED": "0"})
        self.address = f"http://127.0.0.1:{ports[1]}"

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
        self.log.close()
        shutil.rmtree(self.temp, ignore_errors=True)
