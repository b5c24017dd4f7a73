import Dispatch
import Foundation
@testable import Service
import Testing
import TestSupport

/// `EngineFiles.write`: a reader sees the old file or the new one, never half of one, even when
/// several writers (two jobs of one service exporting the same shard) write the same file at once.
@Suite struct EngineFilesTests {
    @Test func concurrentWrites_ToOneFile_AllSucceed_AndLeaveOneWholeFile() throws {
        let directory = try TemporaryDirectory("engine-files")
        let target = directory.url.appendingPathComponent("shard-0.npy")
        let writers = 8, rounds = 20
        // Each writer's bytes are one repeated value, so a mixed file would show two values.
        let contents = (0..<writers).map { [UInt8](repeating: UInt8($0 + 1), count: 256 * 1024) }
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: writers) { writer in
            for _ in 0..<rounds {
                do { try EngineFiles.write(contents[writer], to: target) } catch { failures.add("\(error)") }
            }
        }
        #expect(failures.messages.isEmpty, "\(failures.messages.prefix(3))")
        let final = try EngineFiles.read(target)
        #expect(final.count == 256 * 1024)
        #expect(Set(final).count == 1)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.url.path).filter { $0 != "shard-0.npy" }
        #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")
    }
}

private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func add(_ message: String) { lock.withLock { stored.append(message) } }
    var messages: [String] { lock.withLock { stored } }
}
