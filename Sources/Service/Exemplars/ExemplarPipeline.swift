import Foundation
import JSON
import Providers
import Selection
import Storage

/// `POST /v1/exemplars` (docs/api.md, docs/methods/exemplars.md §1): filter, [first query to the
/// LLM], query embedding, first stage + re-rank over the cached pool matrix, [final prompt and
/// answer]. Runs on the request's own thread; provider calls block it on the providers' pool.
struct ExemplarPipeline {
    let source: ExemplarSource
    let providers: ServiceProviders

    /// Everything the response reports besides the ranking itself.
    struct Outcome {
        var cot: String?
        var cotCache = "none"
        var embeddingCache = "none"
        var warnings: [String] = []
    }

    /// What one request produced: the response is rendered from it, and callers that score answers
    /// (evaluation jobs) read it directly.
    struct Run {
        var options: ExemplarOptions
        var result: ExemplarResult
        /// The pool's items (`result.order` indexes them).
        var items: [ExemplarItem]
        /// The final conversation in the request's prompt format, exemplars best first.
        var messages: [ChatMessage]
        /// The final answer, read by the prompt format (nil without `generate`).
        var answer: ExemplarCompletion?
        /// `answer` read by the request's answer extractor.
        var answerValue: String?
        var outcome: Outcome
        var timer: ExemplarTimer
    }

    func run(_ request: ExemplarRequest) throws -> JSON.JSONValue {
        ExemplarResponse(request: request, run: try execute(request)).json
    }

    func execute(_ request: ExemplarRequest) throws -> Run {
        let timer = ExemplarTimer()
        if request.generate, providers.chat == nil {
            throw APIError.invalid("generate needs an LLM, and none is configured", param: "generate")
        }
        try Self.mapEngineErrors { try ExemplarPromptBudget.check(question: request.question, maxBytes: request.options.maxPromptBytes) }
        let entry = try entry(request)
        let allowed = try allowedIndices(request, entry)
        var outcome = Outcome()
        let options = Self.fitted(request.options, filteredCount: allowed?.count ?? entry.items.count, warnings: &outcome.warnings)
        var result = try rank(request, entry: entry, allowed: allowed, options: options, timer: timer, outcome: &outcome)
        try Self.mapEngineErrors {
            try ExemplarPromptBudget.apply(&result, question: request.question, maxBytes: options.maxPromptBytes) { entry.items[$0].promptExemplar }
        }
        outcome.warnings += result.warnings
        let messages = request.promptFormat.messages(
            exemplars: result.order.map { entry.items[$0].promptExemplar }, question: request.question, instruction: request.instruction)
        var answer: ExemplarCompletion?
        if request.generate, let chat = providers.chat {
            answer = try timer.timeLLM {
                try chat.ask(messages, format: request.promptFormat, settings: request.generation, maxTokens: request.generation.maxTokens)
            }
        }
        return Run(options: options, result: result, items: entry.items, messages: messages, answer: answer,
                   answerValue: answer.flatMap { request.answerExtractor.value(in: $0.content) }, outcome: outcome, timer: timer)
    }

    /// The pool's cached matrix and items, or its items alone for a method without vectors (`bm25`).
    func entry(_ request: ExemplarRequest) throws -> PoolMatrixCache.Entry {
        guard request.options.reranker.method.usesVectors else { return try source.textEntry(pool: request.pool) }
        let entry = try source.entry(pool: request.pool, feature: request.feature, checkpoint: request.checkpoint)
        guard entry.prepared != nil else { throw APIError.internalError }
        return entry
    }

