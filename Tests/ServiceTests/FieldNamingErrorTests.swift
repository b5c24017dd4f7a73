import Foundation
import Selection
import Testing
@testable import Service
import TestSupport

/// 400s name their field (issue 13, item 7): a number out of range deep inside a body names its
/// JSON path, and an items body without a Content-Type names the header and the accepted types.
@Suite struct FieldNamingErrorTests {
    static func post(_ h: ServiceHarness, _ path: String, _ body: String, contentType: String? = "application/json") throws -> TestResponse {
        try h.client.request("POST", path, headers: contentType.map { [("Content-Type", $0)] } ?? [], body: Array(body.utf8))
    }

    @Test(arguments: [
        ("/v1/exemplars", #"{"pool": "p", "question": "q", "query_vector": [0.5, -1e999, 2]}"#, "query_vector[1]"),
        ("/v1/selections", #"{"candidates": {"pool": "c", "feature": "f"}, "method": "random", "budget": {"fraction": 1e400}}"#, "budget.fraction"),
        ("/v1/selections", #"{"candidates": {"pool": "c", "feature": "f"}, "method": "random", "targets": {"vectors": [[1, 2], [3, 4e999]]}, "budget": {"k": 1}}"#, "targets.vectors[1][1]"),
        ("/v1/selections", #"{"candidates": {"pool": "c", "feature": "f"}, "method": "random", "targets": {"checkpoints": {"a": [[1, 2e999]]}}, "budget": {"k": 1}}"#, "targets.checkpoints.a[0][1]"),
        ("/v1/exemplars", #"{"pool": "p", "question": "q", "query_vector": [0.5, 1, x]}"#, "query_vector[2]"),
    ])
    func aNumberOutOfRange_IsA400NamingItsJSONPath(route: String, body: String, param: String) throws {
        let h = try ServiceHarness.make()
        let r = try Self.post(h, route, body)
        #expect(r.status == 400)
        #expect(r.errorParam == param, "\(r.text)")
    }

    @Test func anItemsBodyWithoutContentType_IsA400NamingTheHeader_AndListingTheAcceptedTypes() throws {
        let h = try ServiceHarness.make()
        #expect(try h.client.json("POST", "/v1/pools", .object(["name": .string("p")])).status == 201)
        let r = try Self.post(h, "/v1/pools/p/items", #"{"id": "a", "text": "x"}"# + "\n", contentType: nil)
        #expect(r.status == 400)
        #expect(r.errorParam == "Content-Type")
        #expect(r.errorCode == "unsupported_media_type")
        let message = try r.json()["error"]?["message"]?.stringValue ?? ""
        #expect(message.contains("application/x-ndjson") && message.contains("application/json"), "\(message)")
        #expect(try h.client.request("GET", "/v1/pools/p/items").json()["data"] == .array([]))
    }
}
