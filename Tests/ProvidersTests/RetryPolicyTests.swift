import Foundation
import PropertyBased
import Testing
@testable import Providers

struct RetryPolicyTests {
    @Test func backoff_StaysWithinHalfToFullOfTheExponentialCeiling() async {
        let policy = RetryPolicy(baseDelaySeconds: 0.25, maxDelaySeconds: 4)
        await propertyCheck(input: Gen.int(in: 1...40), Gen<Double>.value(in: 0...1)) { retry, unit in
            let ceiling = min(0.25 * pow(2, Double(retry - 1)), 4)
            let delay = policy.backoff(retry: retry, retryAfter: nil, unit: unit)
            #expect(delay >= ceiling / 2 && delay <= ceiling)
        }
    }

    @Test func backoff_UsesRetryAfter_CappedAtTheLimit() {
        let policy = RetryPolicy(retryAfterCapSeconds: 10)
        #expect(policy.backoff(retry: 1, retryAfter: 2, unit: 0.5) == 2)
        #expect(policy.backoff(retry: 1, retryAfter: 3600, unit: 0.5) == 10)
    }

    @Test(arguments: [(429, true), (500, true), (503, true), (599, true), (400, false), (401, false), (404, false), (200, false)])
    func isRetryable_OnlyFor429And5xx(status: Int, retryable: Bool) {
        #expect(RetryPolicy.isRetryable(status: status) == retryable)
    }

    @Test func retryAfter_ParsesDelaySeconds() {
        #expect(RetryAfter.seconds("2") == 2)
        #expect(RetryAfter.seconds(" 0.5 ") == 0.5)
        #expect(RetryAfter.seconds("-1") == nil)
        #expect(RetryAfter.seconds("soon") == nil)
    }

    @Test func retryAfter_ParsesHTTPDates_RelativeToNow() throws {
        let now = try #require(RetryAfter.httpDate("Sun, 06 Nov 1994 08:49:37 GMT"))
        #expect(RetryAfter.seconds("Sun, 06 Nov 1994 08:49:42 GMT", now: now) == 5)
        #expect(RetryAfter.seconds("Sunday, 06-Nov-94 08:49:40 GMT", now: now) == 3)
        #expect(RetryAfter.seconds("Sun Nov  6 08:49:39 1994", now: now) == 2)
        #expect(RetryAfter.seconds("Sun, 06 Nov 1994 08:00:00 GMT", now: now) == 0)
    }
}

struct RetryBudgetTests {
    @Test func mayRetry_StopsAtMaxAttempts_AndWhenTheBudgetWouldBeExceeded() {
        let unlimited = RetryPolicy(maxAttempts: 3)
        #expect(unlimited.mayRetry(attempt: 2, elapsed: 1_000, delay: 10))
        #expect(!unlimited.mayRetry(attempt: 3, elapsed: 0, delay: 0))
        let budgeted = RetryPolicy(maxAttempts: 3, retryBudgetSeconds: 5)
        #expect(budgeted.mayRetry(attempt: 1, elapsed: 4, delay: 1))
        #expect(!budgeted.mayRetry(attempt: 1, elapsed: 4, delay: 1.5))
    }

    @Test func client_GivesUp_WhenRetryAfterExceedsTheBudget() {
        let transport = ScriptedTransport([
            ScriptedTransport.status(429, #"{"error":{"message":"slow down"}}"#, headers: ["retry-after": "8"]),
            ScriptedTransport.chatAnswer,
        ])
        let client = ChatClient(endpoint: ProviderEndpoint(baseURL: "http://x/v1", model: "m"),
                                retry: RetryPolicy(retryBudgetSeconds: 2), executor: ProviderExecutor(maxConcurrent: 1), transport: transport)
        #expect(throws: ProviderError.upstreamStatus(status: 429, message: "slow down")) { try client.complete(prompt: "q") }
        #expect(transport.requests.count == 1)
    }
}
