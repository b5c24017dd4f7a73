#if canImport(Glibc)
import Glibc
#endif

/// A bound, listening TCP socket (IPv4 or IPv6, whatever `host` resolves to first).
final class ListeningSocket: @unchecked Sendable {
    let fd: Int32
    let port: Int

    init(host: String, port: Int, backlog: Int) throws(HTTPServerError) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var results: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &results)
        guard status == 0, let first = results else {
            throw HTTPServerError.cannotResolve(host: host, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(results) }
        let fd = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard fd >= 0 else { throw HTTPServerError.system(call: "socket", errno: errno) }
        SocketOptions.setCloseOnExec(fd)
        SocketOptions.setFlag(fd, level: SOL_SOCKET, option: SO_REUSEADDR)
        guard bind(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
            let code = errno
            _ = Glibc.close(fd)
            throw HTTPServerError.system(call: "bind", errno: code)
        }
        guard listen(fd, Int32(clamping: backlog)) == 0 else {
            let code = errno
            _ = Glibc.close(fd)
            throw HTTPServerError.system(call: "listen", errno: code)
        }
        self.fd = fd
        self.port = Self.boundPort(fd)
    }

    private static func boundPort(_ fd: Int32) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) == 0 }
        }
        guard ok else { return 0 }
        let family = storage.ss_family
        return withUnsafePointer(to: &storage) { pointer in
            if family == sa_family_t(AF_INET6) {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
        }
    }

    /// Blocks for the next connection. nil once the socket was shut down; EMFILE and friends are
    /// survived by pausing, never by crashing.
    func accept() -> Int32? {
        while true {
            let client = Glibc.accept(fd, nil, nil)
            if client >= 0 { return client }
            switch errno {
            case EINTR, ECONNABORTED, EPROTO: continue
            case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                usleep(10_000)
                continue
            default: return nil
            }
        }
    }

    /// Wakes a blocked accept (it then fails with EINVAL) and releases the port.
    func stop() {
        _ = Glibc.shutdown(fd, Int32(SHUT_RDWR))
    }

    func close() {
        _ = Glibc.close(fd)
    }
}
