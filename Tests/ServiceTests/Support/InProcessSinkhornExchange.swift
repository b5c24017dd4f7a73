@testable import Service

/// The driver's part of uot's Sinkhorn rounds (`ray/driver.py`) in process: the block processes
/// are `EngineSinkhornBlock`s here, every frame goes through its bytes both ways, and
/// `restart` (request number, block) replaces that block before that request by a fresh one
/// given its load again, as the driver does after a block process died.
struct InProcessSinkhornExchange: SinkhornExchange {
    let job: EngineJob
    var workers = 1
    var restart: (request: Int, block: Int)?
    private var blocks: [EngineSinkhornBlock] = []
    private var loads: [SinkhornFrame] = []
    private var pending: [SinkhornFrame] = []
    private(set) var requests = 0
    private(set) var planned: [Range<Int>] = []

    init(job: EngineJob, workers: Int = 1, restart: (request: Int, block: Int)? = nil) {
        self.job = job
        self.workers = workers
        self.restart = restart
    }

    mutating func send(_ frame: SinkhornFrame) throws {
        switch frame {
        case .plan(let ranges):
            planned = ranges
            blocks = try ranges.map { try EngineSinkhornBlock(job, rows: $0, workers: workers) }
            pending = try blocks.map { try Self.carried($0.hello) }
        case .load:
            let load = try Self.carried(frame)
            _ = try blocks[loads.count].answer(load)
            loads.append(load)
        case .round, .masses, .quality:
            requests += 1
            if let restart, restart.request == requests {
                blocks[restart.block] = try EngineSinkhornBlock(job, rows: planned[restart.block], workers: workers)
                _ = try blocks[restart.block].answer(loads[restart.block])
            }
            let request = try Self.carried(frame)
            pending += try blocks.indices.map { try Self.carried(try blocks[$0].answer(request)) }
        case .progress, .end, .hello, .ready, .reply, .mass, .figures:
            break
        }
    }

    mutating func receive() throws -> SinkhornFrame { pending.removeFirst() }

    /// The frame as its reader gets it from its bytes.
    static func carried(_ frame: SinkhornFrame) throws -> SinkhornFrame {
        try SinkhornFrame(payload: Array(frame.bytes.dropFirst(8)))
    }
}
