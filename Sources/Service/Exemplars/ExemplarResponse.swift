import JSON
import Selection

/// The 200 body of `POST /v1/exemplars`, keys in the order of docs/api.md; every field is always
/// present (`score` null for mgs and random, `first_stage_rank` null for random and for an item
/// only bm25 found under `hybrid`; `prompt_bytes` and `skipped` always), except the
/// prompt fields (with `include_prompt`) and the answer fields (with `generate`).
struct ExemplarResponse {
    let request: ExemplarRequest
    let run: ExemplarPipeline.Run

    var json: JSONValue {
        let outcome = run.outcome, timer = run.timer
        var members: [JSONValue.Member] = [
            .init("object", .string("exemplars")),
            .init("method", .string(run.options.reranker.rawValue)),
            .init("k", .int(run.result.order.count)),
            .init("requested_k", .int(request.options.k)),
            .init("prompt_format", .string(request.promptFormat.rawValue)),
            .init("cot", outcome.cot.map(JSONValue.string) ?? .null),
            .init("exemplars", .array(exemplars)),
            .init("prompt_bytes", run.result.promptBytes.map(JSONValue.int) ?? .null),
            .init("skipped", .array(skipped)),
        ]
        if request.includePrompt {
            if request.promptFormat == .text, let prompt = run.messages.first?.content { members.append(.init("prompt", .string(prompt))) }
            members.append(.init("messages", .array(run.messages.map { .object(["role": .string($0.role), "content": .string($0.content)]) })))
        }
        if let answer = run.answer {
            members += [
                .init("answer", .string(answer.content)),
                .init("answer_value", run.answerValue.map(JSONValue.string) ?? .null),
                .init("usage", .object([
                    "prompt_tokens": answer.promptTokens.map(JSONValue.int) ?? .null,
                    "completion_tokens": answer.completionTokens.map(JSONValue.int) ?? .null,
                ])),
            ]
        }
        var cache: [JSONValue.Member] = [.init("cot", .string(outcome.cotCache)), .init("embedding", .string(outcome.embeddingCache))]
        if let answer = run.answer { cache.append(.init("answer", .string(answer.cache))) }
        members += [
            .init("diagnostics", .object(run.result.diagnostics)),
            .init("timings_ms", .object([
                "llm": .double(timer.llm), "embed": .double(timer.embed), "first_stage": .double(timer.firstStage),
                "rerank": .double(timer.rerank), "total": .double(timer.total),
            ])),
            .init("cache", .object(cache)),
            .init("warnings", .array(outcome.warnings.map(JSONValue.string))),
        ]
        return .object(members)
    }

    var exemplars: [JSONValue] {
        let result = run.result
        return result.order.enumerated().map { rank, index in
            let item = run.items[index]
            return .object([
                "id": .string(item.id),
                "index": .int(index),
                "question": item.question.map(JSONValue.string) ?? .null,
                "answer": item.answer.map(JSONValue.string) ?? .null,
                "score": result.scores.map { .double($0[rank]) } ?? .null,
                "rank": .int(result.ranks[rank]),
                "first_stage_rank": result.positions.flatMap { $0[rank] }.map { .int($0 + 1) } ?? .null,
            ])
        }
    }

    /// The exemplars the prompt budget left out, in rank order. Before the budget the ranks were
    /// 1...n, so theirs are the ones the kept exemplars do not have.
    var skipped: [JSONValue] {
        let result = run.result
        let kept = Set(result.ranks)
        let ranks = (1..<(result.ranks.count + result.skipped.count + 1)).filter { !kept.contains($0) }
        return zip(result.skipped, ranks).map { index, rank in
            .object(["id": .string(run.items[index].id), "index": .int(index), "rank": .int(rank)])
        }
    }
}
