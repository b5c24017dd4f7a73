import Foundation
import JSON
import LinearAlgebra
import Selection
import TestSupport

/// One golden case of Tests/Fixtures (fixtures/README.md), turned into a selector call.
struct Fixture: Decodable {
    struct Tolerance: Decodable {
        let rtol: Double
        let atol: Double
    }

    struct Checkpoint: Decodable {
        let weight: Double
        let candidates: [[Double]]
        let targets: [[Double]]
    }

    let method: String
    let `case`: String
    let params: [String: FixtureValue]
    let candidates: [[Double]]?
    let targets: [[Double]]?
    let checkpoints: [Checkpoint]?
    let tolerance: Tolerance
    let expected: [String: FixtureValue]

    /// The Tests/Fixtures folder.
    static var root: URL { RepositoryFiles.fixtures }

    /// The case names of one fixture folder, sorted.
    static func names(in dir: String) -> [String] {
        RepositoryFiles.fixtureNames(in: dir).map { String($0.dropLast(5)) }
    }

    static func load(_ dir: String, _ name: String) throws -> Fixture {
        let data = try Data(contentsOf: root.appendingPathComponent(dir).appendingPathComponent(name + ".json"))
        return try JSONDecoder().decode(Fixture.self, from: data)
    }

    /// Rows parsed as Double, then narrowed to the float32 the reference used.
    static func matrix(_ rows: [[Double]]) -> Matrix {
        Matrix(rowArrays: rows.map { $0.map(Float.init) }) ?? Matrix(rows: 0, cols: 0)
    }

    func input(blockRows: Int = 4096, workers: Int = 1) -> SelectionInput {
        if let checkpoints {
            let cps = checkpoints.enumerated().map { t, cp in
                SelectionCheckpoint(
                    label: "cp\(t)", weight: cp.weight,
                    candidates: MatrixRowSource(Self.matrix(cp.candidates)), targets: Self.matrix(cp.targets))
            }
            return SelectionInput(checkpoints: cps, blockRows: blockRows, workers: workers)
        }
        return SelectionInput(candidates: Self.matrix(candidates ?? []), targets: Self.matrix(targets ?? []), blockRows: blockRows, workers: workers)
    }

    var budget: Budget? {
        get throws {
            try Budget.make(k: params["k"].flatMap { $0.json.intValue }, fraction: params["fraction"]?.doubleValue, required: false)
        }
    }

    var seed: UInt64? { params["seed"].flatMap { $0.json.intValue }.map { UInt64($0) } }

    /// The method parameters: everything but the budget and the seed.
    var parameters: Parameters {
        var values: [String: JSONValue] = [:]
        for (key, value) in params where !["k", "fraction", "seed"].contains(key) { values[key] = value.json }
        return Parameters(values)
    }

    func run(_ selector: any Selector.Type, blockRows: Int = 4096, workers: Int = 1) throws -> SelectionResult {
        try selector.selectAndMeasure(input(blockRows: blockRows, workers: workers), budget: budget, parameters: parameters, seed: seed, control: .none)
    }

    /// Every mismatch between `result` and the expected block, as readable lines (empty = pass).
    func mismatches(_ result: SelectionResult) -> [String] {
        var out: [String] = []
        for key in expected.keys.sorted() where key != "near_ties" {
            let want = expected[key] ?? .null
            let got: JSONValue?
            switch key {
            case "order": got = .ints(result.order)
            case "k": got = .int(result.order.count)
            case "scores": got = result.scores.map(JSONValue.doubles) ?? .null
            case "picked_by": got = result.pickedBy.map(JSONValue.ints) ?? .null
            case "round": got = result.rounds.map(JSONValue.ints) ?? .null
            default: got = result.diagnostic(key)
            }
            if let problem = FixtureComparison.compare(want, got, tolerance: tolerance, path: key) { out.append(problem) }
        }
        return out
    }
}
