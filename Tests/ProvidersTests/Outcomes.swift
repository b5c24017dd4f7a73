import Foundation

/// Results written by many threads, waited for by the test.
final class Outcomes: @unchecked Sendable {
    // `storage` and `remaining` are guarded by `condition`.
    private let condition = NSCondition()
    private var storage: [String?]
    private var remaining: Int

    init(count: Int) {
        storage = Array(repeating: nil, count: count)
        remaining = count
    }

    func set(_ index: Int, _ value: String?) {
        condition.lock()
        storage[index] = value
        remaining -= 1
        condition.broadcast()
        condition.unlock()
    }

    func waitForAll() {
        condition.lock()
        while remaining > 0 { condition.wait() }
        condition.unlock()
    }

    var values: [String?] {
        condition.lock()
        defer { condition.unlock() }
        return storage
    }
}
