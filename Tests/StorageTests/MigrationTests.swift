import Foundation
import Testing
@testable import Storage
import TestSupport

@Suite struct MigrationTests {
    private static let migrationsFolder = RepositoryFiles.url("migrations")

    @Test func embeddedMigrations_EqualTheFilesInMigrationsFolder_ByteForByte() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.migrationsFolder.path)
            .filter { $0.hasSuffix(".sql") }.sorted()
        #expect(files.count == EmbeddedMigrations.all.count, "run scripts/embed_migrations.py")
        for (file, migration) in zip(files, EmbeddedMigrations.all) {
            let expectedName = String(format: "%03d_%@.sql", migration.version, migration.name)
            #expect(file == expectedName)
            let bytes = try Data(contentsOf: Self.migrationsFolder.appendingPathComponent(file))
            #expect(bytes == Data(migration.sql.utf8), "\(file) differs from EmbeddedMigrations.swift: run scripts/embed_migrations.py")
        }
    }

    @Test func migrations_ApplyOnce_AndRecordVersionNameAndTime() throws {
        let file = try TemporaryDatabase()
        let db = try file.openConnection()
        let runner = MigrationRunner(migrations: EmbeddedMigrations.all)
        #expect(try runner.migrate(db) == EmbeddedMigrations.all.map(\.version))
        let rows = try db.fetchAll("SELECT version, name, applied_at FROM schema_migrations", []) {
            ($0.int(at: 0), $0.text(at: 1), $0.text(at: 2))
        }
        #expect(rows.map(\.0) == EmbeddedMigrations.all.map(\.version))
        #expect(rows.map(\.1) == EmbeddedMigrations.all.map(\.name))
        #expect(rows.allSatisfy { $0.2.count == 24 && $0.2.hasSuffix("Z") })
    }

    @Test func migrations_OnRestart_AreIdempotent_AndKeepData() throws {
        let file = try TemporaryDatabase()
        do {
            let pool = try file.openPool()
            try pool.write { _ = try $0.createPool(name: "kept") }
        }
        let reopened = try file.openPool()
        #expect(try reopened.read { try $0.pool(named: "kept") } != nil)
        let second = try reopened.write { try MigrationRunner(migrations: EmbeddedMigrations.all).migrate($0) }
        #expect(second.isEmpty)
        #expect(try reopened.read { try $0.fetchInt("SELECT count(*) FROM schema_migrations") } == EmbeddedMigrations.all.count)
    }

    @Test func database_WithAnUnknownNewerMigration_IsRefused() throws {
        let file = try TemporaryDatabase()
        let newer = EmbeddedMigrations.all + [Migration(version: 999, name: "from_the_future", sql: "CREATE TABLE future (x)")]
        _ = try file.openPool(migrations: newer)
        #expect(throws: StorageError.unknownMigration(version: 999, name: "from_the_future")) {
            _ = try file.openPool()
        }
    }

    @Test func migration_ThatFails_IsNotRecorded_AndLeavesNoPartialSchema() throws {
        let file = try TemporaryDatabase()
        let broken = [Migration(version: 1, name: "broken", sql: "CREATE TABLE half (x); CREATE TABLE half (x);")]
        let db = try file.openConnection()
        #expect(throws: SQLiteError.self) { try MigrationRunner(migrations: broken).migrate(db) }
        #expect(try db.fetchInt("SELECT count(*) FROM schema_migrations") == 0)
        #expect(try db.fetchInt("SELECT count(*) FROM sqlite_master WHERE name = 'half'") == 0)
    }

    @Test func migrations_AreAppliedInVersionOrder_WhateverTheListOrder() throws {
        let file = try TemporaryDatabase()
        let db = try file.openConnection()
        let shuffled = [Migration(version: 2, name: "second", sql: "ALTER TABLE first ADD COLUMN y"),
                        Migration(version: 1, name: "first", sql: "CREATE TABLE first (x)")]
        #expect(try MigrationRunner(migrations: shuffled).migrate(db) == [1, 2])
    }
}
