import ArgumentParser
import Foundation
import Testing
@testable import shortlist

/// The exact help text, compared with committed snapshots (80 columns). After an intended change,
/// regenerate with `SHORTLIST_UPDATE_SNAPSHOTS=1 swift test --filter HelpTextSnapshotTests` and review the diff.
@Suite struct HelpTextSnapshotTests {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    static func check(_ text: String, _ name: String) throws {
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

    @Test func rootHelp_MatchesSnapshot() throws {
        try Self.check(Shortlist.helpMessage(columns: 80), "shortlist-help.txt")
    }
}
