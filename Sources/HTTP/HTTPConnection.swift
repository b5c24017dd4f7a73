/// One client connection, served start to end on its own thread: read a head, route, run the
/// handler (which may block), write the answer, repeat while keep-alive holds. Confined to that
/// thread, hence @unchecked Sendable.
final class HTTPConnection: @unchecked Sendable {
    let socket: SocketConnection
    let sink: any ByteSink
    let input: InputBuffer
    let id: UInt64
    let entry: ConnectionEntry
    let configuration: HTTPServerConfiguration
    let router: Router
    let observer: (any HTTPObserver)?
    let errorResponder: HTTPErrorResponder
    let registry: ConnectionRegistry
    let bodyBudget: RequestBodyBudget
    var requestIDs = RequestIDGenerator()
    private let acceptedAt = Deadline.now()

    init(
        socket: SocketConnection, id: UInt64, entry: ConnectionEntry, configuration: HTTPServerConfiguration, router: Router,
        observer: (any HTTPObserver)?, errorResponder: @escaping HTTPErrorResponder, registry: ConnectionRegistry,
        bodyBudget: RequestBodyBudget
    ) {
        self.socket = socket
        self.sink = socket
        self.input = InputBuffer(source: socket)
        self.id = id
        self.entry = entry
        self.configuration = configuration
        self.router = router
        self.observer = observer
        self.errorResponder = errorResponder
        self.registry = registry
        self.bodyBudget = bodyBudget
    }

    func run() {
        var gracefulClose = false
        var isFirstRequest = true
        while let started = awaitRequest(isFirst: isFirstRequest) {
            let outcome = serveOne(started: started, headDeadline: (isFirstRequest ? acceptedAt : started).adding(configuration.headerTimeout))
            isFirstRequest = false
            if outcome != .keepAlive {
                gracefulClose = outcome == .closeGracefully
                break
            }
        }
        registry.unregister(id)
        if gracefulClose { socket.closeGracefully() } else { socket.close() }
    }

    enum Outcome: Equatable {
        case keepAlive
        case close
        /// An error answer was sent while the client may still be sending: linger before closing.
        case closeGracefully
    }

    /// Waits for the first byte of the next request; nil when the connection should end quietly
    /// (EOF, idle timeout, shutdown).
    private func awaitRequest(isFirst: Bool) -> Deadline? {
        if !input.isEmpty { return registry.markBusy(entry) ? Deadline.now() : nil }
        guard registry.markIdle(entry) else { return nil }
        let deadline = isFirst ? acceptedAt.adding(configuration.headerTimeout) : Deadline.after(configuration.idleTimeout)
        guard (try? input.fill(deadline: deadline)) == true else { return nil }
        return registry.markBusy(entry) ? Deadline.now() : nil
    }
}