    /// The method's ranking of F: by the question's bm25 scores alone (`bm25`: no embedder, no
    /// LLM), or over the query vector's first stage, with the bm25 scores for a method fusing both.
    func rank(
        _ request: ExemplarRequest, entry: PoolMatrixCache.Entry, allowed: [Int]?, options: ExemplarOptions, timer: ExemplarTimer,
        outcome: inout Outcome
    ) throws -> ExemplarResult {
        let method = options.reranker.method
        guard method.usesVectors, let pool = entry.prepared else {
            return try timer.timeRanking {
                let lexical = try source.lexicalScores(question: request.question, pool: request.pool, entry: entry)
                return try Self.mapEngineErrors {
                    try ExemplarRanker.rank(lexical: lexical, poolSize: entry.items.count, allowed: allowed, options: options)
                }
            }
        }
        let query = try queryVector(request, entry: entry, pool: pool, allowed: allowed, timer: timer, outcome: &outcome)
        let control = SelectionControl(progress: { stage, _, _ in if stage == "first_stage" { timer.markFirstStageEnd() } })
        return try timer.timeRanking {
            // The bm25 query counts in the first stage's time: both lists are the candidates.
            let lexical = method.usesText ? try source.lexicalScores(question: request.question, pool: request.pool, entry: entry) : nil
            return try Self.mapEngineErrors {
                try ExemplarRanker.rank(query: query, pool: pool, allowed: allowed, options: options, lexical: lexical, control: control)
            }
        }
    }

    /// F as ascending pool indices after `filter` and `exclude_ids`; nil when nothing is filtered.
    func allowedIndices(_ request: ExemplarRequest, _ entry: PoolMatrixCache.Entry) throws -> [Int]? {
        guard !request.filter.isEmpty || !request.excludeIDs.isEmpty else { return nil }
        var keep = [Bool](repeating: true, count: entry.items.count)
        for (n, id) in request.excludeIDs.enumerated() {
            guard let index = entry.indexByID[id] else {
                throw APIError.invalid("exclude_ids[\(n)]: no item \"\(id)\" in pool '\(request.pool)'", param: "exclude_ids[\(n)]")
            }
            keep[index] = false
        }
        if !request.filter.isEmpty {
            for (i, item) in entry.items.enumerated() where keep[i] && !request.filter.matches(item.metadata) { keep[i] = false }
        }
        let allowed = keep.indices.filter { keep[$0] }
        guard !allowed.isEmpty else {
            let param = request.filter.isEmpty ? "exclude_ids" : "filter"
            throw APIError.invalid("no item of pool '\(request.pool)' is left after the filter and exclude_ids", param: param, code: "empty_input")
        }
        return allowed
    }

    /// Lowers k (and m) to the filtered pool size, saying so in `warnings`.
    static func fitted(_ options: ExemplarOptions, filteredCount: Int, warnings: inout [String]) -> ExemplarOptions {
        var o = options
        if o.reranker.usesFirstStage, o.requestedM > filteredCount {
            warnings.append("m lowered from \(o.requestedM) to \(filteredCount): only \(filteredCount) items are left after filtering")
            o.m = filteredCount
        }
        if o.k > filteredCount {
            warnings.append("k lowered from \(o.k) to \(filteredCount): only \(filteredCount) items are left after filtering")
            o.k = filteredCount
        }
        return o
    }

    /// The query: given, or the embedding of the question (+ "\n" + CoT under dual queries).
    func queryVector(_ request: ExemplarRequest, entry: PoolMatrixCache.Entry, pool: ExemplarPool, allowed: [Int]?,
                     timer: ExemplarTimer, outcome: inout Outcome) throws -> [Float] {
        if let given = request.queryVector {
            guard given.count == pool.matrix.cols else {
                throw APIError.invalid("query_vector has \(given.count) values, the feature's vectors \(pool.matrix.cols)",
                                       param: "query_vector", code: "shape_mismatch")
            }
            return given
        }
        try requireEmbedder(entry)
        var text = request.question
        if request.dualQuery {
            if let cot = request.cot {
                outcome.cot = cot
            } else if let chat = providers.chat {
                let initial = try initialExemplars(request, entry: entry, pool: pool, allowed: allowed, timer: timer)
                let turns = request.promptFormat.messages(exemplars: initial, question: request.question, instruction: request.instruction)
                let completion = try timer.timeLLM {
                    try chat.ask(turns, format: request.promptFormat, settings: request.generation, maxTokens: request.generation.cotMaxTokens)
                }
                outcome.cotCache = completion.cache
                outcome.cot = completion.content
            } else {
                outcome.warnings.append("no LLM is configured: the question alone was embedded (single query)")
            }
            if let cot = outcome.cot { text = ExemplarPrompt.secondQueryText(question: request.question, cot: cot) }
        }
        let (vector, cache) = try timer.timeEmbed { try embed(text, dim: pool.matrix.cols) }
        outcome.embeddingCache = cache
        return vector
    }

