/// Told about every response the server writes. Called on connection threads, concurrently:
/// implementations must be thread-safe and quick (buffer logs, bump counters).
public protocol HTTPObserver: Sendable {
    func requestCompleted(_ record: HTTPRequestRecord)
}
