import Foundation
import JSON
import Selection
import Storage

/// Runs `evaluation` jobs: for every (query, arm) pair not yet stored, query-major (so the arms of
/// one query ask the same first query, which the provider cache then answers once), runs the
/// arm's exemplar request through `ExemplarPipeline` exactly as `POST /v1/exemplars` would with
/// `generate`, scores the answer and stores the pair in its own transaction. A restarted job
/// skips the pairs it finds; a cancel takes effect between pairs. An upstream failure (after the
/// provider's own retries) is stored as an `error` pair; any other error fails the job.
struct EvaluationJobExecutor: JobExecutor {
    let kind = JobKind.evaluation
    let database: DatabasePool
    let pipeline: ExemplarPipeline
    let defaults: GenerationDefaults

    func run(_ context: JobContext) throws -> JobCompletion {
        let request = try EvaluationRequest.parse(stored: context.job.request, defaults: defaults)
        let jobID = context.job.id
        let (queries, stored) = try database.read { db in (try db.evaluationQueries(jobID: jobID), try db.evaluationPairs(jobID: jobID)) }
        let armCount = request.arms.count
        let total = queries.count * armCount
        var finished = Set(stored.map { $0.position(armCount: armCount) })
        let resumed = finished.count
        context.progress(stage: "evaluating", done: finished.count, total: total)
        for query in queries {
            for (armIndex, arm) in request.arms.enumerated() {
                let position = query.queryIndex * armCount + armIndex
                guard !finished.contains(position) else { continue }
                try context.checkCancelled()
                let row = try evaluate(query, armIndex: armIndex, arm: arm, scorer: request.scorer)
                try database.write { db in try db.insertEvaluationPair(jobID: jobID, armCount: armCount, row) }
                finished.insert(position)
                context.progress(stage: "evaluating", done: finished.count, total: total)
            }
        }
        let pairs = try database.read { db in try db.evaluationPairs(jobID: jobID) }
        let summary = EvaluationSummary(armNames: request.arms.map(\.name), queryCount: queries.count, pairs: pairs,
                                        resamples: request.resamples, seed: UInt64(request.seed))
        guard case var .object(members) = summary.json else { throw APIError.internalError }
        members.append(.init("run", .object([
            "pairs": .int(total), "pairs_resumed": .int(resumed), "pairs_run": .int(total - resumed),
        ])))
        return JobCompletion(diagnostics: JSONWriter.text(.object(members)))
    }

    /// One pair: select, prompt, ask, score. Upstream failures become an `error` row.
    func evaluate(_ query: EvaluationQueryRow, armIndex: Int, arm: EvaluationArm, scorer: AnswerScorer) throws -> EvaluationPairRow {
        let request = arm.request(question: query.question)
        let run: ExemplarPipeline.Run
        do {
            run = try pipeline.execute(request)
        } catch let e as APIError where Self.isUpstreamFailure(e) {
            return EvaluationPairRow(queryIndex: query.queryIndex, armIndex: armIndex, isError: true, exemplarIDs: "[]",
                                     error: JSONWriter.text(e.body["error"] ?? .null))
        }
        let ids = JSONValue.array(run.result.order.map { .string(run.items[$0].id) })
        let answer = run.answer?.content ?? ""
        let score = scorer.score(answer: answer, gold: query.gold, armExtractor: request.answerExtractor)
        return EvaluationPairRow(
            queryIndex: query.queryIndex, armIndex: armIndex, isError: false, exemplarIDs: JSONWriter.text(ids), answer: answer,
            value: score.value, correct: score.correct, latencyMs: run.timer.llm, promptTokens: run.answer?.promptTokens,
            completionTokens: run.answer?.completionTokens, cache: run.answer?.cache)
    }

    /// What the provider layer reports once its retries are spent: the endpoint failed or timed
    /// out. Everything else (a missing pool, a bad filter) is the job's failure, not the pair's.
    static func isUpstreamFailure(_ e: APIError) -> Bool {
        e.type == "upstream_error" || e.type == "upstream_timeout"
    }
}
