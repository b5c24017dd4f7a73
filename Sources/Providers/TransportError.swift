/// Why a request produced no HTTP response at all.
public enum TransportError: Error, Sendable, Equatable {
    /// The connection could not be made or broke (worth retrying).
    case connection(String)
    /// The connect or total deadline passed (curl error 28).
    case timeout(String)
    /// Anything else curl refused (bad URL, TLS setup...): retrying will not help.
    case failed(String)
}
