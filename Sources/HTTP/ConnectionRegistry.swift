import Synchronization

/// The open connections and whether each is between requests, so shutdown can close idle ones at
/// once and let busy ones finish. Sockets are unregistered before their owner closes them, and
/// interrupted only under the lock, so an interrupt can never hit a reused fd number.
final class ConnectionRegistry: Sendable {
    private struct State {
        var sockets: [UInt64: SocketConnection] = [:]
        var busy: Set<UInt64> = []
        var draining = false
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    var count: Int { state.withLock { $0.sockets.count } }
    var isDraining: Bool { state.withLock { $0.draining } }

    /// nil when the cap is reached or the server is shutting down.
    func register(_ socket: SocketConnection, cap: Int) -> UInt64? {
        state.withLock { state in
            guard !state.draining, state.sockets.count < cap else { return nil }
            state.nextID += 1
            state.sockets[state.nextID] = socket
            return state.nextID
        }
    }

    func unregister(_ id: UInt64) {
        state.withLock { state in
            state.sockets[id] = nil
            state.busy.remove(id)
        }
    }

    /// Returns false when shutdown has begun: the caller should close instead of waiting.
    func markIdle(_ id: UInt64) -> Bool {
        state.withLock { state in
            state.busy.remove(id)
            return !state.draining
        }
    }

    /// Returns false when shutdown began while the connection was idle.
    func markBusy(_ id: UInt64) -> Bool {
        state.withLock { state in
            guard !state.draining else { return false }
            state.busy.insert(id)
            return true
        }
    }

    /// Refuses new work and wakes every idle connection so it closes.
    func beginDraining() {
        state.withLock { state in
            state.draining = true
            for (id, socket) in state.sockets where !state.busy.contains(id) { socket.interrupt() }
        }
    }

    /// After the grace period: wake everything still open, busy or not.
    func interruptAll() {
        state.withLock { state in
            for socket in state.sockets.values { socket.interrupt() }
        }
    }
}
