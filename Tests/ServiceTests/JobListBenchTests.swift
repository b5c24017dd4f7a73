import Foundation
import JSON
@testable import Service
import Storage
import Testing
import TestSupport

/// By-hand benchmark of `GET /v1/jobs` (bench/job-list/run.sh): 1,000 selection jobs whose stored
/// requests carry 1,000 inline target rows each, listed in pages of 100. Figures, per page: the
/// route, the floor (the same rows read from SQLite, request text included), and the page
/// written with the stored requests spliced as text (now) against parsed and written again (as
/// the route did before). Skipped unless SHORTLIST_BENCH is set; never asserts on time.
@Suite struct JobListBenchTests {
    static let env = JobBenchTests.env
    static func setting(_ key: String, _ fallback: Int) -> Int { JobBenchTests.setting(key, fallback) }
    static func milliseconds(_ body: () throws -> Void) rethrows -> Double { try JobBenchTests.seconds(body) * 1000 }

    static func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

    /// A selection request as the service echoes it, with `rows` inline target rows of `dim` values.
    static func request(rows: Int, dim: Int, seed: Int) -> String {
        var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15
        let vectors: [JSONValue] = (0..<rows).map { _ in
            .array((0..<dim).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return .double(Double(Float(Int(state >> 40) % 2000 - 1000) / 997))
            })
        }
        return JSONWriter.text(.object([
            "candidates": .object(["pool": .string("bench"), "feature": .string("f")]),
            "targets": .object(["vectors": .array(vectors)]),
            "method": .string("less"), "budget": .object(["k": .int(10)]), "params": .object(["groups": .string("each")]),
            "checkpoint_weights": .object(["default": .double(1)]),
        ]))
    }

    #if DEBUG
    static let build = "debug"
    #else
    static let build = "release"
    #endif

    @Test(.enabled(if: env["SHORTLIST_BENCH"] != nil))
    func listingJobs_PerPage_AgainstItsFloor() throws {
        let jobs = Self.setting("SHORTLIST_BENCH_JOBS", 1000), rows = Self.setting("SHORTLIST_BENCH_ROWS", 1000)
        let dim = Self.setting("SHORTLIST_BENCH_D", 8), pageSize = 100, rounds = Self.setting("SHORTLIST_BENCH_RUNS", 3)
        let h = try ServiceHarness.make()
        let texts = (0..<8).map { Self.request(rows: rows, dim: dim, seed: $0) }
        // Each job is inserted already finished (one transaction), so the runner never picks it up.
        let outcome = JobOutcome(status: .succeeded, diagnostics: #"{"all":"done"}"#, warnings: "[]")
        try h.service.database.write { db in
            try db.transaction {
                for n in 0..<jobs {
                    let id = String(format: "job_%06d", n)
                    _ = try db.insertJob(id: id, kind: .selection, request: texts[n % texts.count])
                    try db.finishJob(id: id, outcome)
                }
            }
        }
        var route: [Double] = [], floor: [Double] = [], spliced: [Double] = [], reparsed: [Double] = []
        var pageBytes = 0
        for _ in 0..<rounds {
            var cursor: String?
            repeat {
                let path = "/v1/jobs?limit=\(pageSize)" + (cursor.map { "&cursor=\($0)" } ?? "")
                var response: TestResponse?
                route.append(try Self.milliseconds { response = try h.client.request("GET", path) })
                pageBytes = response?.body.count ?? 0
                var page: Page<JobRecord>?
                floor.append(try Self.milliseconds { page = try h.service.database.read { try $0.listJobs(limit: pageSize, cursor: cursor) } })
                let records = page?.items ?? []
                spliced.append(Self.milliseconds { _ = JSONWriter.encode(.array(records.map(JobJSON.job))) })
                reparsed.append(Self.milliseconds {
                    _ = JSONWriter.encode(.array(records.map { r in
                        .object(["id": .string(r.id), "request": (try? JSONParser.parse(r.request)) ?? .null])
                    }))
                })
                cursor = page?.nextCursor
            } while cursor != nil
        }
        let r = Self.median(route), f = Self.median(floor), s = Self.median(spliced), p = Self.median(reparsed)
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
        print(String(format: "BENCH job-list jobs=%d rows=%d d=%d page=%d bytes/page=%d", jobs, rows, dim, pageSize, pageBytes))
        // BENCH-RESULT lines are what `make bench PART=job-list` records (bench/bench.py).
        // Each note names the build: a debug figure is several times a release one.
        print(String(format: "BENCH-RESULT name=route_per_page value=%.2f unit=ms floor=%.2f note=", r, f)
              + "\(Self.build) build; floor: the page's rows read from SQLite")
        print(String(format: "BENCH-RESULT name=write_page_spliced value=%.2f unit=ms note=", s) + "\(Self.build) build; \(pageBytes) bytes per page")
        print(String(format: "BENCH-RESULT name=write_page_reparsed value=%.2f unit=ms floor=%.2f note=", p, s)
              + "\(Self.build) build; what the route did before; floor: the spliced write")
        // The route before the change is gone from the code; what it cost per page is the route now
        // with the spliced write swapped for the re-parsed one, both measured in this run.
        print(String(format: "BENCH-RESULT name=route_per_page_before value=%.2f unit=ms floor=%.2f note=", r - s + p, r)
              + "\(Self.build) build; derived: route + re-parsed write - spliced write; floor: the route now")
        print("BENCH job-list load=\(load)")
    }
}
