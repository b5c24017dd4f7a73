import JSON
import Selection

extension Exemplars {
    /// `--param name=value` as a member of the POST /v1/exemplars body, typed by the re-ranker
    /// declaration that names it (integer, number, string), so every re-ranker parameter has a
    /// flag without one being written per parameter. Ranges are the service's to check.
    static func parameter(_ argument: String) throws(ClientError) -> JSONValue.Member {
        guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
            throw .usage("--param takes name=value, got \"\(argument)\"")
        }
        let name = String(argument[..<equals])
        let text = String(argument[argument.index(after: equals)...])
        let declared: [MethodParameter] = SelectionEngine.rerankers.flatMap { $0.method.parameters }
        guard let parameter = declared.first(where: { $0.name == name }) else {
            let names = Set(declared.map(\.name)).sorted().joined(separator: ", ")
            throw .usage("--param \(name): no re-ranker takes it; one of \(names)")
        }
        switch parameter.kind {
        case .integer:
            guard let value = Int(text) else { throw .usage("--param \(name) must be an integer, got \"\(text)\"") }
            return JSONValue.Member(name, .int(value))
        case .number:
            guard let value = Double(text), value.isFinite else { throw .usage("--param \(name) must be a finite number, got \"\(text)\"") }
            return JSONValue.Member(name, .double(value))
        case .string:
            return JSONValue.Member(name, .string(text))
        case .any:
            return JSONValue.Member(name, (try? JSONParser.parse(Array(text.utf8))) ?? .string(text))
        }
    }
}
