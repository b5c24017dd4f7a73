import Synchronization
@testable import Providers

/// An `HTTPTransport` that replays scripted outcomes in order and records the requests it saw.
final class ScriptedTransport: HTTPTransport {
    private let state: Mutex<(outcomes: [Result<HTTPResponseData, TransportError>], requests: [HTTPRequestSpec])>

    init(_ outcomes: [Result<HTTPResponseData, TransportError>]) {
        state = Mutex((outcomes, []))
    }

    var requests: [HTTPRequestSpec] { state.withLock { $0.requests } }

    func send(_ request: HTTPRequestSpec, timeouts: ProviderTimeouts) throws(TransportError) -> HTTPResponseData {
        let outcome = state.withLock { state -> Result<HTTPResponseData, TransportError> in
            state.requests.append(request)
            return state.outcomes.isEmpty ? .failure(.failed("script exhausted")) : state.outcomes.removeFirst()
        }
        return try outcome.get()
    }

    static func status(_ status: Int, _ body: String = "{}", headers: [String: String] = [:]) -> Result<HTTPResponseData, TransportError> {
        .success(HTTPResponseData(status: status, headers: headers, body: Array(body.utf8)))
    }

    static let chatAnswer = status(200, #"{"choices":[{"message":{"role":"assistant","content":"forty-two"}}]}"#)
}
