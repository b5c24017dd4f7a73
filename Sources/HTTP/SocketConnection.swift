#if canImport(Glibc)
import Glibc
#endif

/// An accepted TCP socket in blocking mode. Reads block for at most SO_RCVTIMEO, re-armed from
/// each read's deadline; writes block for at most SO_SNDTIMEO. Only the owning connection thread closes the fd; other
/// threads may only `interrupt()` it, so an fd number is never reused under a reader.
final class SocketConnection: ByteSource, ByteSink, @unchecked Sendable {
    let fd: Int32
    private var isClosed = false
    /// The SO_RCVTIMEO in force, in nanoseconds; 0 = never set (the kernel's "no timeout").
    private var armedReceiveTimeout: UInt64 = 0

    init(fd: Int32) {
        self.fd = fd
    }

    func receive(into buffer: UnsafeMutableRawBufferPointer, deadline: Deadline) throws -> Int {
        // A blocking recv bounded by SO_RCVTIMEO: the keep-alive wait for the next request is one
        // syscall, where try-then-poll cost three (recv EAGAIN, poll, recv) and measured ~15% of
        // the server's CPU at 64 connections. The timeout is re-armed only when it would overshoot
        // the deadline (see `armReceiveTimeout`); a wake-up before the deadline just loops.
        while true {
            let remaining = deadline.remainingNanoseconds
            let flags: Int32
            if remaining == 0 {
                flags = Int32(MSG_DONTWAIT)  // past the deadline: take what is there, never wait
            } else {
                armReceiveTimeout(remaining: remaining)
                flags = 0
            }
            let received = recv(fd, buffer.baseAddress, buffer.count, flags)
            if received >= 0 { return received }
            switch errno {
            case EAGAIN, EWOULDBLOCK:
                if remaining == 0 { throw TransportError.timedOut }
            case EINTR: continue
            case ECONNRESET, ENOTCONN, EPIPE: return 0
            default: throw TransportError.system(errno: errno)
            }
        }
    }

    /// Sets SO_RCVTIMEO to `remaining` unless the armed value is already close enough: at most
    /// `receiveTimeoutSlack(remaining)` past the deadline, and not so short that waits wake up
    /// more than about twice. Most requests therefore need no setsockopt at all.
    private func armReceiveTimeout(remaining: UInt64) {
        let armed = armedReceiveTimeout
        guard armed == 0 || armed > remaining + Self.receiveTimeoutSlack(remaining) || armed < remaining / 2 else { return }
        let micros = max(1, (remaining + 999) / 1000)  // 0 would mean "wait forever"
        var value = timeval(tv_sec: Int(micros / 1_000_000), tv_usec: Int(micros % 1_000_000))
        if setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size)) == 0 {
            armedReceiveTimeout = micros * 1000
        }
    }

    /// How far past a deadline a read may wake: 5 ms, or 1/64 of the wait for long ones
    /// (under 160 ms for the 10 s header timeout).
    static func receiveTimeoutSlack(_ remaining: UInt64) -> UInt64 {
        max(5_000_000, remaining / 64)
    }

    func send(_ bytes: UnsafeRawBufferPointer) throws {
        guard var address = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            // MSG_NOSIGNAL: a peer that went away must not raise SIGPIPE (ignored anyway, twice safe).
            let sent = Glibc.send(fd, address, remaining, Int32(MSG_NOSIGNAL))
            if sent < 0 {
                switch errno {
                case EINTR: continue
                case EAGAIN: throw TransportError.timedOut  // SO_SNDTIMEO elapsed
                case EPIPE, ECONNRESET, ENOTCONN: throw TransportError.closed
                default: throw TransportError.system(errno: errno)
                }
            }
            address += sent
            remaining -= sent
        }
    }

    /// Wakes a thread blocked on this socket (used by shutdown); safe from any thread.
    func interrupt() {
        _ = Glibc.shutdown(fd, Int32(SHUT_RDWR))
    }

    /// Sends FIN, then discards what the client still sends for a moment before closing: closing
    /// with unread input makes the kernel send RST, which can destroy the error response in flight.
    func closeGracefully(linger: Duration = .milliseconds(500), maxDiscard: Int = 256 * 1024) {
        _ = Glibc.shutdown(fd, Int32(SHUT_WR))
        let deadline = Deadline.after(linger)
        var scratch = [UInt8](repeating: 0, count: 16 * 1024)
        var discarded = 0
        while discarded < maxDiscard {
            let received = (try? scratch.withUnsafeMutableBytes { try receive(into: $0, deadline: deadline) }) ?? 0
            if received <= 0 { break }
            discarded += received
        }
        close()
    }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        _ = Glibc.close(fd)
    }
}
