#if canImport(Glibc)
import Glibc
#endif

/// setsockopt/fcntl helpers for the listening and accepted sockets.
enum SocketOptions {
    static func setFlag(_ fd: Int32, level: Int32, option: Int32) {
        var one: Int32 = 1
        _ = setsockopt(fd, level, option, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    static func setSendTimeout(_ fd: Int32, _ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        var value = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    /// accept4 is not visible from Glibc in Swift, so close-on-exec is set afterwards.
    static func setCloseOnExec(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFD)
        if flags >= 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
    }

    static func configureAccepted(_ fd: Int32, sendTimeout: Duration) {
        setCloseOnExec(fd)
        setFlag(fd, level: Int32(IPPROTO_TCP), option: TCP_NODELAY)
        setSendTimeout(fd, sendTimeout)
    }
}
