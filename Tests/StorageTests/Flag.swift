import Foundation

/// A thread-safe boolean for test threads (NSLock-guarded, hence `@unchecked Sendable`).
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
