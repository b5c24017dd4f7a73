import Foundation
import Storage

/// Stops a job's block reads on all its connections. `sqlite3_interrupt` stops the statements
/// running at the time and is a no-op on a connection between statements, which is where a
/// companion reading row ranges often is; the flag makes every range read that starts afterwards
/// fail the same way (SQLITE_INTERRUPT).
final class ReadInterruption: @unchecked Sendable {
    let connections: [Database]
    private let lock = NSLock()
    private var interrupted = false

    init(connections: [Database]) { self.connections = connections }

    func interrupt() {
        lock.withLock { interrupted = true }
        connections.forEach { $0.interrupt() }
    }

    /// Throws SQLITE_INTERRUPT once `interrupt()` was called.
    func check() throws {
        guard lock.withLock({ interrupted }) else { return }
        throw SQLiteError(extendedCode: SQLiteResultCode.interrupt, message: "interrupted", operation: "step")
    }
}
