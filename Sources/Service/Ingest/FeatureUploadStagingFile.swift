import Foundation
import ScratchFiles
import Storage

/// An anonymous file (`AnonymousFile`) an upload's validated rows are written to while the client
/// is still sending, so the SQLite writer lock is only taken once the whole body has arrived (a
/// stalled client then blocks nobody). It lives in the database's directory, i.e. on the disk the
/// rows are going to.
///
/// Fixed-size records: `append` buffers them in `bufferBytes`, `forEachRecord` replays them.
final class FeatureUploadStagingFile {
    /// The name the file has for the instant before it is unlinked (visible in /proc/<pid>/fd).
    static let namePrefix = ".shortlist-upload-"
    static let bufferBytes = 1 << 20

    let recordBytes: Int
    private let file: AnonymousFile
    private var buffer: [UInt8] = []
    private(set) var recordCount = 0

    init(directory: String, recordBytes: Int) throws {
        // Derived from a validated dim (>= 1), so never 0; refused rather than trusted.
        guard recordBytes > 0 else { throw StorageError.invalidArgument(parameter: "recordBytes", reason: "must be at least 1") }
        self.recordBytes = recordBytes
        do { file = try AnonymousFile(directory: directory, namePrefix: Self.namePrefix) } catch let failure as AnonymousFile.Failure {
            throw Self.ioError("create the upload's staging file in \(directory)", failure)
        }
        buffer.reserveCapacity(Self.bufferBytes)
    }

    /// Appends one record of exactly `recordBytes`, given in parts (e.g. an item row id and a vector).
    func append(_ parts: UnsafeRawBufferPointer...) throws {
        assert(parts.reduce(0) { $0 + $1.count } == recordBytes, "a staged record has a fixed size")
        for part in parts { buffer.append(contentsOf: part) }
        recordCount += 1
        if buffer.count >= Self.bufferBytes { try flush() }
    }

    /// Hands the records back in order, several per call, each batch valid only during the call.
    func forEachRecord(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        try flush()
        let perBatch = max(1, Self.bufferBytes / recordBytes)
        var batch = [UInt8](repeating: 0, count: perBatch * recordBytes)
        var offset = 0
        var remaining = recordCount
        while remaining > 0 {
            let records = min(perBatch, remaining)
            let bytes = records * recordBytes
            try batch.withUnsafeMutableBytes { raw in
                try readFully(into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<bytes]), at: offset)
                for r in 0..<records {
                    try body(UnsafeRawBufferPointer(rebasing: raw[(r * recordBytes)..<((r + 1) * recordBytes)]))
                }
            }
            offset += bytes
            remaining -= records
        }
    }

    private func flush() throws {
        do { try buffer.withUnsafeBytes { try file.write($0) } } catch let failure as AnonymousFile.Failure {
            throw Self.ioError("write the upload's staging file", failure)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private func readFully(into destination: UnsafeMutableRawBufferPointer, at offset: Int) throws {
        do { try file.read(into: destination, at: offset) } catch let failure as AnonymousFile.Failure {
            throw Self.ioError("read the upload's staging file", failure)
        }
    }

    /// A full disk is the server's condition, not the client's fault: 503, and the client may retry.
    private static func ioError(_ what: String, _ failure: AnonymousFile.Failure) -> any Error {
        let code = failure.code
        if code == ENOSPC || code == EDQUOT { return APIError.unavailable("no disk space to stage the upload; retry later") }
        return NSError(domain: NSPOSIXErrorDomain, code: Int(code), userInfo: [NSLocalizedDescriptionKey: "could not \(what)"])
    }
}