    /// The feature's vectors came from the configured embedder, so a question can be embedded next to them.
    func requireEmbedder(_ entry: PoolMatrixCache.Entry) throws {
        guard let embedderName = entry.embedder else {
            throw APIError.invalid("the feature holds uploaded vectors (no embedder): send query_vector", param: "query_vector")
        }
        guard providers.matches(embedder: embedderName, model: entry.model) else {
            let configured = providers.embedder.name + (providers.embedder.model.map { " (\($0))" } ?? "")
            throw APIError.invalid("the feature was embedded by \(embedderName)\(entry.model.map { " (\($0))" } ?? ""), but the configured embedder is \(configured); send query_vector",
                                   param: "feature", code: "embedder_mismatch")
        }
    }

    /// Every check `execute` makes before its first provider call (pool, feature, checkpoint,
    /// filter, exclude_ids, initial_ids, embedder; `bm25` reads no feature), without calling a provider: an evaluation
    /// refuses a bad arm when it is created, not half way through the job.
    func validate(_ request: ExemplarRequest) throws {
        let entry = try entry(request)
        _ = try allowedIndices(request, entry)
        _ = try initialIndices(request, entry)
        if request.queryVector == nil, request.options.reranker.method.usesVectors { try requireEmbedder(entry) }
    }

    /// `initial_ids` as pool indices (nil when not given); an unknown id names its position.
    func initialIndices(_ request: ExemplarRequest, _ entry: PoolMatrixCache.Entry) throws -> [Int]? {
        try request.initialIDs?.enumerated().map { n, id in
            guard let index = entry.indexByID[id] else {
                throw APIError.invalid("initial_ids[\(n)]: no item \"\(id)\" in pool '\(request.pool)'", param: "initial_ids[\(n)]")
            }
            return index
        }
    }

    /// `initial_ids`, or the top `initial_k` of F retrieved with the question alone (first-stage order).
    func initialExemplars(_ request: ExemplarRequest, entry: PoolMatrixCache.Entry, pool: ExemplarPool, allowed: [Int]?,
                          timer: ExemplarTimer) throws -> [PromptExemplar] {
        if let indices = try initialIndices(request, entry) { return indices.map { entry.items[$0].promptExemplar } }
        let k = min(request.initialK, allowed?.count ?? entry.items.count)
        guard k > 0 else { return [] }
        let (question, _) = try timer.timeEmbed { try embed(request.question, dim: pool.matrix.cols) }
        let top = try timer.timeRanking {
            try Self.mapEngineErrors {
                try ExemplarRanker.rank(query: question, pool: pool, allowed: allowed, options: ExemplarOptions(reranker: ExemplarReranker(KNNReranker.self), k: k, m: k))
            }
        }
        return top.order.map { entry.items[$0].promptExemplar }
    }

    /// One text's vector and whether the cache answered ("none" for an embedder without a cache).
    func embed(_ text: String, dim: Int) throws -> ([Float], String) {
        let result: EmbedResult
        do { result = try providers.embedder.embed([text]) } catch { throw APIError.provider(error, what: "embedder") }
        guard let vector = result.vectors.first, vector.allSatisfy(\.isFinite) else {
            throw APIError(status: 502, type: "upstream_error", message: "the embedder returned no usable vector")
        }
        guard vector.count == dim else {
            throw APIError(status: 502, type: "upstream_error", code: "shape_mismatch",
                           message: "the embedder returned \(vector.count) values; the feature's vectors have \(dim)")
        }
        let cache = result.cacheHits > 0 ? "hit" : (result.cacheMisses > 0 ? "miss" : "none")
        return (vector, cache)
    }

    /// The engine names its inputs `query`, `pool`, `exclude`; the API calls them otherwise.
    static func mapEngineErrors<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as SelectionError {
            throw APIError(e) { p in ["query": "query_vector", "exclude": "exclude_ids", "reranker": "method"][p] ?? p }
        }
    }
}
