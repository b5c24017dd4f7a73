import Foundation
import JSON
import Testing
@testable import shortlist

/// `shortlist evaluate`: `--arm` specs, the request it builds, the final table, and its errors.
/// In `ClientCommandTests` (serialized: output capture is global).
extension ClientCommandTests {
    @Test func armSpec_ReadsKeyValuePairs_JSONValues_AndNestedGenerationKeys() throws {
        #expect(try EvaluationArmSpec.parse("method=knn,dual_query=false,k=4")
                == .object(["method": .string("knn"), "dual_query": .bool(false), "k": .int(4)]))
        #expect(try EvaluationArmSpec.parse(#"filter={"metadata.kind":["a","b"]},name=easy,k=2"#)
                == .object(["filter": .object(["metadata.kind": .array([.string("a"), .string("b")])]), "name": .string("easy"), "k": .int(2)]))
        #expect(try EvaluationArmSpec.parse("generation.temperature=0.5,generation.max_tokens=64")
                == .object(["generation": .object(["temperature": .double(0.5), "max_tokens": .int(64)])]))
        #expect(try EvaluationArmSpec.parse(#"instruction="Be brief, please.""#) == .object(["instruction": .string("Be brief, please.")]))
        #expect(throws: ClientError.self) { try EvaluationArmSpec.parse("method") }
        #expect(throws: ClientError.self) { try EvaluationArmSpec.parse("") }
    }

    @Test func evaluate_BuildsTheRequestFromFlags() throws {
        let command = try Evaluate.parse(["--pool", "gsm8k", "--queries", "held", "--arm", "method=lore", "--arm", "method=knn,dual_query=false",
                                          "--scorer", "numeric", "--limit", "200", "--seed", "3"])
        #expect(try command.requestBody() == .object([
            "pool": .string("gsm8k"), "queries": .object(["pool": .string("held")]),
            "arms": .array([.object(["method": .string("lore")]), .object(["method": .string("knn"), "dual_query": .bool(false)])]),
            "scorer": .string("numeric"), "limit": .int(200), "seed": .int(3),
        ]))
    }

    @Test func evaluate_WithoutAnArmOrQueries_IsAUsageError_AndWithoutAnLLM_AnAPIError() throws {
        #expect(Self.run(["evaluate", "--pool", "p", "--queries", "q", "--url", "http://127.0.0.1:1"]).err.contains("--arm"))
        #expect(Self.run(["evaluate", "--pool", "p", "--arm", "k=2", "--url", "http://127.0.0.1:1"]).exitCode == 2)
        let s = try LiveService()
        let file = try s.file("q.jsonl", #"{"question":"1 + 1?","answer":"2"}"# + "\n" + #"{"question":"2 + 2?","answer":4}"#)
        let r = Self.run(["evaluate", "--pool", "p", "--queries-file", file, "--arm", "method=knn", "--url", s.url])
        #expect(r.exitCode == 1 && r.err.contains("none is configured"), "\(r.err)")
    }

    @Test func evaluationTable_AlignsArmsAndComparisons() throws {
        let result = try JSONParser.parse(Array("""
            {"arms":[{"name":"lore","n":200,"correct":120,"errors":1,"accuracy":0.6,"ci95":[0.53,0.665],"mean_latency_ms":812.4,
                      "mean_prompt_tokens":512,"mean_completion_tokens":98.6,"cache_hits":3},
                     {"name":"knn","n":199,"correct":110,"errors":2,"accuracy":0.5527638190954773,"ci95":[0.4849,0.6231],
                      "mean_latency_ms":null,"mean_prompt_tokens":null,"mean_completion_tokens":null,"cache_hits":0}],
             "comparisons":[{"a":"lore","b":"knn","n":198,"difference":0.045,"ci95":[-0.02,0.11],"a_only":20,"b_only":11,"p_value":0.0002}]}
            """.utf8))
        #expect(EvaluationTable.render(result) == """
            arm     n  correct  errors  accuracy          95% CI  latency ms  tokens
            lore  200      120       1     0.600  [0.530, 0.665]         812  512+99
            knn   199      110       2     0.553  [0.485, 0.623]           -       -

            comparison    n  difference           95% CI  a only  b only  McNemar p
            lore - knn  198      +0.045  [-0.020, 0.110]      20      11    2.0e-04
            """)
    }
}
