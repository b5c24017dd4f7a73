import Foundation
@testable import Service

/// The process's resident memory during a benchmark phase (Linux /proc/self/status): `reset()`
/// sets VmHWM back to the current RSS (/proc/self/clear_refs "5"), then a thread samples the
/// split of RSS into anonymous memory and mapped file pages every `interval` seconds until
/// `stop()`, which returns the peaks. VmHWM counts every resident page of the process,
/// file-backed (mmap'd database pages, the binary) included; RssAnon is what the process
/// allocated; RssFile is mapped file pages only.
final class ProcessMemorySampler: @unchecked Sendable {
    struct Peaks: Sendable {
        /// Kernel's peak RSS since the reset, all kinds of pages (MB).
        var hwm = 0
        var anon = 0
        var file = 0
    }

    private let peaks = Locked(Peaks())
    private let running = Locked(true)
    private let done = DispatchSemaphore(value: 0)

    /// Resets VmHWM and starts sampling.
    init(interval: Double = 0.01) {
        Self.resetHighWaterMark()
        Thread.detachNewThread { [self] in
            while running.withLock({ $0 }) {
                let status = Self.status()
                peaks.withLock { p in
                    p.anon = max(p.anon, status["RssAnon"] ?? 0)
                    p.file = max(p.file, status["RssFile"] ?? 0)
                }
                Thread.sleep(forTimeInterval: interval)
            }
            done.signal()
        }
    }

    func stop() -> Peaks {
        running.withLock { $0 = false }
        done.wait()
        let hwm = Self.status()["VmHWM"] ?? 0
        return peaks.withLock { p in
            p.hwm = hwm
            return p
        }
    }

    static func resetHighWaterMark() {
        let fd = open("/proc/self/clear_refs", O_WRONLY)
        guard fd >= 0 else { return }
        _ = write(fd, "5", 1)
        close(fd)
    }

    /// The kB fields of /proc/self/status, in MB.
    static func status() -> [String: Int] {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return [:] }
        var fields: [String: Int] = [:]
        for line in text.split(separator: "\n") where line.hasSuffix(" kB") {
            let parts = line.split(separator: ":")
            guard parts.count == 2, let kb = Int(parts[1].dropLast(3).trimmingCharacters(in: .whitespaces)) else { continue }
            fields[String(parts[0])] = kb / 1024
        }
        return fields
    }
}
