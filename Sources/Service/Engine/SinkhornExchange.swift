/// How the coordinator of uot's Sinkhorn rounds (`EngineSinkhorn`) reaches the block processes:
/// every frame it sends goes to the driver, which broadcasts a request to every block (a
/// `load` only to the block of its position) and sends back their answers in block order.
protocol SinkhornExchange {
    mutating func send(_ frame: SinkhornFrame) throws
    mutating func receive() throws -> SinkhornFrame
}

/// The driver at the other end of the coordinator's standard input and output.
struct PipeExchange: SinkhornExchange {
    let input: Int32
    let output: Int32

    func send(_ frame: SinkhornFrame) throws { try frame.write(to: output) }

    func receive() throws -> SinkhornFrame {
        guard let frame = try SinkhornFrame.read(from: input) else { throw EngineError("the driver closed the Sinkhorn exchange") }
        return frame
    }
}
