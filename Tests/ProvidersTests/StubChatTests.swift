import Foundation
import Testing
@testable import Providers
import TestSupport

/// The chat client against scripts/stub_llm.py over real sockets.
@Suite struct StubChatTests {
    let executor = ProviderExecutor(maxConcurrent: 64)
    let fastRetry = RetryPolicy(baseDelaySeconds: 0.01, maxDelaySeconds: 0.02, retryAfterCapSeconds: 5)

    func client(_ stub: StubLLM, apiKey: String? = nil, totalMilliseconds: Int = 10_000, retry: RetryPolicy? = nil,
                cache: (any ProviderCache)? = nil) -> ChatClient {
        ChatClient(endpoint: stub.endpoint(apiKey: apiKey), timeouts: ProviderTimeouts(totalMilliseconds: totalMilliseconds),
                   retry: retry ?? fastRetry, cache: cache, executor: executor)
    }

    @Test func complete_ReturnsTheStubsCannedChainOfThought_CutAtTheStopSequence() throws {
        let stub = try StubLLM()
        let result = try client(stub).complete(prompt: "Question: 2+2?\nA: Let's think step by step.", stop: ["\nQuestion:"])
        #expect(result.content.hasPrefix("The question has 8 words"))
        #expect(result.content.hasSuffix("."))
        #expect(!result.content.contains("Question:"))
        #expect(try client(stub).complete(prompt: "another").content != result.content)
    }

    @Test func complete_IsAnsweredFromTheCache_WithoutCallingUpstreamAgain() throws {
        let stub = try StubLLM()
        let client = client(stub, cache: InMemoryProviderCache())
        let first = try client.complete(prompt: "cached question")
        let second = try client.complete(prompt: "cached question")
        #expect(!first.cacheHit && second.cacheHit && first.content == second.content)
        #expect(try stub.count("chat") == 1)
    }

    @Test func complete_Fails502_After3Attempts_WhenUpstreamKeepsReturning500() throws {
        let stub = try StubLLM(["--mode", "500"])
        #expect(throws: ProviderError.upstreamStatus(status: 500, message: "stub internal error")) {
            try client(stub).complete(prompt: "q")
        }
        #expect(try stub.count("chat") == 3)
    }

    @Test func complete_WaitsForRetryAfter_ThenSucceeds() throws {
        let stub = try StubLLM(["--mode", "429", "--retry-after", "1", "--fail-times", "1"])
        let started = Date()
        #expect(try client(stub).complete(prompt: "q").content.contains("The answer is"))
        // The jittered backoff is at most 20 ms, so only Retry-After explains a wait near 1 s.
        #expect(Date().timeIntervalSince(started) >= 0.9)
        #expect(try stub.count("chat") == 2)
    }

    @Test func complete_CapsRetryAfter() throws {
        let stub = try StubLLM(["--mode", "429", "--retry-after", "3600"])
        let retry = RetryPolicy(baseDelaySeconds: 0.01, retryAfterCapSeconds: 0.05)
        let started = Date()
        #expect(throws: ProviderError.upstreamStatus(status: 429, message: "rate limited")) {
            try client(stub, retry: retry).complete(prompt: "q")
        }
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(try stub.count("chat") == 3)
    }

    @Test func complete_ReportsMalformedJSON_AsInvalidResponse_WithoutRetrying() throws {
        let stub = try StubLLM(["--mode", "malformed"])
        #expect(throws: ProviderError.invalidResponse(message: "chat completion is not the expected JSON")) {
            try client(stub).complete(prompt: "q")
        }
        #expect(try stub.count("chat") == 1)
    }

    @Test func complete_TimesOut504_WhenUpstreamIsSlowerThanTheDeadline() throws {
        let stub = try StubLLM(["--mode", "slow", "--delay-ms", "3000"])
        let started = Date()
        #expect {
            try client(stub, totalMilliseconds: 200).complete(prompt: "q")
        } throws: { error in
            guard case .timeout = error as? ProviderError else { return false }
            return (error as? ProviderError)?.httpStatus == 504
        }
        #expect(Date().timeIntervalSince(started) < 2.5)
    }

    @Test func complete_IsUnreachable_WhenNothingListens() throws {
        let closed = try #require(ClosedPort())
        let endpoint = ProviderEndpoint(baseURL: "http://127.0.0.1:\(closed.port)/v1", model: "m")
        let client = ChatClient(endpoint: endpoint, retry: fastRetry, executor: executor)
        #expect {
            try client.complete(prompt: "q")
        } throws: { error in
            guard case .unreachable = error as? ProviderError else { return false }
            return (error as? ProviderError)?.errorType == "upstream_error"
        }
        withExtendedLifetime(closed) {}
    }

    @Test func errors_NeverContainTheAPIKey_EvenWhenUpstreamEchoesIt() throws {
        let key = "sk-test-SECRET-0123456789"
        for mode in ["500", "429"] {
            let stub = try StubLLM(["--mode", mode, "--retry-after", "0", "--echo-auth"])
            do {
                _ = try client(stub, apiKey: key).complete(prompt: "q")
                Issue.record("expected a failure in mode \(mode)")
            } catch {
                #expect(try stub.stats()["last_authorization"] as? String == "Bearer " + key)
                for text in [error.description, String(reflecting: error), "\(error)", error.message] {
                    #expect(!text.contains(key) && !text.contains("SECRET"), "\(text)")
                }
                #expect(error.message.contains(SecretRedactor.replacement))
            }
        }
    }

    @Test func complete_Runs64SlowCallsConcurrently() throws {
        let stub = try StubLLM(["--mode", "slow", "--delay-ms", "200"])
        let client = client(stub)
        let outcomes = Outcomes(count: 64)
        let started = Date()
        let threads = (0..<64).map { index in
            Thread { outcomes.set(index, (try? client.complete(prompt: "question \(index)"))?.content) }
        }
        threads.forEach { $0.start() }
        outcomes.waitForAll()
        // Serialised they would take 64 x 200 ms = 12.8 s.
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(outcomes.values.allSatisfy { $0?.contains("The answer is") == true })
        #expect(try stub.count("chat") == 64)
    }
}

/// The stub's run-time switches, which other suites (the Service's) rely on.
@Suite struct StubControlTests {
    @Test func controlEndpoint_AndModeHeader_ChangeTheStubsBehaviour() throws {
        let stub = try StubLLM()
        let transport = CurlTransport()
        let chatBody = Array(#"{"messages":[{"role":"user","content":"q"}]}"#.utf8)
        func chat(_ headers: [(name: String, value: String)] = []) throws -> Int {
            try transport.send(HTTPRequestSpec(url: stub.baseURL + "/chat/completions", headers: headers, body: chatBody),
                               timeouts: ProviderTimeouts()).status
        }
        #expect(try chat() == 200)
        #expect(try chat([(name: "X-Stub-Mode", value: "500")]) == 500)
        _ = try transport.send(HTTPRequestSpec(url: "http://127.0.0.1:\(stub.port)/control", body: Array(#"{"mode":"429"}"#.utf8)),
                               timeouts: ProviderTimeouts())
        #expect(try chat() == 429)
        #expect(try stub.count("chat") == 3)
    }
}
