"""What the test stubs (stub_llm.py, stub_ray.py) share: serving a handler on a port, printing
the port first (for `--port 0`), and exiting when stdin closes (`--exit-on-stdin-eof`), so a
crashed test run leaves no stub behind."""
import os
import signal
import sys
import threading
from http.server import ThreadingHTTPServer


def serve(handler, host, port, exit_on_stdin_eof):
    # A parent that blocks signals in its threads (libdispatch does) passes the mask on: undo it so
    # SIGTERM works.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if exit_on_stdin_eof:
        threading.Thread(target=lambda: (sys.stdin.buffer.read(), os._exit(0)), daemon=True).start()
    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer.request_queue_size = 256
    server = ThreadingHTTPServer((host, port), handler)
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
