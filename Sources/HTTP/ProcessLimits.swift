#if canImport(Glibc)
import Glibc
#endif

/// Process-wide settings a socket server needs before its first connection.
enum ProcessLimits {
    /// A write to a closed peer must fail with EPIPE, not kill the process.
    static func ignoreSIGPIPE() {
        _ = signal(SIGPIPE, SIG_IGN)
    }

    /// Raises the soft RLIMIT_NOFILE to the hard limit and returns the soft limit now in force.
    @discardableResult
    static func raiseFileDescriptorLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return Int(clamping: limit.rlim_cur)
    }

    /// Connections are capped well below the fd limit: SQLite, logs and libdispatch (which aborts
    /// the process on EMFILE) need descriptors too.
    static func connectionCap(requested: Int, fileDescriptorLimit: Int) -> Int {
        let reserve = max(64, fileDescriptorLimit / 4)
        return max(1, min(requested, fileDescriptorLimit - reserve))
    }
}
