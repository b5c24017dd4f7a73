import JSON
import Testing
import LinearAlgebra
@testable import Selection

@Suite struct TAROTFixtureTests {
    static func run(_ fixture: TarotGistFixture, blockRows: Int = 4096, workers: Int = 1) throws -> SelectionResult {
        try TAROTSelector.select(
            fixture.input(blockRows: blockRows, workers: workers), budget: fixture.budget, parameters: fixture.parameters,
            seed: fixture.seed, control: .none)
    }

    @Test(arguments: TarotGistFixture.names("tarot"))
    func tarot_ReproducesFixture(_ name: String) throws {
        let fixture = try TarotGistFixture("tarot", name)
        let result = try Self.run(fixture)
        let expected = fixture.expected
        #expect(result.order == fixture.ints("selected"))
        #expect(result.order == fixture.ints("order"))
        #expect(result.diagnostic("mode")?.stringValue == expected["mode"] as? String)
        #expect(fixture.close(result.diagnostic("ratio")?.doubleValue ?? .nan, expected["ratio"] as? Double ?? .nan))
        #expect(fixture.allClose(result.weights ?? [], fixture.doubles("weights")))
        #expect(result.warnings.count == (expected["warnings"] as? [Any])?.count)
        if let nSelect = expected["n_select"] as? Int { #expect(result.diagnostic("n_select")?.intValue == nSelect) }
        if let layer = expected["last_layer"] as? [String: Any] {
            let actual = result.diagnostic("last_layer")
            #expect(actual?["index"]?.intValue == layer["index"] as? Int)
            #expect(actual?["need"]?.intValue == layer["need"] as? Int)
            #expect(actual?["new"]?.intArray == fixture.ints("new", in: layer))
            #expect(fixture.allClose(actual?["potentials"]?.doubleArray ?? [], fixture.doubles("potentials", in: layer)))
        }
        if let folds = expected["folds"] as? [[String: Any]] {
            let actual = result.diagnostic("folds")?.arrayValue ?? []
            #expect(actual.count == folds.count)
            for (got, want) in zip(actual, folds) { expectFold(got, matches: want, fixture) }
        }
    }

    func expectFold(_ got: JSONValue, matches want: [String: Any], _ fixture: TarotGistFixture) {
        #expect(got["proposers"]?.intArray == fixture.ints("proposers", in: want))
        #expect(got["best_k"]?.intValue == want["best_k"] as? Int)
        #expect(got["n_fold_selected"]?.intValue == want["n_fold_selected"] as? Int)
        if let cost = want["best_cost"] as? Double {
            #expect(fixture.close(got["best_cost"]?.doubleValue ?? .nan, cost))
        } else {
            #expect(got["best_cost"] == .null)
        }
        let curve = got["curve"]?.arrayValue ?? []
        let wantCurve = want["curve"] as? [Any] ?? []
        #expect(curve.count == wantCurve.count)
        for (c, w) in zip(curve, wantCurve) {
            if let w = w as? Double { #expect(fixture.close(c.doubleValue ?? .nan, w)) } else { #expect(c == .null) }
        }
    }

    @Test(arguments: TarotGistFixture.names("tarot"), [1, 7])
    func tarot_GivesBitIdenticalResults_WhateverTheBlockSize(_ name: String, _ blockRows: Int) throws {
        let fixture = try TarotGistFixture("tarot", name)
        #expect(try Self.run(fixture, blockRows: blockRows) == Self.run(fixture))
    }

    @Test(arguments: TarotGistFixture.names("tarot"), [2, 3, 8])
    func tarot_GivesBitIdenticalResults_WhateverTheNumberOfWorkers(_ name: String, _ workers: Int) throws {
        let fixture = try TarotGistFixture("tarot", name)
        let alone = try Self.run(fixture)
        for blockRows in [4096, 7] {
            #expect(try Self.run(fixture, blockRows: blockRows, workers: workers) == alone, "blocks of \(blockRows), \(workers) workers")
        }
    }
}
