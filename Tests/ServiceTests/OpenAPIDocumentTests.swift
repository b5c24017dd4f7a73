import Foundation
import Testing
@testable import Service
import TestSupport

/// openapi.yaml is the source of truth; the binary serves an embedded copy.
@Suite struct OpenAPIDocumentTests {
    static let root = RepositoryFiles.root

    @Test func embeddedCopy_EqualsOpenAPIYaml_ByteForByte() throws {
        let file = try String(contentsOf: Self.root.appendingPathComponent("openapi.yaml"), encoding: .utf8)
        #expect(EmbeddedOpenAPI.yaml == file, "run `make embed` after editing openapi.yaml")
    }

    @Test func openAPIYaml_PassesTheValidator() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", Self.root.appendingPathComponent("scripts/validate_openapi.py").path, Self.root.appendingPathComponent("openapi.yaml").path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        p.waitUntilExit()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(p.terminationStatus == 0, "\(text)")
    }

    @Test func servedDocument_IsTheEmbeddedSpec() throws {
        let h = try ServiceHarness.make()
        let r = try h.client.request("GET", "/openapi.yaml")
        #expect(r.status == 200 && r.text == EmbeddedOpenAPI.yaml)
        #expect(r.header("Content-Type")?.hasPrefix("application/yaml") == true)
    }
}
