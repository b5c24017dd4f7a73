import Foundation
import HTTP
import Testing

/// Benchmark harness, not a test: with SHORTLIST_HTTP_BENCH_SECONDS set it serves a /healthz-like
/// route on SHORTLIST_HTTP_BENCH_PORT (default 18080) for that long, logging one buffered line per
/// request, then prints requests served and server CPU per request. Driven by bench/http/run.sh.
@Suite struct BenchmarkServer {
    static let seconds = ProcessInfo.processInfo.environment["SHORTLIST_HTTP_BENCH_SECONDS"].flatMap(Double.init)

    @Test(.enabled(if: seconds != nil))
    func serveHealthz_ForTheConfiguredSeconds() throws {
        let port = ProcessInfo.processInfo.environment["SHORTLIST_HTTP_BENCH_PORT"].flatMap(Int.init) ?? 18080
        let router = Router()
        let body = Array(#"{"status":"ok","version":"bench","database":"ok"}"#.utf8)
        router.add("GET", "/healthz") { _ in .json(200, body) }
        let observer = BufferedLogObserver(path: "/dev/null")
        let server = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: port), router: router, observer: observer)
        try server.start()
        let cpuBefore = ProcessCPU.seconds()
        Thread.sleep(forTimeInterval: Self.seconds ?? 0)
        let cpu = ProcessCPU.seconds() - cpuBefore
        let served = observer.count
        server.shutdown()
        print("bench: served \(served) requests, server CPU \(String(format: "%.2f", cpu)) s, "
            + "\(String(format: "%.2f", served > 0 ? cpu / Double(served) * 1e6 : 0)) us CPU/request")
        // Machine-readable figure for bench/bench.py (bench/http/run.sh passes it through).
        print("BENCH-RESULT name=server-cpu-per-request value=\(String(format: "%.2f", served > 0 ? cpu / Double(served) * 1e6 : 0)) unit=us "
            + "note=both wrk runs, \(served) requests, per-request log observer, release")
        #expect(served > 0, "no request reached the harness: bench/http/run.sh drives it with wrk")
    }
}

/// One log line per request into a buffer written out in 64 KiB blocks, as a service would.
final class BufferedLogObserver: HTTPObserver {
    private struct State {
        var buffer: [UInt8] = []
        var count = 0
    }

    // NSLock (a plain pthread mutex): Synchronization.Mutex uses PI futexes on Linux, which
    // measured far slower under contention from 64 connection threads.
    private let lock = NSLock()
    private nonisolated(unsafe) var state = State()
    private let handle: FileHandle?

    init(path: String) {
        handle = FileHandle(forWritingAtPath: path)
    }

    var count: Int { lock.withLock { state.count } }

    func requestCompleted(_ record: HTTPRequestRecord) {
        let line = "method=\(record.method?.rawValue ?? "-") route=\(record.routePattern ?? "-") status=\(record.status) "
            + "id=\(record.requestID) dur_us=\(Int(record.duration * 1e6)) bytes=\(record.responseBytes)\n"
        let full: [UInt8]? = lock.withLock {
            state.count += 1
            state.buffer.append(contentsOf: line.utf8)
            guard state.buffer.count >= 65536 else { return nil }
            defer { state.buffer.removeAll(keepingCapacity: true) }
            return state.buffer
        }
        if let full { handle?.write(Data(full)) }
    }
}

/// utime + stime of this process from /proc/self/stat.
enum ProcessCPU {
    static func seconds() -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
