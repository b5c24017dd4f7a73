import Selection
import Testing

/// Every golden case of the methods of this module reproduces its expected block, both in one
/// candidate block and streamed in blocks of 7 rows, on 1 to 8 worker threads, and the parallel
/// runs are bit-identical to the single-threaded one.
@Suite struct FixtureReplayTests {
    /// Methods whose fixtures carry more than this suite's format and have a replay suite of
    /// their own (GISTFixtureTests, TAROTFixtureTests, DSIRFixtureTests).
    static let ownReplaySuites: Set = ["gist", "tarot", "dsir"]
    /// Every registered method with a fixture folder named after it: a new method's fixtures are
    /// replayed here as soon as its folder exists, with no list to update.
    static let directories = SelectionEngine.selectors.map { $0.methodName }
        .filter { !ownReplaySuites.contains($0) && !Fixture.names(in: $0).isEmpty }
    static let cases: [(dir: String, name: String)] = directories
        .flatMap { dir in Fixture.names(in: dir).map { (dir, $0) } }

    /// Every method has a fixture folder of its own, except the two LESS variants, which run
    /// LESS's scoring with another reduction and are covered by their own unit tests.
    @Test func everyMethod_HasAFixtureFolder() {
        let lessVariants: Set = ["doubly_greedy", "mean_topk"]
        for name in SelectionEngine.selectors.map({ $0.methodName }) where !lessVariants.contains(name) {
            #expect(!Fixture.names(in: name).isEmpty, "no fixtures in Tests/Fixtures/\(name)")
        }
        #expect(Self.directories.count >= 7)
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
