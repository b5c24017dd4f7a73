import Selection
import Testing
@testable import Service
import TestSupport

@Suite struct ItemRoutesTests {
    static func ndjson(_ lines: [String]) -> [UInt8] { Array(lines.joined(separator: "\n").utf8) }

    static func makePool(_ h: ServiceHarness, _ name: String = "p") throws {
        #expect(try h.client.json("POST", "/v1/pools", .object(["name": .string(name)])).status == 201)
    }

    static func postNDJSON(_ h: ServiceHarness, _ lines: [String], pool: String = "p") throws -> TestResponse {
        try h.client.request("POST", "/v1/pools/\(pool)/items", headers: [("Content-Type", "application/x-ndjson")], body: ndjson(lines))
    }

    static func ids(_ h: ServiceHarness, pool: String = "p") throws -> [String] {
        try h.client.request("GET", "/v1/pools/\(pool)/items?limit=1000").json()["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
    }

    @Test func postItems_NDJSON_InsertsThenUpsertsKeepingPositions() throws {
        let h = try ServiceHarness.make()
        try Self.makePool(h)
        let r1 = try Self.postNDJSON(h, [#"{"id":"a","question":"q1","answer":"s1"}"#, #"{"id":"b","text":"t"}"#, ""])
        #expect(r1.status == 200)
        #expect(try r1.json()["inserted"] == .int(2) && r1.json()["updated"] == .int(0))
        let r2 = try Self.postNDJSON(h, [#"{"id":"c"}"#, #"{"id":"a","question":"new","metadata":{"split":"test","n":3,"ok":true}}"#])
        #expect(try r2.json()["inserted"] == .int(1) && r2.json()["updated"] == .int(1))
        #expect(try Self.ids(h) == ["a", "b", "c"])
        let a = try h.client.request("GET", "/v1/pools/p/items/a").json()
        #expect(a["index"] == .int(0) && a["question"] == .string("new") && a["answer"] == .null)
        #expect(a["metadata"] == .object(["split": .string("test"), "n": .int(3), "ok": .bool(true)]))
        #expect(try h.client.request("GET", "/v1/pools/p").json()["item_count"] == .int(3))
    }

    @Test func postItems_JSONBody_IsAccepted() throws {
        let h = try ServiceHarness.make()
        try Self.makePool(h)
        let r = try h.client.json("POST", "/v1/pools/p/items", .object(["items": .array([.object(["id": .string("x")]), .object(["id": .string("y")])])]))
        #expect(r.status == 200)
        #expect(try r.json()["inserted"] == .int(2))
        #expect(try Self.ids(h) == ["x", "y"])
    }

    @Test func deleteItem_ShiftsTheIndicesAfterIt() throws {
        let h = try ServiceHarness.make()
        try Self.makePool(h)
        _ = try Self.postNDJSON(h, [#"{"id":"a"}"#, #"{"id":"b"}"#, #"{"id":"c"}"#])
        #expect(try h.client.request("DELETE", "/v1/pools/p/items/a").status == 204)
        #expect(try h.client.request("GET", "/v1/pools/p/items/c").json()["index"] == .int(1))
        #expect(try h.client.request("DELETE", "/v1/pools/p/items/a").status == 404)
        #expect(try h.client.request("GET", "/v1/pools/p/items/a").status == 404)
    }

    @Test func listItems_PaginatesInIndexOrder() throws {
        let h = try ServiceHarness.make()
        try Self.makePool(h)
        _ = try Self.postNDJSON(h, (0..<5).map { #"{"id":"i\#($0)"}"# })
        var seen: [String] = []
        var cursor: String?
        repeat {
            let page = try h.client.request("GET", "/v1/pools/p/items?limit=2" + (cursor.map { "&cursor=\($0)" } ?? "")).json()
            seen += page["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            cursor = page["next_cursor"]?.stringValue
        } while cursor != nil
        #expect(seen == ["i0", "i1", "i2", "i3", "i4"])
    }

    /// Each bad body: the status, the param named, and the pool unchanged afterwards.
    @Test(arguments: [
        ([#"{"id":"n1"}"#, #"{"id": oops}"#], "line 2"),
        ([#"{"id":"n1"}"#, #"{"question":"no id"}"#], "line 2"),
        ([#"{"id":""}"#], "line 1"),
        ([#"{"id":"\#(String(repeating: "x", count: 257))"}"#], "line 1"),
        ([#"{"id":"n1"}"#, #"{"id":"n1"}"#], "line 2"),
        ([#"{"id":"n1","metadata":{"nested":{"a":1}}}"#], "line 1"),
        ([#"{"id":"n1","metadata":{"list":[1]}}"#], "line 1"),
        ([#"{"id":"n1","colour":"red"}"#], "line 1"),
        ([#"{"id":7}"#], "line 1"),
        ([#"[1,2]"#], "line 1"),
        ([#"{"id":"n1","metadata":null}"#], "line 1"),
        ([#"{"id":"n1","question":null}"#], "line 1"),
    ])
    func postItems_RejectsABadLine_NamingIt_AndWritesNothing(lines: [String], param: String) throws {
        let h = try ServiceHarness.make()
        try Self.makePool(h)
        _ = try Self.postNDJSON(h, [#"{"id":"keep","question":"q"}"#])
        let r = try Self.postNDJSON(h, lines)
        #expect(r.status == 400)
        #expect(r.errorParam == param)
        #expect(try Self.ids(h) == ["keep"])
        #expect(try h.client.request("GET", "/v1/pools/p/items/keep").json()["question"] == .string("q"))
    }

    @Test func postItems_JSONBody_NamesTheJSONPath_OfABadItem() throws {
        let h = try ServiceHarness.make()
        try Self.makePool(h)
        let r = try h.client.json("POST", "/v1/pools/p/items", .object(["items": .array([.object(["id": .string("x")]), .object(["id": .int(2)])])]))
        #expect(r.status == 400 && r.errorParam == "items[1].id")
        #expect(try Self.ids(h) == [])
    }

    @Test func postItems_Returns404_ForAnUnknownPool() throws {
        let h = try ServiceHarness.make()
        let r = try Self.postNDJSON(h, [#"{"id":"a"}"#], pool: "ghost")
        #expect(r.status == 404 && r.errorParam == "pool")
    }

    @Test func postItems_Returns413_OverTheBodyLimit_AndWritesNothing() throws {
        let h = try ServiceHarness.make { $0.largeBodyLimit = 4096 }
        try Self.makePool(h)
        let lines = (0..<200).map { #"{"id":"item-\#($0)","text":"some text to fill the body"}"# }
        let r = try Self.postNDJSON(h, lines)
        #expect(r.status == 413)
        #expect(try Self.ids(h) == [])
    }
}
