import Testing
@testable import Storage

@Suite struct FeatureRepositoryTests {
    @Test func feature_CreateGetAndConflict_RecordEmbedderAndModel() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        try pool.write { db in
            let created = try db.createPool(name: "p")
            let feature = try db.createFeature(poolID: created.id, name: "emb", embedder: "hashing", model: "h-256")
            #expect(try db.feature(poolID: created.id, name: "emb") == feature)
            #expect(try db.featureOrCreate(poolID: created.id, name: "emb") == feature)
            #expect(throws: StorageError.conflict("feature 'emb'")) { try db.createFeature(poolID: created.id, name: "emb") }
            try db.setFeatureEmbedder(featureID: feature.id, embedder: nil, model: nil)
            #expect(try db.feature(poolID: created.id, name: "emb")?.embedder == nil)
        }
    }

    @Test func checkpoints_AreListedInCreationOrder_AndValidateDimAndWeight() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        try pool.write { db in
            let created = try db.createPool(name: "p")
            let feature = try db.createFeature(poolID: created.id, name: "grads")
            for label in ["step9", "step1", "step5"] { _ = try db.createCheckpoint(featureID: feature.id, label: label, dim: 4) }
            #expect(try db.checkpoints(featureID: feature.id).map(\.label) == ["step9", "step1", "step5"])
            #expect(throws: StorageError.conflict("checkpoint 'step1'")) {
                try db.createCheckpoint(featureID: feature.id, label: "step1", dim: 4)
            }
            #expect(throws: StorageError.invalidArgument(parameter: "dim", reason: "must be at least 1")) {
                try db.createCheckpoint(featureID: feature.id, label: "zero", dim: 0)
            }
            #expect(throws: StorageError.invalidArgument(parameter: "weight", reason: "must be finite")) {
                try db.createCheckpoint(featureID: feature.id, label: "nan", dim: 2, weight: .nan)
            }
            let step5 = try #require(try db.checkpoint(featureID: feature.id, label: "step5"))
            try db.setCheckpointWeight(checkpointID: step5.id, weight: 0.25)
            #expect(try db.checkpoint(featureID: feature.id, label: "step5")?.weight == 0.25)
            #expect(try db.deleteCheckpoint(checkpointID: step5.id))
            #expect(try db.checkpoints(featureID: feature.id).map(\.label) == ["step9", "step1"])
        }
    }

    @Test func replaceAllWriter_ReplacesEveryPreviousRow() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        let (created, checkpoint) = try pool.write { try Fixtures.filledCheckpoint($0, count: 3, dim: 2) }
        try pool.write { db in
            let writer = try FeatureRowWriter(db: db, checkpoint: checkpoint, mode: .replaceAll)
            for key in try db.itemKeys(poolID: created.id) { try writer.append(itemRowID: key.rowID, vector: [9, Float(key.index)]) }
            try writer.commit()
        }
        let matrix = try pool.read { try $0.readMatrix(checkpoint: checkpoint, poolID: created.id) }
        #expect(matrix == FeatureMatrix(rows: 3, dim: 2, values: [9, 0, 9, 1, 9, 2]))
    }

    @Test func upsertWriter_OverwritesGivenRows_AndKeepsTheOthers() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        let (created, checkpoint) = try pool.write { try Fixtures.filledCheckpoint($0, count: 3, dim: 2) }
        try pool.write { db in
            let keys = try db.itemKeys(poolID: created.id)
            let writer = try FeatureRowWriter(db: db, checkpoint: checkpoint, mode: .upsert)
            try writer.append(itemRowID: keys[1].rowID, vector: [-1, -1])
            try writer.commit()
            #expect(writer.rowsWritten == 1)
        }
        let matrix = try pool.read { try $0.readMatrix(checkpoint: checkpoint, poolID: created.id) }
        #expect(matrix.values == Fixtures.vector(row: 0, dim: 2) + [-1, -1] + Fixtures.vector(row: 2, dim: 2))
    }

    @Test func abandonedWriter_RollsBack_AndLeavesThePreviousRows() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        let (created, checkpoint) = try pool.write { try Fixtures.filledCheckpoint($0, count: 4, dim: 3) }
        let before = try pool.read { try $0.readMatrix(checkpoint: checkpoint, poolID: created.id) }
        try pool.write { db in
            let keys = try db.itemKeys(poolID: created.id)
            do {
                let writer = try FeatureRowWriter(db: db, checkpoint: checkpoint, mode: .replaceAll)
                try writer.append(itemRowID: keys[0].rowID, vector: [0, 0, 0])
                // dropped here without commit
            }
            let explicit = try FeatureRowWriter(db: db, checkpoint: checkpoint, mode: .replaceAll)
            try explicit.append(itemRowID: keys[0].rowID, vector: [5, 5, 5])
            explicit.rollback()
            #expect(db.isAutocommit)
        }
        #expect(try pool.read { try $0.readMatrix(checkpoint: checkpoint, poolID: created.id) } == before)
    }

    @Test func writer_RejectsAVectorOfTheWrongDim_AndAnUnknownItem() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        let (created, checkpoint) = try pool.write { try Fixtures.filledCheckpoint($0, count: 2, dim: 3) }
        try pool.write { db in
            let writer = try FeatureRowWriter(db: db, checkpoint: checkpoint, mode: .upsert)
            #expect(throws: StorageError.invalidArgument(parameter: "vector", reason: "has 2 values, the checkpoint's dim is 3")) {
                try writer.append(itemRowID: 1, vector: [1, 2])
            }
            #expect(throws: StorageError.invalidArgument(parameter: "itemRowID", reason: "no item 9999 in the checkpoint's pool")) {
                try writer.append(itemRowID: 9_999, vector: [1, 2, 3])
            }
            writer.rollback()
        }
        #expect(try pool.read { try $0.featureRowCount(checkpointID: checkpoint.id) } == 2)
        _ = created
    }

    @Test func writer_RefusesARowForAnItemOfAnotherPool() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        let (_, checkpoint) = try pool.write { try Fixtures.filledCheckpoint($0, pool: "a", count: 2, dim: 2) }
        let (other, _) = try pool.write { try Fixtures.filledCheckpoint($0, pool: "b", count: 1, dim: 2) }
        let foreign = try #require(try pool.read { try $0.itemKeys(poolID: other.id) }.first)
        try pool.write { db in
            let writer = try FeatureRowWriter(db: db, checkpoint: checkpoint, mode: .upsert)
            #expect(throws: StorageError.self) { try writer.append(itemRowID: foreign.rowID, vector: [1, 1]) }
        }
        #expect(try pool.read { try $0.featureRowCount(checkpointID: checkpoint.id) } == 2)
    }

    @Test func replaceAllWriter_RefusesTheSameItemTwice() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        let (created, checkpoint) = try pool.write { try Fixtures.filledCheckpoint($0, count: 2, dim: 1) }
        try pool.write { db in
            let key = try #require(try db.itemKeys(poolID: created.id).first)
            let writer = try FeatureRowWriter(db: db, checkpoint: checkpoint, mode: .replaceAll)
            try writer.append(itemRowID: key.rowID, vector: [1])
            let error = try #require(throws: SQLiteError.self) { try writer.append(itemRowID: key.rowID, vector: [2]) }
            #expect(error.isUniqueViolation)
        }
    }

    @Test func incompleteCheckpoint_ReportsTheFirstItemWithoutARow_OnStatusAndRead() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        let (created, checkpoint) = try pool.write { try Fixtures.filledCheckpoint($0, count: 3, dim: 2) }
        try pool.write { db in try db.upsertItems(poolID: created.id, Fixtures.items(["new1", "new2"])) }
        let status = try pool.read { try $0.checkpointStatus(checkpoint, poolID: created.id) }
        #expect(status.rows == 3)
        #expect(status.complete == false)
        #expect(status.firstMissing?.extID == "new1")
        #expect(status.firstMissing?.index == 3)
        let incomplete = StorageError.featureIncomplete(checkpoint: "default", firstMissingItemID: "new1", index: 3)
        #expect(throws: incomplete) { try pool.read { try $0.readMatrix(checkpoint: checkpoint, poolID: created.id) } }
        #expect(throws: incomplete) {
            try pool.read { try $0.forEachBlock(checkpoint: checkpoint, poolID: created.id, rows: 2) { _, _, _ in } }
        }
    }

    @Test func deletingAnItem_DeletesItsRows_SoTheCheckpointStaysComplete_AndIndicesShift() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        let (created, checkpoint) = try pool.write { try Fixtures.filledCheckpoint($0, count: 3, dim: 2) }
        try pool.write { try $0.deleteItem(poolID: created.id, extID: "item1") }
        let matrix = try pool.read { try $0.readMatrix(checkpoint: checkpoint, poolID: created.id) }
        #expect(matrix.rows == 2)
        #expect(matrix.values == Fixtures.vector(row: 0, dim: 2) + Fixtures.vector(row: 2, dim: 2))
    }

    @Test func checkpointStatuses_OfAFeature_FollowCreationOrder_WithRowCounts() throws {
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        try pool.write { db in
            let (created, first) = try Fixtures.filledCheckpoint(db, count: 2, dim: 2, label: "b")
            let feature = try #require(try db.feature(poolID: created.id, name: "embedding"))
            let second = try db.createCheckpoint(featureID: feature.id, label: "a", dim: 5, weight: 2)
            let statuses = try db.checkpointStatuses(feature: feature)
            #expect(statuses.map(\.checkpoint) == [first, second])
            #expect(statuses.map(\.rows) == [2, 0])
            #expect(statuses.map(\.complete) == [true, false])
            #expect(try db.deleteFeature(featureID: feature.id))
            #expect(try db.featureDetails(poolID: created.id).isEmpty)
        }
    }

    @Test func writerInsideACallersTransaction_IsUndoneWithIt_IncludingTheNewCheckpoint() throws {
        struct Boom: Error {}
        let file = try TemporaryDatabase()
        let pool = try file.openPool()
        let (created, _) = try pool.write { try Fixtures.filledCheckpoint($0, count: 2, dim: 2) }
        let feature = try #require(try pool.read { try $0.feature(poolID: created.id, name: "embedding") })
        #expect(throws: Boom.self) {
            try pool.write { db in
                try db.transaction {
                    let fresh = try db.createCheckpoint(featureID: feature.id, label: "step2", dim: 2)
                    let writer = try FeatureRowWriter(db: db, checkpoint: fresh, mode: .replaceAll)
                    for key in try db.itemKeys(poolID: created.id) { try writer.append(itemRowID: key.rowID, vector: [1, 2]) }
                    try writer.commit()
                    throw Boom()
                }
            }
        }
        #expect(try pool.read { try $0.checkpoints(featureID: feature.id) }.map(\.label) == ["default"])
        #expect(try pool.read { try $0.storageCounts().featureRows } == 2)
    }
}
