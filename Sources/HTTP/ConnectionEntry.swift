import Synchronization

/// A registered connection and whether it is serving a request. The flag is atomic so the
/// per-request idle/busy transitions take no lock.
final class ConnectionEntry: Sendable {
    let socket: SocketConnection
    let busy = Atomic<Bool>(false)

    init(socket: SocketConnection) {
        self.socket = socket
    }
}
