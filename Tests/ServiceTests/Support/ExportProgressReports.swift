import Foundation

/// Progress reports from the export's threads, in the order they arrived.
final class Reports: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [(stage: String, done: Int, total: Int)] = []
    func add(_ stage: String, _ done: Int, _ total: Int) { lock.withLock { stored.append((stage, done, total)) } }
    var all: [(stage: String, done: Int, total: Int)] { lock.withLock { stored } }
}
