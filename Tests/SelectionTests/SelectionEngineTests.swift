import Selection
import Synchronization
import Testing

@Suite struct SelectionEngineTests {
    @Test func registry_FindsEveryMethodByItsName() {
        for name in ["less", "doubly_greedy", "mean_topk", "round_robin", "uot", "knn_uniform", "gist", "tarot", "random"] {
            #expect(SelectionEngine.selector(named: name)?.methodName == name)
        }
        #expect(SelectionEngine.methodNames == ["less", "doubly_greedy", "mean_topk", "round_robin", "uot", "knn_uniform", "gist", "tarot", "random"])
    }

    @Test func unknownMethod_IsNotFound() {
        #expect(SelectionEngine.selector(named: "Less") == nil)
        #expect(SelectionEngine.selector(named: "") == nil)
    }

    /// Cancellation raised once the similarity pass is over must still stop the method's own loop.
    @Test(arguments: ["less", "doubly_greedy", "mean_topk", "round_robin", "uot", "knn_uniform"])
    func cancellationAfterSimilarity_StopsTheMethodLoop(_ name: String) throws {
        let selector = try #require(SelectionEngine.selector(named: name))
        let flag = Mutex(false)
        let control = SelectionControl(
            isCancelled: { flag.withLock { $0 } },
            progress: { stage, done, total in
                if stage == SimilarityMatrix.progressStage, done == total { flag.withLock { $0 = true } }
            })
        let data = SyntheticInput(seed: 3, n: 20, m: 3, d: 4)
        let error = selectionError { _ = try runSelector(selector, data.input(), k: 5, control: control) }
        #expect(error?.code == .cancelled)
    }

    @Test(arguments: ["less", "round_robin", "uot", "knn_uniform"])
    func progress_ReportsTheSimilarityStage_ThenTheMethodStage(_ name: String) throws {
        let selector = try #require(SelectionEngine.selector(named: name))
        let log = ProgressLog()
        let data = SyntheticInput(seed: 4, n: 20, m: 3, d: 4)
        _ = try runSelector(selector, data.input(blockRows: 8), k: 5, control: SelectionControl(progress: { log.record($0, $1, $2) }))
        let stages = log.entries.map(\.stage)
        #expect(stages.first == SimilarityMatrix.progressStage)
        #expect(stages.last == name)
    }
}
