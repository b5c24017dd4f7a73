import Selection
import Testing
@testable import Service

@Suite struct PoolRoutesTests {
    @Test func createPool_Returns201_WithThePoolObject() throws {
        let h = try ServiceHarness.make()
        let r = try h.client.json("POST", "/v1/pools", .object(["name": .string("gsm8k"), "description": .string("math"), "metadata": .object(["src": .string("x")])]))
        #expect(r.status == 201)
        let v = try r.json()
        #expect(v["object"] == .string("pool") && v["name"] == .string("gsm8k") && v["item_count"] == .int(0))
        #expect(v["description"] == .string("math") && v["metadata"] == .object(["src": .string("x")]))
        #expect(v["features"] == .array([]))
        #expect(r.header("Location") == "/v1/pools/gsm8k")
    }

    @Test func createPool_Returns409_WhenTheNameExists() throws {
        let h = try ServiceHarness.make()
        _ = try h.client.json("POST", "/v1/pools", .object(["name": .string("a")]))
        let r = try h.client.json("POST", "/v1/pools", .object(["name": .string("a")]))
        #expect(r.status == 409 && r.errorType == "conflict")
    }

    @Test(arguments: ["", "has space", "slash/no", String(repeating: "x", count: 65), "é"])
    func createPool_Returns400_NamingName_WhenThePatternFails(name: String) throws {
        let h = try ServiceHarness.make()
        let r = try h.client.json("POST", "/v1/pools", .object(["name": .string(name)]))
        #expect(r.status == 400 && r.errorParam == "name")
        #expect(try h.client.request("GET", "/v1/pools").json()["data"] == .array([]))
    }

    @Test func createPool_Returns400_NamingTheField_ForUnknownOrMistypedFields() throws {
        let h = try ServiceHarness.make()
        #expect(try h.client.json("POST", "/v1/pools", .object(["name": .string("a"), "nmae": .int(1)])).errorParam == "nmae")
        #expect(try h.client.json("POST", "/v1/pools", .object(["name": .int(3)])).errorParam == "name")
        #expect(try h.client.json("POST", "/v1/pools", .object(["name": .string("a"), "metadata": .int(1)])).errorParam == "metadata")
        let malformed = try h.client.request("POST", "/v1/pools", headers: [("Content-Type", "application/json")], body: Array("{\"name\": ".utf8))
        #expect(malformed.status == 400 && malformed.errorType == "invalid_request")
    }

    @Test func createPool_Returns400_NamingAFieldSentAsNull() throws {
        let h = try ServiceHarness.make()
        let r = try h.client.json("POST", "/v1/pools", .object(["name": .string("a"), "metadata": .null]))
        #expect(r.status == 400 && r.errorParam == "metadata")
        #expect(try h.client.request("GET", "/v1/pools/a").status == 404)
    }

    @Test func listPools_Returns400_NamingCursor_WhenItIsEmpty() throws {
        let h = try ServiceHarness.make()
        let r = try h.client.request("GET", "/v1/pools?cursor=")
        #expect(r.status == 400 && r.errorParam == "cursor")
    }

    @Test func getPool_Returns404_ForAnUnknownPool() throws {
        let h = try ServiceHarness.make()
        let r = try h.client.request("GET", "/v1/pools/nope")
        #expect(r.status == 404 && r.errorType == "not_found")
    }

    @Test func listPools_Paginates_WithANextCursor() throws {
        let h = try ServiceHarness.make()
        for n in ["c", "a", "b"] { _ = try h.client.json("POST", "/v1/pools", .object(["name": .string(n)])) }
        let first = try h.client.request("GET", "/v1/pools?limit=2").json()
        #expect(first["object"] == .string("list"))
        let names = first["data"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
        #expect(names == ["a", "b"])
        let cursor = try #require(first["next_cursor"]?.stringValue)
        let second = try h.client.request("GET", "/v1/pools?limit=2&cursor=\(cursor)").json()
        #expect(second["data"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["c"])
        #expect(second["next_cursor"] == .null)
    }

    @Test(arguments: ["0", "1001", "x"])
    func listPools_Returns400_NamingLimit_WhenOutOfRange(limit: String) throws {
        let h = try ServiceHarness.make()
        let r = try h.client.request("GET", "/v1/pools?limit=\(limit)")
        #expect(r.status == 400 && r.errorParam == "limit")
    }

    @Test func deletePool_Returns204_ThenTheGoneItemsAndPool404() throws {
        let h = try ServiceHarness.make()
        _ = try h.client.json("POST", "/v1/pools", .object(["name": .string("p")]))
        _ = try h.client.request("POST", "/v1/pools/p/items", headers: [("Content-Type", "application/x-ndjson")], body: Array(#"{"id":"a"}"#.utf8))
        #expect(try h.client.request("DELETE", "/v1/pools/p").status == 204)
        #expect(try h.client.request("GET", "/v1/pools/p").status == 404)
        #expect(try h.client.request("GET", "/v1/pools/p/items").status == 404)
        #expect(try h.client.request("DELETE", "/v1/pools/p").status == 404)
    }
}
