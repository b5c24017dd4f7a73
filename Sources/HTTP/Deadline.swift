#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A point on the monotonic clock; poll timeouts are derived from it so retries never extend it.
struct Deadline: Comparable, Sendable {
    let nanoseconds: UInt64

    static func now() -> Deadline {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Deadline(nanoseconds: UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec))
    }

    static func after(_ duration: Duration) -> Deadline {
        now().adding(duration)
    }

    func adding(_ duration: Duration) -> Deadline {
        let (seconds, attoseconds) = duration.components
        let ns = max(0, seconds) * 1_000_000_000 + max(0, attoseconds) / 1_000_000_000
        return Deadline(nanoseconds: nanoseconds &+ UInt64(ns))
    }

    /// Nanoseconds left; 0 if past.
    var remainingNanoseconds: UInt64 {
        let now = Deadline.now().nanoseconds
        return nanoseconds > now ? nanoseconds - now : 0
    }

    func seconds(since start: Deadline) -> Double {
        Double(nanoseconds &- start.nanoseconds) / 1e9
    }

    static func < (lhs: Deadline, rhs: Deadline) -> Bool { lhs.nanoseconds < rhs.nanoseconds }
}
