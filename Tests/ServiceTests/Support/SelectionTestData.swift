import Foundation
import JSON
import LinearAlgebra
import Selection
@testable import Service
import Storage
import Testing
import TestSupport

/// Pools with features for selection tests: items go through the API; feature rows are written
/// through Storage (the features upload route is not on this branch).
enum SelectionTestData {
    /// Deterministic values in [-1, 1).
    static func matrix(rows: Int, cols: Int, seed: UInt64) -> Matrix {
        var rng = SplitMix64(seed: seed)
        let values = (0..<(rows * cols)).map { _ in Float(Double(rng.next() >> 11) / Double(1 << 53) * 2 - 1) }
        return Matrix(rows: rows, cols: cols, values: values)
    }

    static func itemID(_ index: Int) -> String { "item-\(index)" }

    /// Creates pool `name` with `n` items through the API.
    static func createPool(_ h: ServiceHarness, _ name: String, items n: Int) throws {
        #expect(try h.client.json("POST", "/v1/pools", .object(["name": .string(name)])).status == 201)
        guard n > 0 else { return }
        var start = 0
        while start < n {
            let end = min(n, start + 20_000)
            let items = JSONValue.array((start..<end).map { .object(["id": .string(itemID($0)), "text": .string("text \($0)")]) })
            let r = try h.client.json("POST", "/v1/pools/\(name)/items", .object(["items": items]))
            #expect(r.status == 200, "\(r.text)")
            start = end
        }
    }

    /// Writes `matrix` (row i = item of index i) as checkpoint `label` of feature `feature`.
    static func writeFeature(_ h: ServiceHarness, pool: String, feature: String, label: String = "default",
                             weight: Double = 1, _ matrix: Matrix) throws {
        try writeFeature(h.service.database, pool: pool, feature: feature, label: label, weight: weight, matrix)
    }

    static func writeFeature(_ database: DatabasePool, pool: String, feature: String, label: String = "default",
                             weight: Double = 1, _ matrix: Matrix) throws {
        try database.write { db in
            let p = try db.requirePool(named: pool)
            let f = try db.featureOrCreate(poolID: p.id, name: feature)
            let c = try db.checkpoint(featureID: f.id, label: label)
                ?? db.createCheckpoint(featureID: f.id, label: label, dim: matrix.cols, weight: weight)
            let keys = try db.itemKeys(poolID: p.id)
            let writer = try FeatureRowWriter(db: db, checkpoint: c, mode: .replaceAll)
            for (i, key) in keys.enumerated() where i < matrix.rows {
                try writer.append(itemRowID: key.rowID, vector: Array(matrix.values[(i * matrix.cols)..<((i + 1) * matrix.cols)]))
            }
            try writer.commit()
        }
    }

