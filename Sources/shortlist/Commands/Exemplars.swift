import ArgumentParser
import JSON
import Selection

/// `shortlist exemplars "question" --pool POOL`: the k best exemplars for one question.
struct Exemplars: ClientCommand {
    static let configuration = CommandConfiguration(
        abstract: "Choose few-shot exemplars for a question (POST /v1/exemplars).",
        discussion: "RE-RANKERS:\n" + SelectionEngine.rerankers.map { Exemplars.describe($0.method) }.joined(separator: "\n"))

    /// One re-ranker for help, from its declaration (its parameters are fields of the POST /v1/exemplars body).
    static func describe(_ method: RerankerDescription) -> String {
        let stage: String
        switch method.input {
        case .firstStage: stage = "first stage: m = \(method.defaultM) candidates"
        case .pool: stage = "no first stage"
        case .text: stage = "no first stage: bm25 of the question; needs no feature, embedder or LLM"
        case .firstStageAndText: stage = "first stage: m = \(method.defaultM) candidates, fused with the question's top m by bm25"
        }
        return MethodHelp.entry(name: method.name, summary: method.summary, parameters: method.parameters, notes: [stage])
    }
    @OptionGroup var options: ClientOptions
    @Argument(help: "The question.") var question: String
    @Option(help: "Exemplar pool.") var pool: String
    @Option(help: "Number of exemplars. (default: 8)") var k: Int?
    @Option(help: "The re-ranker (one of RE-RANKERS above). (default: \(ExemplarReranker.lore.rawValue))") var method: String?
    @Option(help: "Feature holding the pool's embeddings.") var feature: String?
    @Option(help: "Keep the final prompt within this many UTF-8 bytes, skipping exemplars that do not fit.") var maxPromptBytes: Int?
    @Option(name: .customLong("param"),
            help: ArgumentHelp("A re-ranker parameter (under RE-RANKERS above), e.g. --param rrf_c=30 or --param scale_factor=0.05; repeatable.",
                               valueName: "name=value"))
    var params: [String] = []
    @Flag(help: "Ask the service's LLM for the answer and print it after the exemplars.") var generate = false
    @Option(help: "Prompt layout: chat (exemplars as conversation turns) or text. (default: chat)") var promptFormat: String?
    @Option(help: "System message of the chat layout (default: the service's).") var instruction: String?
    @Option(help: "Regex with one group extracting answer_value from the answer.") var answerPattern: String?
    @Flag(help: "Print the full JSON response instead of one exemplar per line.") var json = false

    func execute(_ client: APIClient) throws(ClientError) {
        var members = [JSONValue.Member("pool", .string(pool)), JSONValue.Member("question", .string(question))]
        if let k { members.append(JSONValue.Member("k", .int(k))) }
        if let method { members.append(JSONValue.Member("method", .string(method))) }
        if let feature { members.append(JSONValue.Member("feature", .string(feature))) }
        if let maxPromptBytes { members.append(JSONValue.Member("max_prompt_bytes", .int(maxPromptBytes))) }
        for param in params { members.append(try Self.parameter(param)) }
        if generate { members.append(JSONValue.Member("generate", .bool(true))) }
        if let promptFormat { members.append(JSONValue.Member("prompt_format", .string(promptFormat))) }
        if let instruction { members.append(JSONValue.Member("instruction", .string(instruction))) }
        if let answerPattern { members.append(JSONValue.Member("answer_pattern", .string(answerPattern))) }
        let response = try client.json("POST", "/v1/exemplars", body: client.jsonBody(.object(members)))
        if json {
            Console.shared.out(String(decoding: response.body, as: UTF8.self))
            return
        }
        let value = try response.json()
        for e in value["exemplars"]?.arrayValue ?? [] {
            let question = e["question"]?.stringValue ?? ""
            Console.shared.out("\(e["rank"]?.intValue ?? 0)\t\(e["id"]?.stringValue ?? "?")\t\(question.prefix(100))")
        }
        if let answer = value["answer"]?.stringValue {
            Console.shared.out("answer:\t\(answer)")
            Console.shared.out("answer_value:\t\(value["answer_value"]?.stringValue ?? "null")")
        }
        for warning in value["warnings"]?.arrayValue ?? [] { Console.shared.err("warning: \(warning.stringValue ?? "")") }
    }
}
