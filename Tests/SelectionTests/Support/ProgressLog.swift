import Synchronization

/// Collects progress reports (thread-safe: the control's callback is @Sendable).
final class ProgressLog: Sendable {
    struct Entry: Sendable, Equatable {
        let stage: String
        let done: Int
        let total: Int
    }

    private let storage = Mutex<[Entry]>([])

    func record(_ stage: String, _ done: Int, _ total: Int) {
        storage.withLock { $0.append(Entry(stage: stage, done: done, total: total)) }
    }

    var entries: [Entry] { storage.withLock { $0 } }
}
