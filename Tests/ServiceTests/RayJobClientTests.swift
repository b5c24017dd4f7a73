import Providers
@testable import Service
import Synchronization
import Testing

@Suite struct RayJobClientTests {
    /// Answers each request with the next scripted status and records the method and path.
    final class Script: HTTPTransport {
        private let state: Mutex<(statuses: [Int], seen: [String])>
        init(_ statuses: [Int]) { state = Mutex((statuses, [])) }
        var seen: [String] { state.withLock { $0.seen } }

        func send(_ request: HTTPRequestSpec, timeouts: ProviderTimeouts) throws(TransportError) -> HTTPResponseData {
            let status = state.withLock { s -> Int in
                s.seen.append("\(request.method) \(request.url.replacingOccurrences(of: "http://ray", with: ""))")
                return s.statuses.isEmpty ? 599 : s.statuses.removeFirst()
            }
            let body = status == 200 && request.method == .get ? #"{"status":"PENDING"}"# : "{}"
            return HTTPResponseData(status: status, headers: [:], body: Array(body.utf8))
        }
    }

    static func client(_ script: Script, retries: Int = 3) -> RayJobClient {
        RayJobClient(address: "http://ray", transport: script, submitRetryDelays: Array(repeating: 0, count: retries))
    }

    @Test func submit_RetriesA500_UntilTheJobAgentAccepts() throws {
        // POST 500, GET 404 (not created), POST 500, GET 404, POST 200.
        let script = Script([500, 404, 500, 404, 200])
        try Self.client(script).submit(entrypoint: "python driver.py", submissionID: "shortlist-j1")
        #expect(script.seen == ["POST /api/jobs/", "GET /api/jobs/shortlist-j1", "POST /api/jobs/", "GET /api/jobs/shortlist-j1", "POST /api/jobs/"])
    }

    @Test func submit_StopsRetrying_WhenTheFailedAttemptCreatedTheJob() throws {
        let script = Script([502, 200])
        try Self.client(script).submit(entrypoint: "python driver.py", submissionID: "shortlist-j2")
        #expect(script.seen == ["POST /api/jobs/", "GET /api/jobs/shortlist-j2"])
    }

    @Test func submit_Fails_AfterItsLastRetry_NamingTheStatus() {
        let script = Script([500, 404, 500, 404, 503])
        #expect(throws: EngineError.self) { try Self.client(script, retries: 2).submit(entrypoint: "e", submissionID: "s") }
        #expect(script.seen.filter { $0.hasPrefix("POST") }.count == 3)
        do { try Self.client(Script([503]), retries: 0).submit(entrypoint: "e", submissionID: "s") } catch {
            #expect("\(error)".contains("answered 503 to POST /api/jobs/"))
        }
    }

    @Test func submit_DoesNotRetry_ARefusal() {
        let script = Script([400, 200])
        #expect(throws: EngineError.self) { try Self.client(script).submit(entrypoint: "e", submissionID: "s") }
        #expect(script.seen == ["POST /api/jobs/"])
    }
}
