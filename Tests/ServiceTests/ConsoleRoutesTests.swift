import Foundation
@testable import Service
import Testing
import TestSupport

/// The console's files: embedded copies of console/ (a drift fails here), served publicly with a
/// CSP that forbids anything but this origin; the API behind them still needs the key.
@Suite struct ConsoleRoutesTests {
    static let root = RepositoryFiles.root

    @Test func embeddedFiles_EqualConsoleDirectory_ByteForByte() throws {
        let directory = Self.root.appendingPathComponent("console")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(EmbeddedConsole.files.keys.sorted() == names, "run `make embed` after adding or removing console files")
        for name in names {
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            #expect(EmbeddedConsole.files[name] == text, "\(name) drifted: run `make embed`")
        }
    }

    @Test func thePageAndItsFiles_ArePublic_EvenWithAnAPIKey_WhileTheAPIIsNot() throws {
        let h = try ServiceHarness.make { $0.apiKey = "secret" }
        for path in ["/", "/ui", "/ui/", "/ui/index.html"] {
            let r = try h.client.request("GET", path)
            #expect(r.status == 200 && r.text == EmbeddedConsole.files["index.html"], "\(path)")
            #expect(r.header("Content-Type") == "text/html; charset=utf-8")
            #expect(r.header("Content-Security-Policy")?.contains("default-src 'self'") == true)
        }
        let module = try h.client.request("GET", "/ui/app.js")
        #expect(module.status == 200 && module.header("Content-Type") == "text/javascript; charset=utf-8")
        #expect(try h.client.request("GET", "/ui/console.css").header("Content-Type") == "text/css; charset=utf-8")
        let missing = try h.client.request("GET", "/ui/nope.js")
        #expect(missing.status == 404 && missing.errorParam == "asset")
        #expect(try h.client.request("GET", "/v1/pools").status == 401)
        let query = try h.client.request("GET", "/?theme=dark")
        #expect(query.status == 400 && query.errorCode == "unknown_parameter", "like every route, the page takes no query parameters")
    }

    @Test func theConsole_LoadsNothingFromOutsideTheService() {
        let remote = ["src=\"http", "href=\"http", "from \"http", "import(\"http", "url(http", "@import", "fetch(\"http"]
        for (name, text) in EmbeddedConsole.files {
            for pattern in remote { #expect(!text.contains(pattern), "\(name) loads from elsewhere: \(pattern)") }
        }
    }
}
