/// Sends one request and blocks until the response or an error. A protocol so that the clients'
/// retry and parsing logic can be tested without sockets.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequestSpec, timeouts: ProviderTimeouts) throws(TransportError) -> HTTPResponseData
}
