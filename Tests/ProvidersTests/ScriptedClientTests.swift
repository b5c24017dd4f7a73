import Foundation
import Testing
@testable import Providers

/// Retry and parsing behaviour against scripted responses: no sockets, no waiting.
struct ScriptedClientTests {
    let fastRetry = RetryPolicy(baseDelaySeconds: 0.001, maxDelaySeconds: 0.002)
    let endpoint = ProviderEndpoint(baseURL: "http://upstream.test/v1/", model: "m", apiKey: "sk-scripted-secret")

    func chat(_ transport: ScriptedTransport, cache: (any ProviderCache)? = nil) -> ChatClient {
        ChatClient(endpoint: endpoint, retry: fastRetry, cache: cache, executor: ProviderExecutor(maxConcurrent: 2), transport: transport)
    }

    @Test func complete_SendsTheOpenAIRequest_WithBearerKey() throws {
        let transport = ScriptedTransport([ScriptedTransport.chatAnswer])
        let result = try chat(transport).complete(ChatRequest(messages: [.user("hi")], seed: 7, stop: ["\nQuestion:"]))
        #expect(result == ChatResult(content: "forty-two", cacheHit: false))
        let request = try #require(transport.requests.first)
        #expect(request.url == "http://upstream.test/v1/chat/completions")
        #expect(request.headers.contains { $0.name == "Authorization" && $0.value == "Bearer sk-scripted-secret" })
        let body = try #require(JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
        #expect(body["model"] as? String == "m")
        #expect(body["stream"] as? Bool == false)
        #expect(body["seed"] as? Int == 7)
        #expect(body["max_tokens"] as? Int == 300)
        #expect(body["temperature"] as? Int == 0)
        #expect(body["stop"] as? [String] == ["\nQuestion:"])
    }

    @Test func complete_Retries503_ThenSucceeds() throws {
        let transport = ScriptedTransport([ScriptedTransport.status(503), ScriptedTransport.chatAnswer])
        #expect(try chat(transport).complete(prompt: "q").content == "forty-two")
        #expect(transport.requests.count == 2)
    }

    @Test func complete_RetriesConnectionErrors_AtMostThreeAttempts() {
        let transport = ScriptedTransport(Array(repeating: .failure(.connection("refused")), count: 5))
        #expect(throws: ProviderError.unreachable(message: "refused")) { try chat(transport).complete(prompt: "q") }
        #expect(transport.requests.count == 3)
    }

    @Test func complete_DoesNotRetry4xx_AndCarriesTheUpstreamStatusAndMessage() {
        let transport = ScriptedTransport([ScriptedTransport.status(401, #"{"error":{"message":"bad key"}}"#)])
        #expect(throws: ProviderError.upstreamStatus(status: 401, message: "bad key")) { try chat(transport).complete(prompt: "q") }
        #expect(transport.requests.count == 1)
    }

    @Test func complete_DoesNotRetryTimeouts() {
        let transport = ScriptedTransport([.failure(.timeout("28")), ScriptedTransport.chatAnswer])
        #expect(throws: ProviderError.timeout(message: "28")) { try chat(transport).complete(prompt: "q") }
        #expect(transport.requests.count == 1)
    }

    @Test(arguments: ["not json", #"{"choices":[]}"#, #"{"choices":[{"message":{"content":null}}]}"#])
    func complete_ReportsUnusableBodies_AsInvalidResponse(body: String) {
        let transport = ScriptedTransport([ScriptedTransport.status(200, body)])
        #expect {
            try chat(transport).complete(prompt: "q")
        } throws: { error in
            guard case .invalidResponse = error as? ProviderError else { return false }
            return (error as? ProviderError)?.httpStatus == 502
        }
    }

    @Test func complete_RedactsTheKey_WhenUpstreamEchoesIt() {
        let transport = ScriptedTransport([ScriptedTransport.status(400, "you sent Bearer sk-scripted-secret, which is wrong")])
        #expect(throws: ProviderError.upstreamStatus(status: 400, message: "you sent Bearer [redacted], which is wrong")) {
            try chat(transport).complete(prompt: "q")
        }
    }

    @Test func complete_RejectsBadParameters_NamingThem() {
        let client = chat(ScriptedTransport([]))
        #expect(throws: ProviderError.invalidRequest(parameter: "temperature", message: "must be between 0 and 2")) {
            try client.complete(ChatRequest(messages: [.user("q")], temperature: -1))
        }
        #expect(throws: ProviderError.invalidRequest(parameter: "messages", message: "at least one message is required")) {
            try client.complete(ChatRequest(messages: []))
        }
    }

    @Test func complete_AnswersFromTheCache_OnARepeatedRequest() throws {
        let transport = ScriptedTransport([ScriptedTransport.chatAnswer])
        let cache = InMemoryProviderCache()
        let client = chat(transport, cache: cache)
        #expect(try client.complete(prompt: "q").cacheHit == false)
        #expect(try client.complete(prompt: "q") == ChatResult(content: "forty-two", cacheHit: true))
        #expect(transport.requests.count == 1 && cache.count(kind: "chat") == 1)
    }

    @Test func embed_RejectsMissingRepeatedOrMisSizedEmbeddings() {
        let bodies = [
            #"{"data":[{"index":0,"embedding":[1,2]},{"index":0,"embedding":[1,2]}]}"#,
            #"{"data":[{"index":0,"embedding":[1,2]},{"index":2,"embedding":[1,2]}]}"#,
            #"{"data":[{"index":0,"embedding":[1,2]},{"index":1,"embedding":[1,2,3]}]}"#,
            #"{"data":[{"index":0,"embedding":[1,2]}]}"#,
            #"{"data":[{"index":0,"embedding":"AAA"},{"index":1,"embedding":"AAA"}]}"#,
        ]
        for body in bodies {
            let client = EmbeddingClient(endpoint: endpoint, retry: fastRetry, executor: ProviderExecutor(maxConcurrent: 2),
                                         transport: ScriptedTransport([ScriptedTransport.status(200, body)]))
            #expect(throws: ProviderError.self, "\(body)") { try client.embed(["a", "b"]) }
        }
    }

    @Test func embed_ChecksTheConfiguredDimension() {
        let client = EmbeddingClient(endpoint: endpoint, expectedDimension: 3, retry: fastRetry, executor: ProviderExecutor(maxConcurrent: 2),
                                     transport: ScriptedTransport([ScriptedTransport.status(200, #"{"data":[{"index":0,"embedding":[1,2]}]}"#)]))
        #expect(throws: ProviderError.invalidResponse(message: "embedding 0 has 2 dimensions, expected 3")) { try client.embed(["a"]) }
    }
}

struct ProviderMetricsTests {
    @Test func metrics_CountCallsRetriesFailuresAndCacheUse() throws {
        let metrics = ProviderMetrics()
        let transport = ScriptedTransport([ScriptedTransport.status(502), ScriptedTransport.chatAnswer, ScriptedTransport.status(404)])
        let client = ChatClient(endpoint: ProviderEndpoint(baseURL: "http://x/v1", model: "m"), retry: RetryPolicy(baseDelaySeconds: 0.001),
                                cache: InMemoryProviderCache(), executor: ProviderExecutor(maxConcurrent: 1), metrics: metrics,
                                transport: transport)
        _ = try client.complete(prompt: "first")
        _ = try client.complete(prompt: "first")
        #expect(throws: ProviderError.self) { try client.complete(prompt: "second") }
        let expected = ProviderMetrics.Snapshot(calls: 3, retries: 1, failures: 1, cacheHits: 1, cacheMisses: 2)
        #expect(metrics.snapshot == expected)
    }
}
