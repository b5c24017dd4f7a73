import Foundation

/// A one-shot value handed from a pool thread to the waiting caller.
final class ResultBox<T: Sendable>: @unchecked Sendable {
    // `value` is written once under `condition` and read after the wait under it.
    private let condition = NSCondition()
    private var value: T?

    func set(_ newValue: T) {
        condition.lock()
        value = newValue
        condition.signal()
        condition.unlock()
    }

    func wait() -> T {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let value { return value }
            condition.wait()
        }
    }
}
