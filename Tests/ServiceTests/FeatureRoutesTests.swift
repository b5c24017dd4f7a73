import Foundation
import JSON
import LinearAlgebra
import Selection
import Storage
import Synchronization
import Testing
@testable import Service
import TestSupport

@Suite struct FeatureRoutesTests {
    typealias Response = TestResponse

    // MARK: helpers

    /// A pool `p` with items i0..i<n-1>, in that index order.
    static func makePool(_ h: ServiceHarness, items n: Int, name: String = "p") throws {
        #expect(try h.client.json("POST", "/v1/pools", .object(["name": .string(name)])).status == 201)
        guard n > 0 else { return }
        let lines = (0..<n).map { #"{"id":"i\#($0)"}"# }.joined(separator: "\n")
        let r = try h.client.request("POST", "/v1/pools/\(name)/items", headers: [("Content-Type", "application/x-ndjson")],
                                     body: Array(lines.utf8))
        #expect(r.status == 200)
    }

    static func putNPY(_ h: ServiceHarness, _ bytes: [UInt8], query: String = "", feature: String = "emb",
                       pool: String = "p") throws -> Response {
        try h.client.request("PUT", "/v1/pools/\(pool)/features/\(feature)\(query)",
                             headers: [("Content-Type", "application/x-npy")], body: bytes)
    }

    static func putNDJSON(_ h: ServiceHarness, _ lines: [String], query: String = "", feature: String = "emb") throws -> Response {
        try h.client.request("PUT", "/v1/pools/p/features/\(feature)\(query)",
                             headers: [("Content-Type", "application/x-ndjson")], body: Array(lines.joined(separator: "\n").utf8))
    }

    static func line(_ id: String, _ v: [Float]) -> String {
        #"{"id":"\#(id)","vector":[\#(v.map { "\($0)" }.joined(separator: ","))]}"#
    }

    /// rows x dim where row i is [i, i + 0.5, ...] (each row distinct, exact in float16 for small i).
    static func rows(_ n: Int, dim: Int, offset: Float = 0) -> [[Float]] {
        (0..<n).map { i in (0..<dim).map { j in offset + Float(i) + Float(j) * 0.5 } }
    }

    /// Stored rows of a checkpoint in index order (nil where an item has none).
    static func storedRows(_ h: ServiceHarness, feature: String = "emb", checkpoint: String = "default",
                           pool: String = "p") throws -> [[Float]?]? {
        try h.service.database.read { db -> [[Float]?]? in
            guard let p = try db.pool(named: pool), let f = try db.feature(poolID: p.id, name: feature),
                  let c = try db.checkpoint(featureID: f.id, label: checkpoint) else { return nil }
            var byRow: [Int64: [Float]] = [:]
            let statement = try db.prepare("SELECT item_id, vector FROM feature_rows WHERE checkpoint_id = ?")
            try statement.bind(c.id, at: 1)
            while try statement.step() {
                var v = [Float](repeating: 0, count: c.dim)
                let n = v.withUnsafeMutableBytes { statement.copyBlob(at: 1, into: $0.baseAddress!, capacity: $0.count) }
                #expect(n == c.dim * 4)
                byRow[statement.int64(at: 0)] = v
            }
            return try db.itemKeys(poolID: p.id).map { byRow[$0.rowID] }
        }
    }

    /// Everything a failed upload must leave as it was: the pool document and every stored row.
    static func snapshot(_ h: ServiceHarness) throws -> String {
        let pool = try h.client.request("GET", "/v1/pools/p").text
        let rows = try ["emb", "other"].flatMap { f in try ["default", "b"].map { c in "\(f)/\(c): \(String(describing: try storedRows(h, feature: f, checkpoint: c)))" } }
        return ([pool] + rows).joined(separator: "\n")
    }

    static func checkpoints(_ r: Response) throws -> [JSONValue] { try r.json()["checkpoints"]?.arrayValue ?? [] }

    // MARK: npy uploads

    @Test func putNPY_CreatesTheFeature_AndAnswersWithItsDocument() throws {
        let h = try ServiceHarness.make()
        try Self.makePool(h, items: 3)
        let rows = Self.rows(3, dim: 4)
        let r = try Self.putNPY(h, NPYWriter.file(rows))
        #expect(r.status == 200)
        #expect(r.text == #"{"object":"feature","pool":"p","name":"emb","embedder":null,"checkpoints":[{"label":"default","dim":4,"weight":1.0,"rows":3,"complete":true}]}"#)
        #expect(try h.client.request("GET", "/v1/pools/p/features/emb").text == r.text)
        #expect(try Self.storedRows(h) == rows)
        let poolFeatures = try h.client.request("GET", "/v1/pools/p").json()["features"]?.arrayValue
        #expect(poolFeatures?.first?["name"] == .string("emb"))
    }

    @Test(arguments: ["<f2", "<f8"], [UInt8(1), UInt8(2)])
    func putNPY_AcceptsFloat16AndFloat64_InVersions1And2(descr: String, major: UInt8) throws {
        let h = try ServiceHarness.make()
        try Self.makePool(h, items: 4)
        let rows = Self.rows(4, dim: 3)
        #expect(try Self.putNPY(h, NPYWriter.file(rows, descr: descr, major: major)).status == 200)
        #expect(try Self.storedRows(h) == rows)
    }

    @Test func putNPY_ReplacesRows_KeepsWeightWithoutOne_AndSetsItWhenGiven() throws {
        let h = try ServiceHarness.make()
        try Self.makePool(h, items: 2)
        #expect(try Self.putNPY(h, NPYWriter.file(Self.rows(2, dim: 2)), query: "?weight=0.25").status == 200)
        let second = Self.rows(2, dim: 2, offset: 10)
        let r = try Self.putNPY(h, NPYWriter.file(second))
        #expect(try Self.checkpoints(r).first?["weight"] == .double(0.25))
        #expect(try Self.storedRows(h) == second)
        let r3 = try Self.putNPY(h, NPYWriter.file(second), query: "?weight=3")
        #expect(try Self.checkpoints(r3).first?["weight"] == .double(3))
    }

    @Test func checkpointsOfOneFeature_MayHaveDifferentDims_AndKeepCreationOrder() throws {
        let h = try ServiceHarness.make()
        try Self.makePool(h, items: 2)
        #expect(try Self.putNPY(h, NPYWriter.file(Self.rows(2, dim: 3)), query: "?checkpoint=b").status == 200)
        let r = try Self.putNPY(h, NPYWriter.file(Self.rows(2, dim: 5)), query: "?checkpoint=a&weight=2")
        #expect(r.status == 200)
        let cps = try Self.checkpoints(r)
        #expect(cps.map { $0["label"] } == [.string("b"), .string("a")])
        #expect(cps.map { $0["dim"] } == [.int(3), .int(5)])
        #expect(cps.map { $0["weight"] } == [.double(1), .double(2)])
    }

    @Test func putNPY_OnAnEmptyPool_AcceptsZeroRows() throws {
        let h = try ServiceHarness.make()
        try Self.makePool(h, items: 0)
        let r = try Self.putNPY(h, NPYWriter.header(descr: "<f4", shape: [0, 8]))
        #expect(r.status == 200)
        #expect(try Self.checkpoints(r).first?["rows"] == .int(0) && Self.checkpoints(r).first?["complete"] == .bool(true))
    }

    @Test func putNPY_SentChunked_IsStreamedLikeContentLength() throws {
        let h = try ServiceHarness.make()
        try Self.makePool(h, items: 50)
        let rows = Self.rows(50, dim: 7)
        let r = try Self.exchange(h, head: Self.head("PUT", "/v1/pools/p/features/emb", type: "application/x-npy", length: nil),
                                  chunks: Self.split(NPYWriter.file(rows), size: 333), chunked: true)
        #expect(r?.status == 200)
        #expect(try Self.storedRows(h) == rows)
    }

    // MARK: NDJSON uploads

    @Test func putNDJSON_UpsertsASubset_CompleteOnlyOnceEveryItemHasARow() throws {
        let h = try ServiceHarness.make()
        try Self.makePool(h, items: 3)
        let r1 = try Self.putNDJSON(h, [Self.line("i2", [1, 2]), "", Self.line("i0", [3, 4])])
        #expect(r1.status == 200)
        #expect(try Self.checkpoints(r1).first?["rows"] == .int(2) && Self.checkpoints(r1).first?["complete"] == .bool(false))
        let r2 = try Self.putNDJSON(h, [Self.line("i1", [5, 6]), Self.line("i0", [7, 8])])
        #expect(try Self.checkpoints(r2).first?["rows"] == .int(3) && Self.checkpoints(r2).first?["complete"] == .bool(true))
        #expect(try Self.storedRows(h) == [[7, 8], [5, 6], [1, 2]])
    }

    @Test func putNDJSON_IntoAnNPYCheckpoint_OverwritesOnlyItsLines() throws {
        let h = try ServiceHarness.make()
        try Self.makePool(h, items: 3)
        _ = try Self.putNPY(h, NPYWriter.file(Self.rows(3, dim: 2)))
        #expect(try Self.putNDJSON(h, [#"{"id":"i1","vector":[9,-9.5]}"#]).status == 200)
        #expect(try Self.storedRows(h) == [[0, 0.5], [9, -9.5], [2, 2.5]])
    }

    @Test func putNDJSON_IntoANewCheckpoint_TakesTheGivenWeight_AndTheFirstLinesDim() throws {
        let h = try ServiceHarness.make()
        try Self.makePool(h, items: 2)
        let r = try Self.putNDJSON(h, [Self.line("i1", [1, 2, 3])], query: "?checkpoint=late&weight=0")
        #expect(r.status == 200)
        let cp = try #require(try Self.checkpoints(r).first)
        #expect(cp["label"] == .string("late") && cp["dim"] == .int(3) && cp["weight"] == .double(0))
    }

    @Test func uploadingVectors_IntoAnEmbeddedFeature_MarksItAsUploaded() throws {
        let h = try ServiceHarness.make()
        try Self.makePool(h, items: 1)
        try h.service.database.write { db in
            let pool = try #require(try db.pool(named: "p"))
            _ = try db.createFeature(poolID: pool.id, name: "emb", embedder: "hashing", model: "h-256")
        }
        #expect(try h.client.request("GET", "/v1/pools/p/features/emb").json()["embedder"] == .string("hashing"))
        #expect(try Self.putNPY(h, NPYWriter.file(Self.rows(1, dim: 2))).status == 200)
        #expect(try h.client.request("GET", "/v1/pools/p/features/emb").json()["embedder"] == .null)
    }

    // MARK: reads and deletes

    @Test func getFeature_Returns404_NamingPoolOrName() throws {
        let h = try ServiceHarness.make()
        let noPool = try h.client.request("GET", "/v1/pools/ghost/features/emb")
        #expect(noPool.status == 404 && noPool.errorParam == "pool")
        try Self.makePool(h, items: 1)
        let noFeature = try h.client.request("GET", "/v1/pools/p/features/emb")
        #expect(noFeature.status == 404 && noFeature.errorParam == "name")
        let typo = try h.client.request("GET", "/v1/pools/p/features/emb?checkpoint=x")
        #expect(typo.status == 400 && typo.errorParam == "checkpoint" && typo.errorCode == "unknown_parameter")
    }

    @Test func deleteCheckpoint_ThenFeature_Return204_AndUnknownOnes404() throws {
        let h = try ServiceHarness.make()
        try Self.makePool(h, items: 2)
        _ = try Self.putNPY(h, NPYWriter.file(Self.rows(2, dim: 2)))
        _ = try Self.putNPY(h, NPYWriter.file(Self.rows(2, dim: 2)), query: "?checkpoint=b")
        #expect(try h.client.request("DELETE", "/v1/pools/p/features/emb?checkpoint=default").status == 204)
        let after = try h.client.request("GET", "/v1/pools/p/features/emb")
        #expect(try Self.checkpoints(after).map { $0["label"] } == [.string("b")])
        #expect(try Self.storedRows(h, checkpoint: "default") == nil)
        let noCheckpoint = try h.client.request("DELETE", "/v1/pools/p/features/emb?checkpoint=default")
        #expect(noCheckpoint.status == 404 && noCheckpoint.errorParam == "checkpoint")
        #expect(try h.client.request("DELETE", "/v1/pools/p/features/emb").status == 204)
        #expect(try h.client.request("GET", "/v1/pools/p/features/emb").status == 404)
        #expect(try Self.storedRows(h, checkpoint: "b") == nil)
        let noFeature = try h.client.request("DELETE", "/v1/pools/p/features/emb")
        #expect(noFeature.status == 404 && noFeature.errorParam == "name")
        let noPool = try h.client.request("DELETE", "/v1/pools/ghost/features/emb")
        #expect(noPool.status == 404 && noPool.errorParam == "pool")
    }

    @Test func writes_InvalidateThePoolsCachedMatrices() throws {
        let h = try ServiceHarness.make()
        try Self.makePool(h, items: 2)
        let key = PoolMatrixCache.Key(pool: "p", feature: "emb", checkpoint: "default")
        func cacheSomething() {
            let g = h.service.poolMatrixCache.generation(pool: "p")
            h.service.poolMatrixCache.put(key, .init(matrix: Matrix(rows: 1, cols: 1), keys: [], embedder: nil, model: nil), loadedAt: g)
            #expect(h.service.poolMatrixCache.get(key) != nil)
        }
        cacheSomething()
        _ = try Self.putNPY(h, NPYWriter.file(Self.rows(2, dim: 2)))
        #expect(h.service.poolMatrixCache.get(key) == nil)
        cacheSomething()
        _ = try Self.putNDJSON(h, [Self.line("i0", [1, 1])])
        #expect(h.service.poolMatrixCache.get(key) == nil)
        cacheSomething()
        #expect(try h.client.request("DELETE", "/v1/pools/p/features/emb").status == 204)
        #expect(h.service.poolMatrixCache.get(key) == nil)
    }

    // MARK: bad input: status, param, code, and nothing changed

    static let npyCases: [(String, [UInt8], String, String?)] = {
        var nan = rows(3, dim: 2)
        nan[2][1] = .nan
        var inf = rows(3, dim: 2)
        inf[1][0] = -.infinity
        let good = NPYWriter.file(rows(3, dim: 2))
        var v3 = good
        v3[6] = 3
        return [
            ("bad magic", Array("not an npy file at all".utf8), "body", "bad_npy"),
            ("empty body", [], "body", "bad_npy"),
            ("version 3", v3, "body", "bad_npy"),
            ("fewer bytes than the shape", Array(good.dropLast(5)), "body", "bad_npy"),
            ("more bytes than the shape", good + [0, 0, 0, 0], "body", "bad_npy"),
            ("integer dtype", NPYWriter.header(descr: "<i4", shape: [3, 2]) + [UInt8](repeating: 0, count: 24), "body", "bad_npy"),
            ("complex dtype", NPYWriter.header(descr: "<c8", shape: [3, 1]) + [UInt8](repeating: 0, count: 24), "body", "bad_npy"),
            ("big-endian", NPYWriter.file(rows(3, dim: 2), descr: ">f4"), "body", "bad_npy"),
            ("Fortran order", NPYWriter.header(descr: "<f4", shape: [3, 2], fortran: true) + NPYWriter.data(rows(3, dim: 2), descr: "<f4"), "body", "bad_npy"),
            ("1-D", NPYWriter.header(descr: "<f4", shape: [3]) + NPYWriter.data([[1, 2, 3]], descr: "<f4"), "body", "bad_npy"),
            ("3-D", NPYWriter.header(descr: "<f4", shape: [3, 2, 1]) + NPYWriter.data(rows(3, dim: 2), descr: "<f4"), "body", "bad_npy"),
            ("row count below N", NPYWriter.file(rows(2, dim: 2)), "body", "shape_mismatch"),
            ("row count above N", NPYWriter.file(rows(4, dim: 2)), "body", "shape_mismatch"),
            ("dim of the existing checkpoint", NPYWriter.file(rows(3, dim: 3)), "body", "shape_mismatch"),
            ("NaN", NPYWriter.file(nan), "row 2", "non_finite_input"),
            ("-Inf", NPYWriter.file(inf), "row 1", "non_finite_input"),
        ]
    }()

    @Test(arguments: npyCases)
    func putNPY_RejectsBadBodies_NamingTheParam_AndChangesNothing(_ testCase: (String, [UInt8], String, String?)) throws {
        let (name, body, param, code) = testCase
        let h = try ServiceHarness.make()
        try Self.makePool(h, items: 3)
        #expect(try Self.putNPY(h, NPYWriter.file(Self.rows(3, dim: 2, offset: 100))).status == 200)
        let before = try Self.snapshot(h)
        let r = try Self.putNPY(h, body)
        #expect(r.status == 400)
        #expect(r.errorParam == param)
        #expect(r.errorCode == code)
        // The same body into a new feature must not leave an empty feature behind either (a dim
        // mismatch is only one against an existing checkpoint).
        if name != "dim of the existing checkpoint" { #expect(try Self.putNPY(h, body, feature: "other").status == 400) }
        #expect(try Self.snapshot(h) == before)
    }

    @Test func putNPY_NaNFarIntoALargeBody_NamesItsRow_AndKeepsTheOldRows() throws {
        let h = try ServiceHarness.make()
        try Self.makePool(h, items: 40)
        #expect(try Self.putNPY(h, NPYWriter.file(Self.rows(40, dim: 3))).status == 200)
        let before = try Self.snapshot(h)
        var rows = Self.rows(40, dim: 3, offset: 1)
        rows[17][1] = .nan
        let r = try Self.putNPY(h, NPYWriter.file(rows))
        #expect(r.status == 400 && r.errorParam == "row 17" && r.errorCode == "non_finite_input")
        #expect(try Self.snapshot(h) == before)
    }

    static let ndjsonCases: [([String], String, String?)] = [
        ([line("i0", [1, 2]), #"{"id":"i1","vector":[1,2]"#], "line 2", nil),
        ([line("i0", [1, 2]), "", #"{"id":"ghost","vector":[1,2]}"#], "line 3", nil),
        ([#"{"id":"i0","vector":"1,2"}"#], "line 1", nil),
        ([#"{"id":"i0","vector":[1,"2"]}"#], "line 1", nil),
        ([#"{"id":"i0","vector":[1,[2]]}"#], "line 1", nil),
        ([#"{"id":"i0","vector":[]}"#], "line 1", nil),
        ([#"{"id":"i0"}"#], "line 1", nil),
        ([#"{"vector":[1,2]}"#], "line 1", nil),
        ([#"{"id":0,"vector":[1,2]}"#], "line 1", nil),
        ([#"["i0",[1,2]]"#], "line 1", nil),
        ([#"{"id":"i0","vector":[1,2],"extra":1}"#], "line 1", "unknown_parameter"),
        ([line("i0", [1, 2]), #"{"id":"i1","vector":[1,1e39]}"#], "line 2", "non_finite_input"),
        ([line("i0", [1, 2]), line("i1", [1, 2, 3])], "line 2", "shape_mismatch"),
        ([line("i0", [1, 2, 3])], "line 1", "shape_mismatch"),
        ([line("i0", [1, 2]), line("i0", [3, 4])], "line 2", nil),
        (["", "  "], "body", nil),
    ]

    @Test(arguments: ndjsonCases)
    func putNDJSON_RejectsBadLines_NamingThem_AndChangesNothing(lines: [String], param: String, code: String?) throws {
        let h = try ServiceHarness.make()
        try Self.makePool(h, items: 3)
        #expect(try Self.putNDJSON(h, [Self.line("i2", [5, 5])]).status == 200)
        let before = try Self.snapshot(h)
        let r = try Self.putNDJSON(h, lines)
        #expect(r.status == 400)
        #expect(r.errorParam == param)
        #expect(r.errorCode == code)
        if code != "shape_mismatch" { #expect(try Self.putNDJSON(h, lines, feature: "other").status == 400) }
        #expect(try Self.snapshot(h) == before)
    }

    @Test(arguments: [
        ("?checkpoint=bad%20label", "checkpoint"), ("?checkpoint=", "checkpoint"),
        ("?weight=-1", "weight"), ("?weight=nan", "weight"), ("?weight=inf", "weight"), ("?weight=heavy", "weight"),
        ("?checkpont=x", "checkpont"),
    ])
    func putFeature_RejectsBadQueryParameters_BeforeReadingTheBody(query: String, param: String) throws {
        let h = try ServiceHarness.make()
        try Self.makePool(h, items: 1)
        let r = try Self.putNPY(h, NPYWriter.file(Self.rows(1, dim: 2)), query: query)
        #expect(r.status == 400 && r.errorParam == param)
        #expect(try h.client.request("GET", "/v1/pools/p").json()["features"] == .array([]))
    }

    @Test func putFeature_RejectsABadFeatureName_AndAnUnsupportedContentType() throws {
        let h = try ServiceHarness.make()
        try Self.makePool(h, items: 1)
        let badName = try Self.putNPY(h, NPYWriter.file(Self.rows(1, dim: 2)), feature: "a%20b")
        #expect(badName.status == 400 && badName.errorParam == "name")
        let csv = try h.client.request("PUT", "/v1/pools/p/features/emb", headers: [("Content-Type", "text/csv")], body: Array("1,2".utf8))
        #expect(csv.status == 400 && csv.errorParam == "Content-Type")
        let none = try h.client.request("PUT", "/v1/pools/p/features/emb", body: NPYWriter.file(Self.rows(1, dim: 2)))
        #expect(none.status == 400 && none.errorParam == "Content-Type")
        #expect(try h.client.request("GET", "/v1/pools/p").json()["features"] == .array([]))
    }

    @Test func putFeature_Returns404_ForAnUnknownPool() throws {
        let h = try ServiceHarness.make()
        let r = try Self.putNPY(h, NPYWriter.file(Self.rows(1, dim: 2)), pool: "ghost")
        #expect(r.status == 404 && r.errorParam == "pool")
    }

    @Test func putFeature_Returns413_OverTheUploadLimit_AndChangesNothing() throws {
        let h = try ServiceHarness.make { $0.uploadBodyLimit = 4096 }
        try Self.makePool(h, items: 100)
        let body = NPYWriter.file(Self.rows(100, dim: 16))
        #expect(try Self.putNPY(h, body).status == 413)
        let chunked = try Self.exchange(h, head: Self.head("PUT", "/v1/pools/p/features/emb", type: "application/x-npy", length: nil),
                                        chunks: Self.split(body, size: 1000), chunked: true)
        #expect(chunked?.status == 413)
        let ndjson = (0..<100).map { Self.line("i\($0)", Array(repeating: 0.125, count: 16)) }
        #expect(try Self.putNDJSON(h, ndjson).status == 413)
        #expect(try h.client.request("GET", "/v1/pools/p").json()["features"] == .array([]))
    }

    // MARK: all or nothing under failure and concurrency

    @Test(arguments: ["application/x-npy", "application/x-ndjson"])
    func clientDisconnectingMidUpload_LeavesNothing(type: String) throws {
        let h = try ServiceHarness.make()
        try Self.makePool(h, items: 2000)
        #expect(try Self.putNPY(h, NPYWriter.file(Self.rows(2000, dim: 8, offset: 7))).status == 200)
        let before = try Self.snapshot(h)
        let body = type == "application/x-npy" ? NPYWriter.file(Self.rows(2000, dim: 8))
            : Array((0..<2000).map { Self.line("i\($0)", Array(repeating: 1, count: 8)) }.joined(separator: "\n").utf8)
        for feature in ["emb", "other"] {
            _ = try Self.exchange(h, head: Self.head("PUT", "/v1/pools/p/features/\(feature)", type: type, length: body.count),
                                  chunks: [Array(body.prefix(body.count / 2))], chunked: false, hangUp: true)
            try Self.waitForNoOpenConnections(h)
        }
        #expect(try Self.snapshot(h) == before)
    }

    @Test func concurrentUploadsToOneFeature_NeverMixRows() throws {
        let h = try ServiceHarness.make()
        let n = 3000
        try Self.makePool(h, items: n)
        for round in 0..<3 {
            let values: [Float] = [Float(2 * round + 1), Float(2 * round + 2)]
            let bodies = values.map { NPYWriter.constant(rows: n, dim: 32, value: $0) }
            let statuses = Mutex<[Int]>([])
            DispatchQueue.concurrentPerform(iterations: 2) { k in
                let status = (try? Self.putNPY(h, bodies[k]).status) ?? -1
                statuses.withLock { $0.append(status) }
            }
            let got = statuses.withLock { $0 }
            #expect(got.allSatisfy { $0 == 200 || $0 == 409 } && got.contains(200), "statuses \(got)")
            let stored = try #require(try Self.storedRows(h))
            let first = try #require(stored.first??.first)
            #expect(values.contains(first))
            #expect(stored.allSatisfy { row in row?.allSatisfy { $0 == first } == true })
        }
    }

    // MARK: scale

    @Test func upload_20000x256_Float32_ThroughTheSocket_ReadsBackComplete() throws {
        let h = try ServiceHarness.make()
        let (n, dim) = (20_000, 256)
        try Self.makePool(h, items: n)
        var body = NPYWriter.header(descr: "<f4", shape: [n, dim])
        body.reserveCapacity(body.count + n * dim * 4)
        for i in 0..<n {
            for j in 0..<dim { withUnsafeBytes(of: Self.scaleValue(i, j).bitPattern.littleEndian) { body += $0 } }
        }
        let r = try Self.putNPY(h, body)
        #expect(r.status == 200)
        let cp = try #require(try Self.checkpoints(h.client.request("GET", "/v1/pools/p/features/emb")).first)
        #expect(cp["rows"] == .int(n) && cp["complete"] == .bool(true) && cp["dim"] == .int(dim))
        let matrix = try h.service.database.read { db -> FeatureMatrix in
            let pool = try #require(try db.pool(named: "p"))
            let feature = try #require(try db.feature(poolID: pool.id, name: "emb"))
            let checkpoint = try #require(try db.checkpoint(featureID: feature.id, label: "default"))
            return try db.readMatrix(checkpoint: checkpoint, poolID: pool.id)
        }
        #expect(matrix.rows == n && matrix.dim == dim)
        for i in [0, 1, 4_999, 12_345, n - 1] {
            #expect((0..<dim).allSatisfy { j in matrix.values[i * dim + j] == Self.scaleValue(i, j) }, "row \(i)")
        }
    }

    static func scaleValue(_ i: Int, _ j: Int) -> Float { Float(i) * 0.001 - Float(j) }

    // MARK: raw socket

    static func head(_ method: String, _ path: String, type: String, length: Int?) -> String {
        "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: \(type)\r\n"
            + (length.map { "Content-Length: \($0)\r\n" } ?? "Transfer-Encoding: chunked\r\n") + "\r\n"
    }

    static func split(_ bytes: [UInt8], size: Int) -> [[UInt8]] {
        stride(from: 0, to: bytes.count, by: size).map { Array(bytes[$0..<min(bytes.count, $0 + size)]) }
    }

    /// Sends `head` and `chunks` (chunk-coded when `chunked`), then reads the answer; with `hangUp`
    /// the socket closes right after the last chunk and nil is returned.
    static func exchange(_ h: ServiceHarness, head: String, chunks: [[UInt8]], chunked: Bool, hangUp: Bool = false) throws -> Response? {
        let connection = try h.client.connect()
        try connection.send(head)
        for chunk in chunks {
            // The server may answer (413) and close before every chunk is sent: stop sending then.
            let framed = chunked ? Array(String(chunk.count, radix: 16).utf8) + [13, 10] + chunk + [13, 10] : chunk
            guard connection.sendIfOpen(framed) else { break }
        }
        if hangUp { return nil }
        if chunked { connection.sendIfOpen(Array("0\r\n\r\n".utf8)) }
        return try TestResponse.parse(connection.readUntilClose())
    }

    static func waitForNoOpenConnections(_ h: ServiceHarness) throws {
        try waitUntil("the server closes the aborted upload's connection") { h.service.openConnections == 0 }
    }
}
