import Foundation
import JSON

/// One checkpoint of a prepared sharded run: its label and weight as the plan resolved them, its
/// exported manifest and the file of its target rows (relative to the job directory).
struct EngineCheckpoint: Sendable, Equatable {
    let label: String
    let weight: Double
    let dim: Int
    let manifest: URL
    let targetsFile: String
    let shardCount: Int

    var json: JSONValue {
        .object([
            "label": .string(label), "weight": .double(weight), "dim": .int(dim), "manifest": .string(manifest.path),
            "targets": .string(targetsFile), "shards": .int(shardCount),
        ])
    }
}

extension EngineCheckpoint {
    /// Reads what `json` wrote.
    init(_ value: JSONValue) throws {
        guard let label = value["label"]?.stringValue, let weight = value["weight"]?.doubleValue, let dim = value["dim"]?.intValue,
              let manifest = value["manifest"]?.stringValue, let targets = value["targets"]?.stringValue,
              let shards = value["shards"]?.intValue else {
            throw EngineError("a job checkpoint lacks label, weight, dim, manifest, targets or shards")
        }
        self.init(label: label, weight: weight, dim: dim, manifest: URL(fileURLWithPath: manifest), targetsFile: targets, shardCount: shards)
    }
}
