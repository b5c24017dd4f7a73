import Foundation

/// OpenAI-compatible `POST {base}/chat/completions`, non-streaming, cached by request.
/// Blocking: call it from a request or job thread; the upstream call itself runs on the executor.
public struct ChatClient: Sendable {
    public let endpoint: ProviderEndpoint
    private let requester: ProviderRequester
    private let cache: (any ProviderCache)?

    public init(endpoint: ProviderEndpoint, timeouts: ProviderTimeouts = ProviderTimeouts(),
                retry: RetryPolicy = RetryPolicy(), cache: (any ProviderCache)? = nil,
                executor: ProviderExecutor, metrics: ProviderMetrics = ProviderMetrics(),
                transport: any HTTPTransport = CurlTransport()) {
        self.endpoint = endpoint
        self.cache = cache
        self.requester = ProviderRequester(endpoint: endpoint, timeouts: timeouts, retry: retry, transport: transport,
                                           executor: executor, metrics: metrics)
    }

    public func complete(_ request: ChatRequest) throws(ProviderError) -> ChatResult {
        try request.validate()
        let body = request.body(model: endpoint.model)
        let key = ProviderCacheKey.key(request: body, baseURL: endpoint.baseURL)
        if let cached = cache?.get(key) {
            requester.metrics.record { $0.cacheHits += 1 }
            return ChatResult(content: String(decoding: cached, as: UTF8.self), cacheHit: true)
        }
        if cache != nil { requester.metrics.record { $0.cacheMisses += 1 } }
        let response = try requester.post(path: "/chat/completions", body: body)
        let result = try Self.firstChoice(response.body)
        cache?.put(key, kind: "chat", value: Array(result.content.utf8))
        return result
    }

    /// One user message with the given prompt.
    public func complete(prompt: String, maxTokens: Int? = 300, stop: [String] = []) throws(ProviderError) -> ChatResult {
        try complete(ChatRequest(messages: [.user(prompt)], maxTokens: maxTokens, stop: stop))
    }

    /// The first choice's content and the reported usage of a completion body.
    static func firstChoice(_ body: [UInt8]) throws(ProviderError) -> ChatResult {
        let decoded: CompletionResponse
        do {
            decoded = try JSONDecoder().decode(CompletionResponse.self, from: Data(body))
        } catch {
            throw .invalidResponse(message: "chat completion is not the expected JSON")
        }
        guard let first = decoded.choices.first else { throw .invalidResponse(message: "chat completion has no choices") }
        guard let content = first.message.content else {
            throw .invalidResponse(message: "chat completion's first choice has no content")
        }
        return ChatResult(content: content, cacheHit: false, promptTokens: decoded.usage?.promptTokens,
                          completionTokens: decoded.usage?.completionTokens)
    }

    private struct CompletionResponse: Decodable {
        struct Usage: Decodable {
            var promptTokens: Int?
            var completionTokens: Int?
            enum CodingKeys: String, CodingKey {
                case promptTokens = "prompt_tokens", completionTokens = "completion_tokens"
            }
        }
        struct Choice: Decodable {
            struct Message: Decodable { var content: String? }
            var message: Message
        }
        var choices: [Choice]
        var usage: Usage?
    }
}
