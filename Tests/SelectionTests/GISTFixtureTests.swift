import Testing
import LinearAlgebra
@testable import Selection

@Suite struct GISTFixtureTests {
    @Test(arguments: TarotGistFixture.names("gist"))
    func gist_ReproducesFixture(_ name: String) throws {
        let fixture = try TarotGistFixture("gist", name)
        let result = try GISTSelector.select(fixture.input(), budget: fixture.budget, parameters: fixture.parameters, seed: nil, control: .none)
        #expect(result.order == fixture.ints("order"))
        #expect(result.order.count == fixture.expected["k"] as? Int)
        #expect(fixture.allClose(result.scores ?? [], fixture.doubles("scores")))
        #expect(fixture.allClose(result.diagnostic("all_scores")?.doubleArray ?? [], fixture.doubles("all_scores")))
        #expect(result.diagnostic("rank_used")?.intArray == fixture.ints("rank_used"))
        #expect(fixture.allClose(result.diagnostic("energy_captured")?.doubleArray ?? [], fixture.doubles("energy_captured")))
        #expect(result.diagnostic("n_targets")?.intValue == fixture.expected["n_targets"] as? Int)
    }

    @Test(arguments: TarotGistFixture.names("gist"), [1, 7])
    func gist_GivesBitIdenticalResults_WhateverTheBlockSize(_ name: String, _ blockRows: Int) throws {
        let fixture = try TarotGistFixture("gist", name)
        let whole = try GISTSelector.select(fixture.input(), budget: fixture.budget, parameters: fixture.parameters, seed: nil, control: .none)
        let blocked = try GISTSelector.select(fixture.input(blockRows: blockRows), budget: fixture.budget, parameters: fixture.parameters, seed: nil, control: .none)
        #expect(blocked == whole)
    }

    @Test(arguments: TarotGistFixture.names("gist"), [2, 3, 8])
    func gist_GivesBitIdenticalResults_WhateverTheNumberOfWorkers(_ name: String, _ workers: Int) throws {
        let fixture = try TarotGistFixture("gist", name)
        let alone = try GISTSelector.select(fixture.input(), budget: fixture.budget, parameters: fixture.parameters, seed: nil, control: .none)
        for blockRows in [4096, 7] {
            let parallel = try GISTSelector.select(
                fixture.input(blockRows: blockRows, workers: workers), budget: fixture.budget, parameters: fixture.parameters,
                seed: nil, control: .none)
            #expect(parallel == alone, "blocks of \(blockRows), \(workers) workers")
        }
    }
}
