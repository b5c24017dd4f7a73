import ArgumentParser
import Foundation
import Selection
import Testing
import TestSupport
@testable import shortlist

/// The exact help text, compared with committed snapshots (80 columns). After an intended change,
/// regenerate with `SHORTLIST_UPDATE_SNAPSHOTS=1 swift test --filter HelpTextSnapshotTests` and review the diff.
@Suite struct HelpTextSnapshotTests {
    static let dir = RepositoryFiles.url("Tests/ShortlistTests/Snapshots")

    /// The sections rendered from the registries (one entry per method or re-ranker), which the
    /// snapshots hold as a placeholder: a new method changes them without a snapshot edit, and
    /// `derivedSection_ListsEveryRegistered...` checks them instead.
    static let derivedSections = ["METHODS:", "RE-RANKERS:"]

    /// `text` with each derived section's body replaced by one placeholder line.
    static func withoutDerivedSections(_ text: String) -> String {
        var out: [Substring] = [], skipping = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if skipping, line.isEmpty { skipping = false }
            if skipping { continue }
            out.append(line)
            if derivedSections.contains(String(line)) {
                out.append("  (one entry per registered method, rendered from its declaration)")
                skipping = true
            }
        }
        return out.joined(separator: "\n")
    }

    /// The body of the derived section `title` in `text`.
    static func section(_ title: String, of text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0 == title }) else { return "" }
        return lines[(start + 1)...].prefix { !$0.isEmpty }.joined(separator: "\n")
    }

    static func check(_ text: String, _ name: String) throws {
        let text = withoutDerivedSections(text)
        let url = dir.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["SHORTLIST_UPDATE_SNAPSHOTS"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected)
    }

    @Test func serveHelp_MatchesSnapshot() throws {
        try Self.check(Shortlist.helpMessage(for: Serve.self, columns: 80), "serve-help.txt")
    }

    static let clientCommands: [(ParsableCommand.Type, String)] = [
        (Pools.Create.self, "pools-create"), (Pools.List.self, "pools-list"), (Pools.Show.self, "pools-show"),
        (Pools.Delete.self, "pools-delete"), (Items.Import.self, "items-import"), (Features.Upload.self, "features-upload"),
        (Select.self, "select"), (Exemplars.self, "exemplars"), (Evaluate.self, "evaluate"), (Jobs.List.self, "jobs-list"), (Jobs.Show.self, "jobs-show"),
        (Jobs.Cancel.self, "jobs-cancel"),
    ]

    @Test(arguments: clientCommands.indices)
    func clientCommandHelp_MatchesSnapshot(index: Int) throws {
        let (command, name) = Self.clientCommands[index]
        try Self.check(Shortlist.helpMessage(for: command, columns: 80), "\(name)-help.txt")
    }

    /// The derived section `title` of `command`'s help lists exactly `entries` (name and
    /// parameters), in that order.
    static func expectSection(_ title: String, of command: ParsableCommand.Type, lists entries: [(name: String, parameters: [MethodParameter])]) {
        let body = section(title, of: Shortlist.helpMessage(for: command, columns: 80))
        let heads = body.split(separator: "\n").filter { !$0.hasPrefix("    ") && $0.hasPrefix("  ") }
        #expect(heads.map { String($0.dropFirst(2).prefix { $0 != ":" }) } == entries.map(\.name))
        for entry in entries {
            for p in entry.parameters { #expect(body.contains("      \(p.name)"), "\(entry.name).\(p.name) missing from help") }
        }
    }

    @Test func selectHelp_ListsEveryRegisteredMethod_InRegistryOrder() {
        Self.expectSection("METHODS:", of: Select.self, lists: SelectionEngine.selectors.map { ($0.method.name, $0.method.parameters) })
    }

    @Test func exemplarsHelp_ListsEveryRegisteredReranker_InRegistryOrder() {
        Self.expectSection("RE-RANKERS:", of: Exemplars.self, lists: SelectionEngine.rerankers.map { ($0.method.name, $0.method.parameters) })
    }

    @Test func rootHelp_MatchesSnapshot() throws {
        try Self.check(Shortlist.helpMessage(columns: 80), "shortlist-help.txt")
    }
}
