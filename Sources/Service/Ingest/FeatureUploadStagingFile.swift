import Foundation
import Storage
#if canImport(Glibc)
import Glibc
#endif

/// An anonymous file an upload's validated rows are written to while the client is still sending,
/// so the SQLite writer lock is only taken once the whole body has arrived (a stalled client then
/// blocks nobody). It lives in the database's directory, i.e. on the disk the rows are going to,
/// and is unlinked the moment it is created: no path, including a crash, leaves it behind; its
/// space is freed when the descriptor is closed (deinit).
///
/// Fixed-size records: `append` buffers them in `bufferBytes`, `forEachRecord` replays them.
final class FeatureUploadStagingFile {
    /// The name the file has for the instant before it is unlinked (visible in /proc/<pid>/fd).
    static let namePrefix = ".shortlist-upload-"
    static let bufferBytes = 1 << 20

    let recordBytes: Int
    private let fd: Int32
    private var buffer: [UInt8] = []
    private(set) var recordCount = 0

    init(directory: String, recordBytes: Int) throws {
        // Derived from a validated dim (>= 1), so never 0; refused rather than trusted.
        guard recordBytes > 0 else { throw StorageError.invalidArgument(parameter: "recordBytes", reason: "must be at least 1") }
        self.recordBytes = recordBytes
        var template = Array("\(directory)/\(Self.namePrefix)XXXXXX".utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else { throw Self.ioError("create the upload's staging file in \(directory)") }
        unlink(template)
        self.fd = fd
        buffer.reserveCapacity(Self.bufferBytes)
    }

    deinit { close(fd) }

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
        try buffer.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { throw Self.ioError("write the upload's staging file") }
                done += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private func readFully(into destination: UnsafeMutableRawBufferPointer, at offset: Int) throws {
        var done = 0
        while done < destination.count {
            let n = pread(fd, destination.baseAddress! + done, destination.count - done, off_t(offset + done))
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw Self.ioError("read the upload's staging file") }
            done += n
        }
    }

    /// A full disk is the server's condition, not the client's fault: 503, and the client may retry.
    private static func ioError(_ what: String) -> any Error {
        let code = errno
        if code == ENOSPC || code == EDQUOT { return APIError.unavailable("no disk space to stage the upload; retry later") }
        return NSError(domain: NSPOSIXErrorDomain, code: Int(code), userInfo: [NSLocalizedDescriptionKey: "could not \(what)"])
    }
}
