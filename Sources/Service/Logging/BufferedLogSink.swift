import Foundation

/// Collects log lines in memory and writes them to a file descriptor in batches, from its own
/// thread: a request never waits on a synchronous write (the access log is on the hot path).
/// Lines are flushed every `interval`, when the buffer passes `flushBytes`, and on `flush()`.
public final class BufferedLogSink: Sendable {
    private struct State {
        var buffer: [UInt8] = []
        var stopped = false
    }

    private let state = Locked(State())
    private let fd: Int32
    private let flushBytes: Int
    private let wake = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)

    public init(fd: Int32 = STDERR_FILENO, interval: Double = 0.1, flushBytes: Int = 64 << 10) {
        self.fd = fd
        self.flushBytes = flushBytes
        let thread = Thread { [self] in
            // Two buffers swapped under the lock: appends never wait for the write, and neither
            // buffer is reallocated (a copy-on-write of the shared one did that every flush).
            var spare: [UInt8] = []
            while true {
                _ = self.wake.wait(timeout: .now() + interval)
                let stopped = self.state.withLock { s -> Bool in
                    swap(&s.buffer, &spare)
                    return s.stopped
                }
                self.writeAll(spare)
                spare.removeAll(keepingCapacity: true)
                if stopped { self.done.signal(); return }
            }
        }
        thread.name = "shortlist-log"
        thread.start()
    }

    public func append(_ line: String) {
        append(line: Array(line.utf8))
    }

    /// Appends one line (its bytes, without the newline).
    public func append(line: [UInt8]) {
        let needsFlush = state.withLock { s -> Bool in
            s.buffer.append(contentsOf: line)
            s.buffer.append(0x0A)
            return s.buffer.count >= flushBytes
        }
        if needsFlush { wake.signal() }
    }

    /// Writes what is buffered now (synchronously, from the caller's thread).
    public func flush() {
        let bytes = state.withLock { s -> [UInt8] in
            let b = s.buffer
            s.buffer.removeAll(keepingCapacity: true)
            return b
        }
        writeAll(bytes)
    }

    /// Flushes and stops the writer thread.
    public func close() {
        let already = state.withLock { s -> Bool in
            defer { s.stopped = true }
            return s.stopped
        }
        guard !already else { return }
        wake.signal()
        done.wait()
    }

    private func writeAll(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        bytes.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count {
                let n = write(fd, raw.baseAddress! + off, raw.count - off)
                if n <= 0 {
                    if n < 0 && errno == EINTR { continue }
                    return
                }
                off += n
            }
        }
    }
}
