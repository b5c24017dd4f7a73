import Foundation
import JSON

/// POSTs JSON to one endpoint with retries, on the executor's threads, mapping every failure to a
/// redacted `ProviderError`. Shared by the chat and embedding clients.
struct ProviderRequester: Sendable {
    let endpoint: ProviderEndpoint
    let timeouts: ProviderTimeouts
    let retry: RetryPolicy
    let transport: any HTTPTransport
    let executor: ProviderExecutor
    let metrics: ProviderMetrics

    var redactor: SecretRedactor { SecretRedactor(secrets: [endpoint.apiKey]) }

    /// The 2xx response to `POST {base}{path}` with `body`, or the last attempt's error.
    func post(path: String, body: JSONValue) throws(ProviderError) -> HTTPResponseData {
        let outcome = executor.run { [self] in postOnCurrentThread(path: path, body: body) }
        return try outcome.get()
    }

    /// The same as `post`, blocking the calling thread; for jobs already running on the executor.
    func postOnCurrentThread(path: String, body: JSONValue) -> Result<HTTPResponseData, ProviderError> {
        attempts(HTTPRequestSpec(url: endpoint.url(path), headers: headers(), body: Array(body.canonicalText.utf8)))
    }

    private func headers() -> [(name: String, value: String)] {
        var headers = [(name: "Content-Type", value: "application/json"), (name: "Accept", value: "application/json")]
        if let key = endpoint.apiKey { headers.append((name: "Authorization", value: "Bearer " + key)) }
        return headers
    }

    private func attempts(_ request: HTTPRequestSpec) -> Result<HTTPResponseData, ProviderError> {
        let started = Date()
        var attempt = 1
        while true {
            metrics.record { $0.calls += 1 }
            let outcome = classify(Result { () throws(TransportError) in try transport.send(request, timeouts: timeouts) })
            var failure: ProviderError
            switch outcome {
            case .success(let response):
                return .success(response)
            case .retry(let error, let retryAfter):
                let delay = retry.backoff(retry: attempt, retryAfter: retryAfter, unit: Double.random(in: 0...1))
                failure = error
                if retry.mayRetry(attempt: attempt, elapsed: Date().timeIntervalSince(started), delay: delay) {
                    metrics.record { $0.retries += 1 }
                    Thread.sleep(forTimeInterval: delay)
                    attempt += 1
                    continue
                }
            case .fail(let error):
                failure = error
            }
            metrics.record { $0.failures += 1 }
            return .failure(redactor.redact(failure))
        }
    }

    private enum Outcome {
        case success(HTTPResponseData)
        case retry(ProviderError, retryAfter: Double?)
        case fail(ProviderError)
    }

    private func classify(_ result: Result<HTTPResponseData, TransportError>) -> Outcome {
        switch result {
        case .failure(.connection(let message)): return .retry(.unreachable(message: message), retryAfter: nil)
        case .failure(.timeout(let message)): return .fail(.timeout(message: message))
        case .failure(.failed(let message)): return .fail(.unreachable(message: message))
        case .success(let response) where (200...299).contains(response.status):
            return .success(response)
        case .success(let response):
            let error = ProviderError.upstreamStatus(status: response.status, message: UpstreamErrorBody.message(response.body, redactor: redactor))
            guard RetryPolicy.isRetryable(status: response.status) else { return .fail(error) }
            return .retry(error, retryAfter: response.header("retry-after").flatMap { RetryAfter.seconds($0) })
        }
    }
}
