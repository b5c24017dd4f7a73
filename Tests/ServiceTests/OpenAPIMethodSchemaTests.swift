import Foundation
import JSON
import Selection
import Testing
import TestSupport

/// openapi.yaml describes each selection method and each exemplar re-ranker as its declaration
/// does (`Selector.method`, `ExemplarRerankerMethod.method`): adding one is its file and its
/// schema, and this test says where they disagree.
@Suite struct OpenAPIMethodSchemaTests {
    static let root = RepositoryFiles.root

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
        #expect(names.sorted() == SelectionEngine.methodNames)
    }

    @Test func theExemplarMethodEnum_ListsExactlyTheRegisteredRerankers() throws {
        let names = try #require(try Self.schemas()["ExemplarMethod"]?["enum"]?.arrayValue).compactMap(\.stringValue)
        #expect(names.sorted() == SelectionEngine.rerankers.map { $0.method.name })
    }

    @Test(arguments: SelectionEngine.rerankers.map { $0.method.name })
    func eachRerankersParameters_AreExemplarsRequestFields_AsDeclared(_ name: String) throws {
        let method = try #require(SelectionEngine.rerankers.first { $0.method.name == name }).method
        let schemas = try Self.schemas()
        let properties = schemas["ExemplarsRequest"]?["properties"]?.objectMembers ?? []
        for p in method.parameters {
            Self.expectDocumented(p, as: properties.first { $0.key == p.name }?.value, label: "\(name).\(p.name)", in: schemas)
        }
    }

    /// The schema of a parameter carries its declared default (none when none is declared) and type.
    /// The type may come from a referenced schema (`allOf: [{$ref}]`, the form that allows a default).
    static func expectDocumented(_ p: MethodParameter, as schema: JSONValue?, label: String, in schemas: JSONValue) {
        #expect(schema != nil, "\(label) is not in openapi.yaml")
        switch (p.defaultValue, schema?["default"]) {
        case (nil, nil): break
        case let (declared?, documented?):
            let same = declared.doubleValue.map { $0 == documented.doubleValue } ?? (declared == documented)
            #expect(same, "\(label): default \(JSONWriter.text(declared)) here, \(JSONWriter.text(documented)) in openapi.yaml")
        case let (declared, documented):
            Issue.record("\(label): default \(declared.map(JSONWriter.text) ?? "none") here, \(documented.map(JSONWriter.text) ?? "none") in openapi.yaml")
        }
        if p.kind == .integer || p.kind == .number || p.kind == .string {
            let type = schema?["type"] ?? resolve(schema?["allOf"]?.arrayValue?.first, in: schemas)?["type"]
            #expect(type?.stringValue == p.kind.rawValue, "\(label) type")
        }
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
            Self.expectDocumented(p, as: properties.first { $0.key == p.name }?.value, label: "\(name).\(p.name)", in: schemas)
        }
    }
}

extension JSONValue {
    fileprivate var objectMembers: [Member] {
        if case let .object(members) = self { return members }
        return []
    }
}
