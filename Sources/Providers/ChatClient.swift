import Foundation

/// OpenAI-compatible `POST {base}/chat/completions`, non-streaming, cached by request.
/// Blocking: call it from a request or job thread; the upstream call itself runs on the executor.
public struct ChatClient: Sendable {
    public let endpoint: ProviderEndpoint
    /// Temperature and token limit of `complete(prompt:stop:)`.
    public let firstQuery: ChatRequest.FirstQuery
    private let requester: ProviderRequester
    private let cache: (any ProviderCache)?

    public init(endpoint: ProviderEndpoint, timeouts: ProviderTimeouts = ProviderTimeouts(),
                retry: RetryPolicy = RetryPolicy(), firstQuery: ChatRequest.FirstQuery = ChatRequest.FirstQuery(),
                cache: (any ProviderCache)? = nil, executor: ProviderExecutor, metrics: ProviderMetrics = ProviderMetrics(),
                transport: any HTTPTransport = CurlTransport()) {
        self.endpoint = endpoint
        self.firstQuery = firstQuery
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
        let content = try Self.firstContent(response.body)
        cache?.put(key, kind: "chat", value: Array(content.utf8))
        return ChatResult(content: content, cacheHit: false)
    }

    /// One user message with the given prompt, sampled as `firstQuery` says.
    public func complete(prompt: String, stop: [String] = []) throws(ProviderError) -> ChatResult {
        try complete(ChatRequest(messages: [.user(prompt)], temperature: firstQuery.temperature, maxTokens: firstQuery.maxTokens, stop: stop))
    }

    static func firstContent(_ body: [UInt8]) throws(ProviderError) -> String {
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
        return content
    }

    private struct CompletionResponse: Decodable {
        struct Choice: Decodable {
            struct Message: Decodable { var content: String? }
            var message: Message
        }
        var choices: [Choice]
    }
}
