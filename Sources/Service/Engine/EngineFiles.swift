import Foundation

/// File access of the sharded run: whole-file reads, and writes that never leave a half file
/// under the final name (a temporary file in the same directory, renamed), so a reader on a
/// shared filesystem sees the old file or the new one.
enum EngineFiles {
    /// The whole file, read straight into the array (no intermediate `Data` copy: shards are
    /// hundreds of MB).
    static func read(_ url: URL) throws -> [UInt8] {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw EngineError("cannot read \(url.path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw EngineError("cannot read \(url.path): \(String(cString: strerror(errno)))") }
        let size = Int(status.st_size)
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            while count < size {
                let n = Glibc.read(fd, buffer.baseAddress! + count, size - count)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else {
                    failure = n < 0 ? errno : EIO
                    return
                }
                count += n
            }
        }
        guard failure == 0, bytes.count == size else {
            throw EngineError("cannot read \(url.path): \(failure == 0 ? "it changed size while read" : String(cString: strerror(failure)))")
        }
        return bytes
    }

    static func write(_ bytes: [UInt8], to url: URL) throws {
        try bytes.withUnsafeBytes { try write($0, to: url) }
    }

    /// `write(_:to:)` of bytes the caller holds (a shard in its read buffer), without a copy.
    static func write(_ bytes: UnsafeRawBufferPointer, to url: URL) throws {
        // Unique per write, not per process: two jobs of one service may export the same shard at
        // once, and a shared temporary name would let one rename the other's half-written file.
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UUID().uuidString).tmp")
        do {
            let data = bytes.baseAddress.map { Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: $0), count: bytes.count, deallocator: .none) } ?? Data()
            try data.write(to: temporary)
            // rename(2) replaces an existing file atomically (FileManager's replaceItemAt does not
            // on every platform).
            guard rename(temporary.path, url.path) == 0 else { throw EngineError(String(cString: strerror(errno))) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw EngineError("cannot write \(url.path): \(error)")
        }
    }

    static func makeDirectory(_ url: URL) throws {
        do { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) } catch {
            throw EngineError("cannot create \(url.path): \(error.localizedDescription)")
        }
    }

    /// A path component from a name or label: ASCII letters, digits, `-`, `_` and `.` kept, every
    /// other byte as `%XX`, so two names never share a directory and none escapes the store.
    static func component(_ name: String) -> String {
        var out = ""
        for byte in name.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if c.isASCII, c.isLetter || c.isNumber || c == "-" || c == "_" || (c == "." && !out.isEmpty) {
                out.append(c)
            } else {
                out += String(format: "%%%02X", byte)
            }
        }
        return out.isEmpty ? "%" : out
    }
}
