import Selection
import Testing

/// Every golden case of the methods of this module reproduces its expected block, both in one
/// candidate block and streamed in blocks of 7 rows, on 1 to 8 worker threads, and the parallel
/// runs are bit-identical to the single-threaded one.
@Suite struct FixtureReplayTests {
    static let directories = ["less", "round_robin", "uot", "knn_uniform", "random", "facility_location", "leverage"]
    static let cases: [(dir: String, name: String)] = directories
        .flatMap { dir in Fixture.names(in: dir).map { (dir, $0) } }

    @Test func everyMethodDirectory_HasFixtures() {
        for dir in Self.directories {
            #expect(!Fixture.names(in: dir).isEmpty, "no fixtures in \(dir)")
        }
    }

    @Test(arguments: cases.map { "\($0.dir)/\($0.name)" })
    func fixture_IsReproduced(_ id: String) throws {
        let parts = id.split(separator: "/").map(String.init)
        let fixture = try Fixture.load(parts[0], parts[1])
        let selector = try #require(SelectionEngine.selector(named: fixture.method))
        let alone = try fixture.run(selector)
        for (blockRows, workers) in [(4096, 1), (7, 1), (4096, 2), (7, 3), (4096, 8), (13, 8)] {
            let result = try fixture.run(selector, blockRows: blockRows, workers: workers)
            let problems = fixture.mismatches(result)
            #expect(problems.isEmpty, "\(id) (blocks of \(blockRows), \(workers) workers): \(problems.prefix(5).joined(separator: "; "))")
            #expect(result == alone, "\(id) (blocks of \(blockRows), \(workers) workers) differs from one worker")
        }
    }
}
