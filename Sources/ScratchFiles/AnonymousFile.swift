#if canImport(Glibc)
import Glibc
#endif

/// A file with no name, for data that grows with a job and must not stay in memory (an upload's
/// staged rows, dsir's spill of pass 1): created in `directory` (the disk the data belongs on)
/// and unlinked the same instant, so no path, a crash included, leaves it behind; its space is
/// freed when the value goes away. Reads and writes are whole: short counts and EINTR are retried.
public final class AnonymousFile {
    /// Why a call failed: the `errno` of the failing call (0 when the file simply ended).
    public struct Failure: Error, Sendable {
        public let code: Int32
    }

    private let fd: Int32

    /// `namePrefix` is the name the file has for the instant before it is unlinked.
    public init(directory: String, namePrefix: String) throws {
        var template = Array("\(directory)/\(namePrefix)XXXXXX".utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else { throw Failure(code: errno) }
        unlink(template)
        self.fd = fd
    }

    deinit { close(fd) }

    /// Appends all of `bytes` at the end of what was written.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw Failure(code: n < 0 ? errno : 0) }
            done += n
        }
    }

    /// Fills `destination` from byte `offset` of the file.
    public func read(into destination: UnsafeMutableRawBufferPointer, at offset: Int) throws {
        var done = 0
        while done < destination.count {
            let n = pread(fd, destination.baseAddress! + done, destination.count - done, off_t(offset + done))
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw Failure(code: n < 0 ? errno : 0) }
            done += n
        }
    }
}
