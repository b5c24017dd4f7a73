import JSON
import Selection

/// The 200 body of `POST /v1/exemplars`, keys in the order of design/api.md; every field is always
/// present (`score` null for mgs and random, `first_stage_rank` null for random).
struct ExemplarResponse {
    let request: ExemplarRequest
    let options: ExemplarOptions
    let result: ExemplarResult
    let items: [ExemplarItem]
    let outcome: ExemplarPipeline.Outcome
    let prompt: String?
    let answer: String?
    let timer: ExemplarTimer

    var json: JSONValue {
        var members: [JSONValue.Member] = [
            .init("object", .string("exemplars")),
            .init("method", .string(options.reranker.rawValue)),
            .init("k", .int(options.k)),
            .init("requested_k", .int(request.options.k)),
            .init("cot", outcome.cot.map(JSONValue.string) ?? .null),
            .init("exemplars", .array(exemplars)),
        ]
        if let prompt { members.append(.init("prompt", .string(prompt))) }
        if let answer { members.append(.init("answer", .string(answer))) }
        members += [
            .init("diagnostics", .object(result.diagnostics)),
            .init("timings_ms", .object([
                "llm": .double(timer.llm), "embed": .double(timer.embed), "first_stage": .double(timer.firstStage),
                "rerank": .double(timer.rerank), "total": .double(timer.total),
            ])),
            .init("cache", .object(["cot": .string(outcome.cotCache), "embedding": .string(outcome.embeddingCache)])),
            .init("warnings", .array(outcome.warnings.map(JSONValue.string))),
        ]
        return .object(members)
    }

    var exemplars: [JSONValue] {
        result.order.enumerated().map { rank, index in
            let item = items[index]
            return .object([
                "id": .string(item.id),
                "index": .int(index),
                "question": item.question.map(JSONValue.string) ?? .null,
                "answer": item.answer.map(JSONValue.string) ?? .null,
                "score": result.scores.map { .double($0[rank]) } ?? .null,
                "rank": .int(rank + 1),
                "first_stage_rank": result.positions.map { .int($0[rank] + 1) } ?? .null,
            ])
        }
    }
}
