import Foundation

// Writes the Selection module's registries: `MethodRegistryGenerator OUTPUT SOURCE...`.
// A conformance is found by its declaration line (`public enum X: Selector {`, or an extension
// declaring it), the one form the module uses; a conformance written otherwise is not listed, and
// the registry tests (every method has a schema, a name, a help entry) then miss it.

/// The protocols whose conformers are listed, and the generated property listing them.
let registries: [(protocolName: String, property: String, type: String)] = [
    ("Selector", "declaredSelectors", "any Selector.Type"),
    ("ExemplarRerankerMethod", "declaredRerankers", "any ExemplarRerankerMethod.Type"),
]

/// The type named by a declaration line and the protocols that line declares, or nil.
func declaration(_ line: Substring) -> (name: String, conformances: [String])? {
    var words = line.split(separator: " ", omittingEmptySubsequences: true)[...]
    while let first = words.first, ["public", "package", "internal", "final"].contains(first) { words = words.dropFirst() }
    guard let keyword = words.first, ["struct", "enum", "class", "extension"].contains(keyword) else { return nil }
    let rest = words.dropFirst().joined(separator: " ")
    guard let colon = rest.firstIndex(of: ":") else { return nil }
    let name = rest[..<colon].trimmingCharacters(in: .whitespaces)
    let list = rest[rest.index(after: colon)...].prefix { $0 != "{" && $0 != "/" }
    let conformances = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
    return (name, conformances)
}

let arguments = CommandLine.arguments.dropFirst()
guard let output = arguments.first else {
    FileHandle.standardError.write(Data("usage: MethodRegistryGenerator OUTPUT SOURCE...\n".utf8))
    exit(2)
}
var found: [String: Set<String>] = [:]
for path in arguments.dropFirst() {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    for line in text.split(separator: "\n") {
        guard let (name, conformances) = declaration(line) else { continue }
        for r in registries where conformances.contains(r.protocolName) { found[r.protocolName, default: []].insert(name) }
    }
}
var generated = "// Generated at build time by MethodRegistryGenerator from this module's declarations; not edited.\n\n"
generated += "extension SelectionEngine {\n"
for r in registries {
    let names = (found[r.protocolName] ?? []).sorted().map { "\($0).self" }
    generated += "    static var \(r.property): [\(r.type)] { [\(names.joined(separator: ", "))] }\n"
}
generated += "}\n"
let url = URL(fileURLWithPath: output)
// Left alone when unchanged, so that the module is not recompiled for nothing.
if (try? String(contentsOf: url, encoding: .utf8)) != generated {
    try generated.write(to: url, atomically: true, encoding: .utf8)
}
