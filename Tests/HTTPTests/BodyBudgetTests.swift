import Dispatch
import Testing
@testable import HTTP
import TestSupport

/// The server-wide budget for collected request bodies (issue 13, item 2): a body that does not
/// fit waits briefly for others to finish, then gets 503 with Retry-After; one bigger than the
/// whole budget is a 413; the charge is given back when the handler returns.
@Suite struct BodyBudgetTests {
    /// 600-byte bodies are charged 900: one fits a 1,500-byte budget, two do not.
    static func server(gate: DispatchSemaphore, wait: Duration = .milliseconds(200)) throws -> TestServer {
        try TestServer.make(configure: {
            $0.bodyMemoryBudget = 1500
            $0.bodyBudgetWait = wait
        }, routes: { router in
            router.add("POST", "/hold", bodyLimit: 4096) { request in
                let body = try request.body.collect()
                gate.wait()
                return .text(200, "held \(body.count)")
            }
        })
    }

    static func post(_ bytes: Int) -> String {
        "POST /hold HTTP/1.1\r\nContent-Length: \(bytes)\r\n\r\n" + String(repeating: "b", count: bytes)
    }

    @Test func aBodyOverTheBudget_Waits_Then503sWithRetryAfter_AndFitsOnceTheFirstIsDone() throws {
        let gate = DispatchSemaphore(value: 0)
        let server = try Self.server(gate: gate)
        let first = try server.client()
        try first.send(Self.post(600))
        #expect(eventually { server.server.bodyBytesCharged == 900 })

        let second = try server.client()
        try second.send(Self.post(600))
        let refused = try second.readResponse()
        #expect(refused.status == 503)
        #expect(refused.headers["retry-after"] == "1")
        #expect(server.server.bodyBytesCharged == 900)

        gate.signal()
        #expect(try first.readResponse().text == "held 600")
        #expect(eventually { server.server.bodyBytesCharged == 0 })
        gate.signal()
        let third = try server.client()
        try third.send(Self.post(600))
        #expect(try third.readResponse().text == "held 600")
        #expect(eventually { server.server.bodyBytesCharged == 0 })
    }

    @Test func aBodyBiggerThanTheWholeBudget_Is413_AtOnce() throws {
        let gate = DispatchSemaphore(value: 0)
        let server = try Self.server(gate: gate)
        let client = try server.client()
        try client.send(Self.post(1100))
        #expect(try client.readResponse().status == 413)
        #expect(server.server.bodyBytesCharged == 0)
    }

    @Test func aWaitingBody_IsAdmitted_WhenRoomFreesWithinTheWait() throws {
        let gate = DispatchSemaphore(value: 0)
        let server = try Self.server(gate: gate, wait: .seconds(20))
        let first = try server.client()
        try first.send(Self.post(600))
        #expect(eventually { server.server.bodyBytesCharged == 900 })
        let second = try server.client()
        try second.send(Self.post(600))
        gate.signal()
        #expect(try first.readResponse().text == "held 600")
        gate.signal()
        #expect(try second.readResponse().text == "held 600")
    }
}
