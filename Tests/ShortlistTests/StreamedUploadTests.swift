import Foundation
import Testing
@testable import Service
@testable import shortlist
import TestSupport

/// Large uploads (issue 13, item 8): the documented curl command streams the file (`-T`), and so
/// does the CLI, in memory that does not grow with the file.
@Suite struct StreamedUploadTests {
    static let readme = RepositoryFiles.url("README.md")

    @Test func theReadme_UploadsFilesWithCurlT_NeverWithDataBinaryFromAFile() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let commands = text.split(separator: "\n").filter { $0.hasPrefix("curl") || $0.hasPrefix("     ") }
        #expect(!commands.contains { $0.contains("--data-binary @") }, "--data-binary @file loads the whole file into curl's memory")
        #expect(text.contains("curl -s -T grads.npy"))
        #expect(text.contains("--upload-file"))
    }

    @Test func theUploadCommandsHelp_ShowsTheStreamedCurlUpload() {
        for help in [Shortlist.helpMessage(for: Features.Upload.self, columns: 200), Shortlist.helpMessage(for: Items.Import.self, columns: 200)] {
            #expect(help.contains("curl"), "\(help)")
            #expect(help.contains("-T FILE"), "\(help)")
            #expect(help.contains("--upload-file"), "\(help)")
        }
    }

    /// A one-connection server: reads the head and the declared body, samples the client
    /// process's peak RSS (it is still waiting for the answer), answers `{}` and closes.
    final class SinkServer: @unchecked Sendable {
        let fd: Int32
        let port: Int
        private let done = DispatchSemaphore(value: 0)
        private(set) var received = 0
        private(set) var clientPeakKB = 0

        init() throws {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            self.fd = fd
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &addr) { p in
                p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && listen(fd, 1) == 0 && getsockname(fd, $0, &length) == 0 }
            }
            guard bound else { throw TestFailure("cannot listen: errno \(errno)") }
            port = Int(UInt16(bigEndian: addr.sin_port))
        }

        func serve(clientPID: @escaping @Sendable () -> Int32) {
            Thread.detachNewThread { [self] in
                defer { done.signal() }
                let connection = accept(fd, nil, nil)
                guard connection >= 0 else { return }
                defer { close(connection) }
                var buffer = [UInt8](repeating: 0, count: 1 << 20)
                var head: [UInt8] = []
                while !head.suffix(4).elementsEqual([13, 10, 13, 10]) {
                    guard recv(connection, &buffer, 1, 0) == 1 else { return }
                    head.append(buffer[0])
                }
                let lengthLine = String(decoding: head, as: UTF8.self).split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                guard let declared = lengthLine.flatMap({ Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) }) else { return }
                while received < declared {
                    let n = recv(connection, &buffer, min(buffer.count, declared - received), 0)
                    guard n > 0 else { return }
                    received += n
                }
                clientPeakKB = Self.peakKB(pid: clientPID())
                let answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
                _ = Array(answer.utf8).withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            }
        }

        func wait() { done.wait() }

        static func peakKB(pid: Int32) -> Int {
            guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                  let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return -1 }
            return Int(line.dropFirst("VmHWM:".count).dropLast(3).trimmingCharacters(in: .whitespaces)) ?? -1
        }

        deinit { close(fd) }
    }

    @Test func theCLI_StreamsA128MBUpload_InUnder64MBOfMemory() throws {
        let size = 128 << 20
        let temporary = try TemporaryDirectory("upload")
        let path = temporary.path("upload.npy")
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        let block = Data(repeating: 0x3F, count: 1 << 20)
        for _ in 0..<(size >> 20) { handle.write(block) }
        try handle.close()

        let server = try SinkServer()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServiceProcess.binary)
        process.arguments = ["features", "upload", "--url", "http://127.0.0.1:\(server.port)", "p", "emb", path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let pid = Locked<Int32>(0)
        server.serve { pid.withLock { $0 } }
        try process.run()
        pid.withLock { $0 = process.processIdentifier }
        process.waitUntilExit()
        server.wait()
        #expect(process.terminationStatus == 0)
        #expect(server.received == size)
        #expect(server.clientPeakKB > 0 && server.clientPeakKB < 64 * 1024, "the CLI peaked at \(server.clientPeakKB) kB")
    }
}
