import Foundation

/// The memory all collected request bodies may take at once, over every connection. A body is
/// charged `charge(forBodyBytes:)`, its bytes and about half again for what they parse into (a
/// JSON float array decodes into 4 bytes per number, written with 8 or more characters), before
/// any of it is read; over the limit it waits up to `wait` for other requests to finish, then is
/// refused with 503 and `Retry-After`. Bodies read as a stream (`read(upTo:)`) are not charged:
/// they never sit in memory whole.
public final class RequestBodyBudget: @unchecked Sendable {
    public let limit: Int
    let wait: Duration
    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var charged = 0

    public init(limit: Int, wait: Duration) {
        self.limit = limit
        self.wait = wait
    }

    /// What a collected body of `bytes` bytes is charged.
    public static func charge(forBodyBytes bytes: Int) -> Int {
        bytes > Int.max / 2 ? Int.max : bytes + bytes / 2
    }

    /// The bytes charged right now.
    public var inUse: Int {
        condition.lock()
        defer { condition.unlock() }
        return charged
    }

    /// Takes `amount` from the budget, waiting for releases up to `wait`; false if they never
    /// left room.
    func reserve(_ amount: Int) -> Bool {
        let deadline = Date(timeIntervalSinceNow: Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18)
        condition.lock()
        defer { condition.unlock() }
        while charged > limit - amount {
            if !condition.wait(until: deadline) && charged > limit - amount { return false }
        }
        charged += amount
        return true
    }

    func release(_ amount: Int) {
        guard amount > 0 else { return }
        condition.lock()
        charged -= amount
        condition.broadcast()
        condition.unlock()
    }
}
