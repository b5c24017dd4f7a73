import Foundation
import PropertyBased
import Testing
@testable import Service
import TestSupport

@Suite struct AuthTests {
    static let key = "test-key-5f1c9a"

    /// Every registered route with its `{name}` segments filled in.
    static func concreteRoutes(_ service: ShortlistService) -> [(method: String, path: String, pattern: String)] {
        service.router.methodsAndPatterns.map { route in
            let path = route.pattern.split(separator: "/", omittingEmptySubsequences: false).map { segment in
                segment.hasPrefix("{") ? "x" : String(segment)
            }.joined(separator: "/")
            return (route.method.rawValue, path, route.pattern)
        }
    }

    @Test func everyRouteButHealthz_Answers401_WithoutOrWithAWrongKey() throws {
        let h = try ServiceHarness.make { $0.apiKey = Self.key }
        let routes = Self.concreteRoutes(h.service).filter { !ShortlistService.publicPatterns.contains($0.pattern) }
        #expect(routes.count >= 8)
        // The public ones are exactly the health probe and the console's files (ConsoleRoutesTests).
        #expect(Set(Self.concreteRoutes(h.service).map(\.pattern)).subtracting(routes.map(\.pattern)) == ShortlistService.publicPatterns)
        let wrong: [[(String, String)]] = [
            [], [("Authorization", "Bearer wrong")], [("Authorization", "Bearer \(Self.key)x")],
            [("Authorization", "Bearer \(Self.key.dropLast())")], [("Authorization", Self.key)],
            [("Authorization", "Basic \(Self.key)")],
            [("Authorization", "Bearer \(Self.key)"), ("Authorization", "Bearer other")],
        ]
        for route in routes {
            for headers in wrong {
                let r = try h.client.request(route.method, route.path, headers: headers, body: route.method == "GET" ? nil : [])
                #expect(r.status == 401, "\(route.method) \(route.path) with \(headers.map(\.1))")
                #expect(r.errorType == "unauthorized")
                #expect(r.header("WWW-Authenticate") == "Bearer")
            }
        }
    }

    @Test func everyRoute_IsNot401_WithTheRightKey() throws {
        let h = try ServiceHarness.make { $0.apiKey = Self.key }
        for route in Self.concreteRoutes(h.service) {
            let r = try h.client.request(route.method, route.path, headers: [("Authorization", "Bearer \(Self.key)")], body: route.method == "GET" ? nil : [])
            #expect(r.status != 401, "\(route.method) \(route.path)")
        }
    }

    @Test func theBearerScheme_IsCaseInsensitive() throws {
        let h = try ServiceHarness.make { $0.apiKey = Self.key }
        for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
            let r = try h.client.request("GET", "/v1/pools", headers: [("Authorization", "\(scheme) \(Self.key)")])
            #expect(r.status == 200, "scheme \(scheme)")
        }
        #expect(try h.client.request("GET", "/v1/pools", headers: [("Authorization", "Bearer  \(Self.key)")]).status == 200)
        #expect(try h.client.request("GET", "/v1/pools", headers: [("Authorization", "Bearerx \(Self.key)")]).status == 401)
        #expect(try h.client.request("GET", "/v1/pools", headers: [("Authorization", "bearer \(Self.key.uppercased())")]).status == 401)
    }

    @Test func aBlankKey_IsRefused_BeforeTheServiceStarts() {
        for key in ["", " ", "\t  "] {
            var c = ServiceConfiguration()
            c.apiKey = key
            #expect(throws: ConfigurationError.self, "key \(key.debugDescription)") { try c.validate() }
        }
    }

    @Test func healthz_StaysOpen_WithAKeyConfigured() throws {
        let h = try ServiceHarness.make { $0.apiKey = Self.key }
        #expect(try h.client.request("GET", "/healthz").status == 200)
        #expect(try h.client.request("GET", "/healthz", headers: [("Authorization", "Bearer wrong")]).status == 200)
    }

    @Test func withoutAKey_RoutesNeedNoAuthorization() throws {
        let h = try ServiceHarness.make()
        #expect(try h.client.request("GET", "/v1/pools").status == 200)
        #expect(try h.client.request("GET", "/metrics").status == 200)
    }

    @Test func rejectedRequest_WritesNothing() throws {
        let h = try ServiceHarness.make { $0.apiKey = Self.key }
        let r = try h.client.json("POST", "/v1/pools", .object(["name": .string("p")]))
        #expect(r.status == 401)
        let auth = [("Authorization", "Bearer \(Self.key)")]
        #expect(try h.client.request("GET", "/v1/pools", headers: auth).json()["data"] == .array([]))
    }

    @Test func theKey_NeverAppearsInTheLog() throws {
        let temporary = try TemporaryDirectory("auth")
        let logPath = temporary.path("log.txt")
        let fd = open(logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try #require(fd >= 0, "could not open \(logPath): errno \(errno)")
        var c = ServiceConfiguration()
        c.port = 0
        c.databasePath = temporary.databasePath
        c.apiKey = Self.key
        c.logLevel = "trace"
        let service = try ShortlistService(configuration: c, logSink: BufferedLogSink(fd: fd))
        try service.start()
        let client = TestHTTPClient(port: service.port)
        _ = try client.request("GET", "/v1/pools", headers: [("Authorization", "Bearer \(Self.key)")])
        _ = try client.request("GET", "/v1/pools", headers: [("Authorization", "Bearer \(Self.key)-wrong")])
        _ = try client.request("GET", "/v1/pools/\(Self.key)", headers: [("Authorization", "Bearer \(Self.key)")])
        service.shutdown()
        close(fd)
        let log = try String(contentsOfFile: logPath, encoding: .utf8)
        #expect(log.contains("listening"))
        #expect(log.contains("/v1/pools"), "the access log was captured")
        #expect(!log.contains("Bearer"))
        // The pool name is path data, not the key: only the Authorization value must stay out.
        let withoutPaths = log.replacingOccurrences(of: "/v1/pools/\(Self.key)", with: "")
        #expect(!withoutPaths.contains(Self.key))
    }

    @Test func constantTimeEquals_AgreesWithEquality() async {
        // A tiny alphabet and short lengths so equal pairs and shared prefixes come up often.
        await propertyCheck(input: Gen.int(in: 0...2).array(of: 0...4), Gen.int(in: 0...2).array(of: 0...4)) { x, y in
            let a = x.map(UInt8.init), b = y.map(UInt8.init)
            #expect(BearerAuthenticator.constantTimeEquals(a, b) == (a == b))
            #expect(BearerAuthenticator.constantTimeEquals(a, a))
        }
    }
}
