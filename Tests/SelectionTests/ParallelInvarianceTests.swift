import JSON
import LinearAlgebra
import Selection
import Testing

/// Every method gives bit-identical results on 1, 2, 3 and 8 worker threads (more than the box's
/// cores too) and for every block size, on inputs spanning several GEMM tiles (N = 2,600: tiles
/// of 1,024 rows, blocks that straddle them) with repeated rows in different tiles.
@Suite struct ParallelInvarianceTests {
    static let workerCounts = [1, 2, 3, 8]
    static let blockSizes = [7, 1000, 4096]

    /// 2,600 candidates; rows 5 and 700 reappear at 1,500 and 2,599 (other tiles, other positions).
    static let data: SyntheticInput = {
        SyntheticInput(seed: 11, n: 2600, m: 6, d: 12)
            .duplicatingCandidate(5, onto: 1500)
            .duplicatingCandidate(700, onto: 2599)
    }()

    static func parameters(_ name: String) -> [String: JSONValue] {
        switch name {
        case "knn_uniform": ["L": .int(300)]
        case "tarot": ["max_neighbors": .int(40), "k_folds": .int(3)]
        default: [:]
        }
    }

    @Test(arguments: SelectionEngine.vectorMethodNames)
    func everyMethod_GivesTheSameBits_OnAnyNumberOfWorkers_AndAnyBlockSize(_ name: String) throws {
        let selector = try #require(SelectionEngine.selector(named: name))
        let k = 400
        let reference = try runSelector(selector, Self.data.input(), k: k, parameters: Self.parameters(name), seed: 5)
        // The comparison covers the quality diagnostics (coverage.md §4), from S or from their own pass.
        #expect(reference.diagnostic(SelectionQuality.diagnosticKey)?["coverage"]?.doubleValue != nil, "\(name)")
        for workers in Self.workerCounts {
            for blockRows in Self.blockSizes {
                let result = try runSelector(
                    selector, Self.data.input(blockRows: blockRows, workers: workers), k: k, parameters: Self.parameters(name), seed: 5)
                #expect(result == reference, "\(name): \(workers) workers, blocks of \(blockRows)")
            }
        }
    }

    @Test(arguments: workerCounts)
    func tarotOTM_GivesTheSameBits_OnAnyNumberOfWorkers(_ workers: Int) throws {
        let small = SyntheticInput(seed: 12, n: 700, m: 12, d: 6)
        func run(_ input: SelectionInput) throws -> SelectionResult {
            try TAROTSelector.selectAndMeasure(
                input, budget: nil, parameters: Parameters(["max_neighbors": .int(30), "k_folds": .int(4)]), seed: 9, control: .none)
        }
        let reference = try run(small.input())
        #expect(try run(small.input(blockRows: 100, workers: workers)) == reference)
    }

    @Test(arguments: workerCounts)
    func similarity_IsTheSame_OnAnyNumberOfWorkers(_ workers: Int) throws {
        let reference = try SimilarityMatrix.compute(Self.data.input(), weights: [1])
        for blockRows in Self.blockSizes {
            #expect(try SimilarityMatrix.compute(Self.data.input(blockRows: blockRows, workers: workers), weights: [1]) == reference)
        }
    }

    @Test(arguments: workerCounts)
    func nonFiniteCandidate_IsNamed_OnAnyNumberOfWorkers(_ workers: Int) throws {
        var data = Self.data
        data.candidates[1800, 3] = .nan
        data.candidates[2300, 0] = .infinity
        for name in ["less", "gist", "random"] {
            let selector = try #require(SelectionEngine.selector(named: name))
            let error = selectionError { _ = try runSelector(selector, data.input(blockRows: 1000, workers: workers), k: 3) }
            #expect(error?.code == .nonFiniteInput, "\(name)")
            #expect(error?.message.contains("candidate 1800 ") == true, "\(name): \(error?.message ?? "no error")")
        }
    }
}
