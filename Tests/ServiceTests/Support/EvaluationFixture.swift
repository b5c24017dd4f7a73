import Foundation
import JSON
import Storage
@testable import Service
import TestSupport

/// The evaluation the tests run against scripts/stub_llm.py's `answer_rule: sum` (a reply says
/// the sum of its exemplars' answer numbers): exemplars answering 1 (kind "one") and 2 (kind
/// "two"), arms that pick 2 ones, 3 ones or 1 two, so they answer 2, 3 and 2 on every query, and
/// twelve queries whose gold answers make the figures of scripts/evaluation_reference.py.
enum EvaluationFixture {
    static let gold: [JSONValue] = [.int(2), .string("#### 2"), .int(3), .string("2.0"), .int(5), .int(3), .int(2), .string("2"), .int(3),
                                    .int(2), .int(5), .string("The total is 2.\n#### 2")]

    static func items() -> [ItemInput] {
        (0..<6).map { i in
            let one = i < 4
            return ItemInput(extID: "e\(i)", question: "exemplar question \(i)", answer: one ? "One apple.\n#### 1" : "Two apples.\n#### 2",
                             metadata: one ? #"{"kind":"one"}"# : #"{"kind":"two"}"#)
        }
    }

    /// The stub's vectors of the items, as its embed job would have stored them.
    static func vectors() -> [[Float]] {
        items().map { StubLLM.vector(($0.question ?? "") + "\n" + ($0.answer ?? ""), dim: 8) }
    }

    static func seed(_ h: ServiceHarness) throws {
        try ExemplarPoolSeeder.seed(h, items: items(), vectors: vectors(), embedder: "openai-compatible", model: "stub-embed")
    }

    static let arms: JSONValue = .array([
        .object(["name": .string("two_ones"), "method": .string("knn"), "k": .int(2), "filter": .object(["metadata.kind": .string("one")])]),
        .object(["name": .string("three_ones"), "method": .string("random"), "k": .int(3), "filter": .object(["metadata.kind": .string("one")])]),
        .object(["name": .string("one_two"), "method": .string("knn"), "k": .int(1), "filter": .object(["metadata.kind": .string("two")])]),
    ])

    static func body(pool: String = "p") -> JSONValue {
        .object([
            "pool": .string(pool),
            "queries": .array(gold.enumerated().map { n, g in .object(["question": .string("question q\(n)"), "answer": g]) }),
            "arms": arms, "scorer": .string("numeric"), "seed": .int(5), "resamples": .int(1000),
        ])
    }

    /// The result without what legitimately differs between two runs of the same evaluation
    /// (LLM latency, token counts and cache flags: a cached answer reports no usage).
    static func comparable(_ result: JSONValue) -> JSONValue {
        let volatile: Set<String> = ["latency_ms", "prompt_tokens", "completion_tokens", "cache", "mean_latency_ms", "mean_prompt_tokens",
                                     "mean_completion_tokens", "cache_hits", "diagnostics"]
        func strip(_ v: JSONValue) -> JSONValue {
            switch v {
            case let .object(members): .object(members.filter { !volatile.contains($0.key) }.map { .init($0.key, strip($0.value)) })
            case let .array(values): .array(values.map(strip))
            default: v
            }
        }
        return strip(result)
    }
}
