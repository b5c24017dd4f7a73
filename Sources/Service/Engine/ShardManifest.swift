import Foundation
import JSON

/// `manifest.json` of one exported checkpoint: its shape, the item ids in index order (row i of
/// the checkpoint is item `itemIDs[i]`) and its shards, contiguous and in row order. Any reader
/// (numpy, the Ray driver, `shortlist engine map`) needs nothing else.
struct ShardManifest: Sendable, Equatable {
    static let fileName = "manifest.json"
    static let format = "shortlist-shards/1"

    let pool: String
    let feature: String
    let checkpoint: String
    let rows: Int
    let dim: Int
    /// Rows of every shard but the last (a multiple of `ShardCosines.rowAlignment`).
    let shardRows: Int
    let itemIDs: [String]
    let shards: [ShardEntry]

    var json: JSONValue {
        .object([
            "format": .string(Self.format), "pool": .string(pool), "feature": .string(feature), "checkpoint": .string(checkpoint),
            "rows": .int(rows), "dim": .int(dim), "dtype": .string(NPYArray.float32), "shard_rows": .int(shardRows),
            "shards": .array(shards.map(\.json)), "item_ids": .array(itemIDs.map(JSONValue.string)),
        ])
    }
}

extension ShardManifest {
    /// Reads what `json` wrote.
    init(_ value: JSONValue) throws {
        guard value["format"]?.stringValue == Self.format else { throw EngineError("not a \(Self.format) manifest") }
        guard let pool = value["pool"]?.stringValue, let feature = value["feature"]?.stringValue,
              let checkpoint = value["checkpoint"]?.stringValue, let rows = value["rows"]?.intValue, let dim = value["dim"]?.intValue,
              let shardRows = value["shard_rows"]?.intValue, value["dtype"]?.stringValue == NPYArray.float32,
              let ids = value["item_ids"]?.arrayValue, let shards = value["shards"]?.arrayValue else {
            throw EngineError("the manifest lacks one of pool, feature, checkpoint, rows, dim, dtype <f4, shard_rows, item_ids, shards")
        }
        let itemIDs = try ids.map { v throws -> String in
            guard let id = v.stringValue else { throw EngineError("the manifest's item_ids hold a non-string") }
            return id
        }
        self.init(pool: pool, feature: feature, checkpoint: checkpoint, rows: rows, dim: dim, shardRows: shardRows,
                  itemIDs: itemIDs, shards: try shards.map(ShardEntry.init))
        var next = 0
        for shard in self.shards {
            guard shard.rowOffset == next, shard.rows > 0 else { throw EngineError("manifest shard \(shard.file) does not start at row \(next)") }
            next += shard.rows
        }
        guard next == rows, itemIDs.count == rows else { throw EngineError("the manifest's shards cover \(next) rows and it names \(itemIDs.count) items, not \(rows)") }
    }

    static func read(_ url: URL) throws -> ShardManifest {
        do { return try ShardManifest(try JSONParser.parse(try EngineFiles.read(url))) } catch let error as EngineError {
            throw EngineError("\(url.path): \(error.description)")
        } catch {
            throw EngineError("\(url.path): \(error)")
        }
    }
}
