import JSON
import Selection
import Synchronization
import Testing

@Suite struct SelectionEngineTests {
    @Test func registry_FindsEveryMethodByItsOwnName_AndNamesAreUnique() {
        for selector in SelectionEngine.selectors {
            #expect(SelectionEngine.selector(named: selector.method.name)?.method.name == selector.method.name)
        }
        #expect(Set(SelectionEngine.methodNames).count == SelectionEngine.selectors.count)
    }

    /// The declaration is what the parser uses: sending every declared default gives the same
    /// selection as sending nothing, and every declared parameter is accepted.
    @Test(arguments: SelectionEngine.vectorMethodNames)
    func declaredDefaults_AreTheDefaultsTheMethodRunsWith(_ name: String) throws {
        let selector = try #require(SelectionEngine.selector(named: name))
        let data = SyntheticInput(seed: 5, n: 40, m: 6, d: 4)
        let defaults = Dictionary(uniqueKeysWithValues: selector.method.parameters.compactMap { p in p.defaultValue.map { (p.name, $0) } })
        let implicit = try runSelector(selector, data.input(), k: 5)
        let explicit = try runSelector(selector, data.input(), k: 5, parameters: defaults)
        #expect(implicit.order == explicit.order)
        #expect(selector.allowedParameters == Set(selector.method.parameters.map(\.name)))
    }

    @Test func rerankerRegistry_FindsEveryRerankerByItsOwnName_AndNamesAreUnique() throws {
        let names = SelectionEngine.rerankers.map { $0.method.name }
        #expect(Set(names).count == names.count)
        for name in names { #expect(try ExemplarReranker.named(name).method.name == name) }
        #expect(ExemplarReranker(rawValue: "no_such_reranker") == nil)
    }

    /// A re-ranker's declared defaults are the options it runs with when the request sends none.
    @Test(arguments: SelectionEngine.rerankers.map { $0.method.name })
    func rerankerDeclaredDefaults_AreTheOptionsDefaults(_ name: String) throws {
        let method = try ExemplarReranker.named(name).method
        var explicit: [String: JSONValue] = ["reranker": .string(name)]
        for p in method.parameters {
            let value: JSONValue = try #require(p.defaultValue, "\(name).\(p.name) declares no default")
            explicit[p.name] = value
        }
        let implicit = try ExemplarOptions(parameters: Parameters(["reranker": .string(name)]))
        #expect(try ExemplarOptions(parameters: Parameters(explicit)) == implicit)
        #expect(implicit.requestedM == method.defaultM)
    }

    /// The job echo fills in exactly the declared defaults, in declaration order, and keeps what was sent.
    @Test func filled_AddsDeclaredDefaultsInOrder_KeepingSentValues() {
        let method = MethodDescription(
            name: "toy", summary: "",
            parameters: [
                MethodParameter("a", .integer, default: .int(1), range: ">= 1", help: ""),
                MethodParameter("b", .number, default: nil, range: "> 0", help: ""),
                MethodParameter("c", .string, default: .string("x"), range: "x | y", help: ""),
            ])
        #expect(method.filled([JSONValue.Member("c", .string("y"))]) == [JSONValue.Member("a", .int(1)), JSONValue.Member("c", .string("y"))])
        #expect(method.filled([JSONValue.Member("b", .double(2))]).map(\.key) == ["a", "b", "c"])
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
        #expect(stages.last { $0 != SelectionQuality.progressStage } == name)
        // Each of these keeps S, so its quality figures take no pass of their own (uot too, since
        // its solver works on a copy; SelectionQualityTests covers every method).
        #expect(stages.last != SelectionQuality.progressStage, "\(stages.suffix(3))")
    }
}
