import Synchronization
@testable import HTTP

/// Keeps every record the server reports.
final class RecordingObserver: HTTPObserver {
    private let records = Mutex<[HTTPRequestRecord]>([])

    func requestCompleted(_ record: HTTPRequestRecord) {
        records.withLock { $0.append(record) }
    }

    var all: [HTTPRequestRecord] { records.withLock { $0 } }
}
