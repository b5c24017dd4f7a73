import Foundation
import JSON
import Selection
import Testing

/// openapi.yaml describes each selection method as its declaration does (`Selector.method`):
/// adding a method is its selector and its schema, and this test says where they disagree.
@Suite struct OpenAPIMethodSchemaTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// openapi.yaml as JSON (PyYAML, which `make test` installs), so the schema is read, not grepped.
    static func schemas() throws -> JSONValue {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), sys.stdout)",
                       root.appendingPathComponent("openapi.yaml").path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return try #require(try JSONParser.parse([UInt8](data))["components"]?["schemas"])
    }

    static func resolve(_ schema: JSONValue?, in schemas: JSONValue) -> JSONValue? {
        guard let ref = schema?["$ref"]?.stringValue else { return schema }
        return schemas[String(ref.split(separator: "/").last ?? "")]
    }

    @Test func theMethodEnum_ListsExactlyTheRegisteredMethods() throws {
        let schemas = try Self.schemas()
        let names = try #require(schemas["SelectionMethod"]?["enum"]?.arrayValue).compactMap(\.stringValue)
        #expect(names == SelectionEngine.methodNames)
    }

    @Test(arguments: SelectionEngine.methodNames)
    func eachMethodsSchema_MatchesItsDeclaration(_ name: String) throws {
        let method = try #require(SelectionEngine.selector(named: name)).method
        let schemas = try Self.schemas()
        let mapping = schemas.objectMembers.compactMap { $0.value["discriminator"]?["mapping"] }.first
        let request = try #require(Self.resolve(mapping?[name].map { .object(["$ref": $0]) }, in: schemas), "no schema maps \(name)")
        let required = Set((request["required"]?.arrayValue ?? []).compactMap(\.stringValue))
        #expect(required.contains("budget") == (method.budget == .required), "budget required?")
        #expect(required.contains("targets") == method.needsTargets, "targets required?")
        let params = try #require(Self.resolve(request["properties"]?["params"], in: schemas), "\(name) has no params schema")
        let properties = params["properties"]?.objectMembers ?? []
        #expect(properties.map(\.key).sorted() == method.parameters.map(\.name).sorted())
        for p in method.parameters {
            let schema = properties.first { $0.key == p.name }?.value
            switch (p.defaultValue, schema?["default"]) {
            case (nil, nil): break
            case let (declared?, documented?):
                let same = declared.doubleValue.map { $0 == documented.doubleValue } ?? (declared == documented)
                #expect(same, "\(name).\(p.name): default \(JSONWriter.text(declared)) here, \(JSONWriter.text(documented)) in openapi.yaml")
            case let (declared, documented):
                Issue.record("\(name).\(p.name): default \(declared.map(JSONWriter.text) ?? "none") here, \(documented.map(JSONWriter.text) ?? "none") in openapi.yaml")
            }
            if p.kind == .integer || p.kind == .number || p.kind == .string {
                #expect(schema?["type"]?.stringValue == p.kind.rawValue, "\(name).\(p.name) type")
            }
        }
    }
}

extension JSONValue {
    fileprivate var objectMembers: [Member] {
        if case let .object(members) = self { return members }
        return []
    }
}
