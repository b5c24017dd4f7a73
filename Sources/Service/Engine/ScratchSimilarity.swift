import Foundation
import ScratchFiles
import Selection

/// A Sinkhorn block process's S (targets x its rows, float64), kept in an unlinked scratch file
/// on the worker's disk in the column blocks it was built in, for the selection's coverage
/// figures after the rounds (`coverage`): the kernel replaced S in memory.
struct ScratchSimilarity {
    let targets: Int
    private let file: AnonymousFile
    private var blocks: [Int] = []

    init(targets: Int, directory: String) throws {
        self.targets = targets
        do { file = try AnonymousFile(directory: directory, namePrefix: "shortlist-sinkhorn-s-") } catch let failure as AnonymousFile.Failure {
            throw Self.failure("create", failure)
        }
    }

    /// Appends the next block of `columns` columns (targets x columns).
    mutating func append(_ block: [Double], columns: Int) throws {
        do { try block.withUnsafeBytes { try file.write($0) } } catch let failure as AnonymousFile.Failure { throw Self.failure("write", failure) }
        blocks.append(columns)
    }

    /// The coverage figures of `selected` (column indices of this S) over every column, in column order.
    func coverage(selected: [Int]) throws -> SelectionCoverage {
        var figures = SelectionCoverage.Accumulator(targets: targets, candidates: blocks.reduce(0, +), selected: selected)
        var buffer = [Double](repeating: 0, count: targets * (blocks.max() ?? 0))
        var (start, offset) = (0, 0)
        for count in blocks {
            let size = targets * count
            try buffer.withUnsafeMutableBufferPointer { values in
                do {
                    try file.read(into: UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: values[0..<size])), at: offset)
                } catch let failure as AnonymousFile.Failure {
                    throw Self.failure("read", failure)
                }
                figures.add(start: start, count: count, rows: UnsafeBufferPointer(rebasing: values[0..<size]))
            }
            start += count
            offset += size * MemoryLayout<Double>.size
        }
        return figures.figures
    }

    private static func failure(_ what: String, _ failure: AnonymousFile.Failure) -> EngineError {
        EngineError("cannot \(what) the Sinkhorn block's scratch copy of S: \(String(cString: strerror(failure.code)))")
    }
}
