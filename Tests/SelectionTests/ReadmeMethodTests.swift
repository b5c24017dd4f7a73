import Foundation
import Selection
import Testing
import TestSupport

/// README.md names the methods in prose and in its "when to use it" tables; these follow the
/// registry (the declared `Selector` and `ExemplarRerankerMethod` types), so a method added or
/// removed without its README line fails here rather than going unnoticed.
@Suite struct ReadmeMethodTests {
    static func readme() throws -> String {
        try String(contentsOf: RepositoryFiles.url("README.md"), encoding: .utf8)
    }

    /// The backquoted names in `text`, in order.
    static func quotedNames(_ text: Substring) -> [String] {
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }

    /// The text between `start` and the next `end` (`end` excluded), or nil.
    static func between(_ text: String, _ start: String, _ end: String) -> Substring? {
        guard let a = text.range(of: start), let b = text.range(of: end, range: a.upperBound..<text.endIndex) else { return nil }
        return text[a.upperBound..<b.lowerBound]
    }

    /// The first cell's method name of each row of the table whose header starts with `header`.
    static func tableMethods(_ text: String, header: String) throws -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex { $0.hasPrefix(header) }, "no table headed \(header)")
        return lines[(start + 2)...].prefix { $0.hasPrefix("|") }.compactMap { row in
            quotedNames(row.split(separator: "|").first ?? "").first
        }
    }

    static var selectionMethods: [String] { SelectionEngine.methodNames }
    static var exemplarMethods: [String] { SelectionEngine.rerankers.map { $0.method.name } }

    @Test func methodsSentence_NamesExactlyTheRegisteredSelectionMethodsAndRerankers() throws {
        let text = try Self.readme()
        let selections = try #require(Self.between(text, "Methods:", "for selections;"))
        let exemplars = try #require(Self.between(text, "for selections;", "for exemplars."))
        #expect(Self.quotedNames(selections).sorted() == Self.selectionMethods)
        #expect(Self.quotedNames(exemplars).sorted() == Self.exemplarMethods)
    }

    @Test func selectionTable_HasOneRowPerRegisteredMethod() throws {
        let rows = try Self.tableMethods(try Self.readme(), header: "| selection method |")
        #expect(rows.sorted() == Self.selectionMethods)
    }

    @Test func exemplarTable_HasOneRowPerRegisteredReranker() throws {
        let rows = try Self.tableMethods(try Self.readme(), header: "| exemplar `method` |")
        #expect(rows.sorted() == Self.exemplarMethods)
    }
}
