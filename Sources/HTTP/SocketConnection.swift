#if canImport(Glibc)
import Glibc
#endif

/// An accepted TCP socket in blocking mode. Reads wait with poll so every read has a deadline;
/// writes block for at most SO_SNDTIMEO. Only the owning connection thread closes the fd; other
/// threads may only `interrupt()` it, so an fd number is never reused under a reader.
final class SocketConnection: ByteSource, ByteSink, @unchecked Sendable {
    let fd: Int32
    private var isClosed = false

    init(fd: Int32) {
        self.fd = fd
    }

    func receive(into buffer: UnsafeMutableRawBufferPointer, deadline: Deadline) throws -> Int {
        // Try first, poll only when nothing is there: under load the bytes usually are, and the
        // skipped poll is one syscall less per request.
        var mayPoll = false
        while true {
            if mayPoll {
                var pollDescriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let ready = poll(&pollDescriptor, 1, Int32(deadline.remainingMilliseconds))
                if ready < 0 {
                    if errno == EINTR { continue }
                    throw TransportError.system(errno: errno)
                }
                if ready == 0 { throw TransportError.timedOut }
            }
            let received = recv(fd, buffer.baseAddress, buffer.count, Int32(MSG_DONTWAIT))
            if received >= 0 { return received }
            switch errno {
            case EAGAIN, EWOULDBLOCK: mayPoll = true
            case EINTR: continue
            case ECONNRESET, ENOTCONN, EPIPE: return 0
            default: throw TransportError.system(errno: errno)
            }
        }
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
