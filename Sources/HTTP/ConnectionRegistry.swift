import Synchronization

/// The open connections, so shutdown can close idle ones at once and let busy ones finish.
/// The lock is taken only on connect, disconnect and shutdown; per request, connections flip an
/// atomic flag and read the atomic `draining`. Both sides store, then load, with sequential
/// consistency, so either shutdown sees a connection busy or the connection sees the drain.
/// Sockets are unregistered before their owner closes them, and interrupted only under the lock,
/// so an interrupt can never hit a reused fd number.
final class ConnectionRegistry: Sendable {
    private struct State {
        var entries: [UInt64: ConnectionEntry] = [:]
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())
    private let draining = Atomic<Bool>(false)
    private let openCount = Atomic<Int>(0)

    var count: Int { openCount.load(ordering: .relaxed) }
    var isDraining: Bool { draining.load(ordering: .sequentiallyConsistent) }

    /// nil when the cap is reached or the server is shutting down.
    func register(_ socket: SocketConnection, cap: Int) -> (id: UInt64, entry: ConnectionEntry)? {
        state.withLock { state in
            guard !isDraining, state.entries.count < cap else { return nil }
            state.nextID += 1
            let entry = ConnectionEntry(socket: socket)
            state.entries[state.nextID] = entry
            openCount.store(state.entries.count, ordering: .relaxed)
            return (state.nextID, entry)
        }
    }

    func unregister(_ id: UInt64) {
        state.withLock { state in
            state.entries[id] = nil
            openCount.store(state.entries.count, ordering: .relaxed)
        }
    }

    /// Returns false when shutdown has begun: the caller should close instead of waiting.
    func markIdle(_ entry: ConnectionEntry) -> Bool {
        entry.busy.store(false, ordering: .sequentiallyConsistent)
        return !isDraining
    }

    /// Returns false when shutdown began while the connection was idle.
    func markBusy(_ entry: ConnectionEntry) -> Bool {
        entry.busy.store(true, ordering: .sequentiallyConsistent)
        return !isDraining
    }

    /// Refuses new work and wakes every idle connection so it closes.
    func beginDraining() {
        draining.store(true, ordering: .sequentiallyConsistent)
        state.withLock { state in
            for entry in state.entries.values where !entry.busy.load(ordering: .sequentiallyConsistent) {
                entry.socket.interrupt()
            }
        }
    }

    /// After the grace period: wake everything still open, busy or not.
    func interruptAll() {
        state.withLock { state in
            for entry in state.entries.values { entry.socket.interrupt() }
        }
    }
}