    /// A version 1.0 `.npy` of a float32 C-order matrix (header padded to a multiple of 64).
    static func npy(_ m: Matrix) -> [UInt8] {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(m.rows), \(m.cols)), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var out: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        out += [UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)]
        out += Array(header.utf8)
        m.values.withUnsafeBytes { out += $0 }
        return out
    }

    /// Uploads `m` as feature `feature` (checkpoint `default`) through `PUT .../features/{name}`.
    static func upload(_ h: ServiceHarness, pool: String, feature: String, _ m: Matrix) throws {
        let r = try h.client.request("PUT", "/v1/pools/\(pool)/features/\(feature)", headers: [("Content-Type", "application/x-npy")], body: npy(m))
        #expect((200..<300).contains(r.status), "\(r.status) \(r.text.prefix(300))")
    }

    /// A pool of `n` items with one complete feature checkpoint; returns the matrix written.
    @discardableResult
    static func pool(_ h: ServiceHarness, _ name: String, n: Int, d: Int, seed: UInt64, feature: String = "emb") throws -> Matrix {
        try createPool(h, name, items: n)
        let m = matrix(rows: n, cols: d, seed: seed)
        try writeFeature(h, pool: name, feature: feature, m)
        return m
    }

    static func body(method: String, candidates: String = "cands", targets: JSONValue? = .object(["pool": .string("tgts"), "feature": .string("emb")]),
                     budget: JSONValue = .object(["k": .int(10)]), params: JSONValue? = nil,
                     extra: [JSONValue.Member] = []) -> JSONValue {
        var members = [JSONValue.Member("candidates", .object(["pool": .string(candidates), "feature": .string("emb")]))]
        if let targets { members.append(JSONValue.Member("targets", targets)) }
        members.append(JSONValue.Member("method", .string(method)))
        members.append(JSONValue.Member("budget", budget))
        if let params { members.append(JSONValue.Member("params", params)) }
        return .object(members + extra)
    }

    /// A fixture's `params` as a request sends them: `k`/`fraction` in `budget`, `seed` at the
    /// top level (`extra`), everything else in `params`.
    static func split(fixtureParams: JSONValue?) -> (params: [JSONValue.Member], budget: [JSONValue.Member], extra: [JSONValue.Member]) {
        var out: (params: [JSONValue.Member], budget: [JSONValue.Member], extra: [JSONValue.Member]) = ([], [], [])
        guard case let .object(members)? = fixtureParams else { return out }
        for m in members {
            switch m.key {
            case "k", "fraction": out.budget.append(m)
            case "seed": out.extra.append(m)
            default: out.params.append(m)
            }
        }
        return out
    }

    static func inlineRows(_ m: Matrix) -> JSONValue {
        .array((0..<m.rows).map { r in .array((0..<m.cols).map { .double(Double(m[r, $0])) }) })
    }

    /// POSTs a selection and returns the job id (expects 202 and a Location).
    static func submit(_ h: ServiceHarness, _ body: JSONValue) throws -> String {
        let r = try h.client.json("POST", "/v1/selections", body)
        #expect(r.status == 202, "\(r.text)")
        let id = try #require(try r.json()["id"]?.stringValue)
        #expect(r.header("Location") == "/v1/jobs/\(id)")
        return id
    }

    /// Polls the job until it reaches a final status (or `timeout` passes) and returns it.
    static func waitFinished(_ client: TestHTTPClient, _ id: String, timeout: Double = 60) throws -> JSONValue {
        try waitFor(client, id, timeout: timeout) { ["succeeded", "failed", "cancelled"].contains($0) }
    }

    static func waitFor(_ client: TestHTTPClient, _ id: String, timeout: Double, _ accept: (String) -> Bool) throws -> JSONValue {
        try waitUntil(client, id, timeout: timeout) { job in job["status"]?.stringValue.map(accept) ?? false }
    }

    /// Polls the job until `accept` holds for it (its status, its progress, ...).
    static func waitUntil(_ client: TestHTTPClient, _ id: String, timeout: Double, _ accept: (JSONValue) -> Bool) throws -> JSONValue {
        var job = JSONValue.null
        if try eventually(within: timeout, interval: 0.02, { job = try client.json("GET", "/v1/jobs/\(id)").json(); return accept(job) }) {
            return job
        }
        throw TestFailure("job \(id) still \(job["status"]?.stringValue ?? "?") after \(timeout) s")
    }

    /// Waits until the job is running and has reported work done: the observable proof that a
    /// worker is inside it (a status alone is set before the method starts).
    static func waitUntilWorking(_ client: TestHTTPClient, _ id: String, timeout: Double = 30) throws -> JSONValue {
        try waitUntil(client, id, timeout: timeout) { job in
            job["status"]?.stringValue == "running" && (job["progress"]?["done"]?.intValue ?? 0) > 0
        }
    }

    /// Every selected row of a succeeded job, through the json format.
    static func selected(_ client: TestHTTPClient, _ id: String) throws -> [JSONValue] {
        let r = try client.json("GET", "/v1/jobs/\(id)/result?limit=100000")
        #expect(r.status == 200, "\(r.text)")
        return try r.json()["selected"]?.arrayValue ?? []
    }

    static func jobCount(_ h: ServiceHarness) throws -> Int {
        try h.client.json("GET", "/v1/jobs").json()["data"]?.arrayValue?.count ?? -1
    }
}
