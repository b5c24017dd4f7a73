import Dispatch
import Foundation

/// Blocks the main thread until SIGTERM or SIGINT arrives (delivered through Dispatch signal
/// sources, so no work happens in a signal handler).
enum SignalWaiter {
    static func waitForTermination() {
        let done = DispatchSemaphore(value: 0)
        let queue = DispatchQueue(label: "shortlist.signals")
        var sources: [DispatchSourceSignal] = []
        for sig in [SIGTERM, SIGINT] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler { done.signal() }
            source.resume()
            sources.append(source)
        }
        done.wait()
        sources.forEach { $0.cancel() }
    }
}
