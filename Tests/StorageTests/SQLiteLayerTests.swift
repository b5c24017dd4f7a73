import CSQLite
import Foundation
import PropertyBased
import Testing
@testable import Storage

@Suite struct SQLiteLayerTests {
    @Test func connection_AppliesPragmas_PageSizeWALForeignKeysAndSynchronousNormal() throws {
        let file = try TemporaryDatabase()
        let db = try file.openConnection()
        #expect(try db.fetchInt("PRAGMA page_size") == 16384)
        #expect(try db.fetchOne("PRAGMA journal_mode", [], { $0.text(at: 0) }) == "wal")
        #expect(try db.fetchInt("PRAGMA foreign_keys") == 1)
        #expect(try db.fetchInt("PRAGMA synchronous") == 1)
        #expect(try db.fetchInt("PRAGMA mmap_size") == 1 << 30)
    }

    @Test func busyTimeoutAndMmapSize_FollowTheConfiguration() throws {
        let file = try TemporaryDatabase()
        let db = try Database(path: file.path, configuration: DatabaseConfiguration(busyTimeoutMilliseconds: 250, mmapSize: 0))
        #expect(try db.fetchInt("PRAGMA busy_timeout") == 250)
        #expect(try db.fetchInt("PRAGMA mmap_size") == 0)
    }

    @Test func typedBinds_RoundTrip_IntegersRealsTextBlobsAndNull() throws {
        let file = try TemporaryDatabase()
        let db = try file.openConnection()
        try db.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)")
        let insert = try db.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?)")
        try insert.bind(Int64.min, at: 1)
        try insert.bind(-0.125, at: 2)
        try insert.bind("héllo 🌍 \u{0} tail", at: 3)
        try insert.bind(Data([0, 1, 254, 255]), at: 4)
        try insert.bindNull(at: 5)
        try insert.step()
        let select = try db.prepare("SELECT i, r, s, b, n FROM t")
        #expect(try select.step())
        #expect(select.int64(at: 0) == Int64.min)
        #expect(select.double(at: 1) == -0.125)
        #expect(select.text(at: 2) == "héllo 🌍 \u{0} tail")
        #expect(select.blob(at: 3) == [0, 1, 254, 255])
        #expect(select.isNull(at: 4))
        #expect(select.optionalText(at: 4) == nil)
        #expect(select.optionalInt(at: 4) == nil)
        #expect(try select.step() == false)
    }

    @Test func emptyTextAndEmptyBlob_AreStoredAsEmpty_NotNull() throws {
        let file = try TemporaryDatabase()
        let db = try file.openConnection()
        try db.execute("CREATE TABLE t (s TEXT, b BLOB)")
        try db.execute("INSERT INTO t VALUES (?, ?)", [.text(""), .blob([])])
        let row = try #require(try db.fetchOne("SELECT s IS NULL, b IS NULL, length(s), length(b) FROM t", []) {
            [$0.int(at: 0), $0.int(at: 1), $0.int(at: 2), $0.int(at: 3)]
        })
        #expect(row == [0, 0, 0, 0])
    }

    @Test func textBind_RoundTrips_AnyUnicodeString() async throws {
        let file = try TemporaryDatabase()
        let db = try file.openConnection()
        try db.execute("CREATE TABLE t (s TEXT)")
        // Surrogate code points are not scalars: they map to U+FFFD, still a valid scalar to round-trip.
        let scalars = Gen.uint32(in: 1...0x10FFFF).map { Unicode.Scalar($0) ?? "\u{FFFD}" }.array(of: 0...40)
        await propertyCheck(count: 200, input: scalars) { scalars in
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars)
            try db.execute("DELETE FROM t")
            try db.execute("INSERT INTO t VALUES (?)", [.text(text)])
            #expect(try db.fetchOne("SELECT s FROM t", []) { $0.text(at: 0) } == text)
        }
    }

    @Test func staticBlobBind_AndCopyBlob_RoundTripFloatsWithoutAllocation() throws {
        let file = try TemporaryDatabase()
        let db = try file.openConnection()
        try db.execute("CREATE TABLE t (b BLOB)")
        let written: [Float] = [1.5, -2, .pi, 0, 1e-30]
        let insert = try db.prepare("INSERT INTO t VALUES (?)")
        try written.withUnsafeBytes { try insert.bindStatic(blob: $0.baseAddress!, byteCount: $0.count, at: 1) }
        try insert.step()
        let select = try db.prepare("SELECT b FROM t")
        #expect(try select.step())
        var read = [Float](repeating: 0, count: written.count)
        let bytes = read.withUnsafeMutableBytes { select.copyBlob(at: 0, into: $0.baseAddress!, capacity: $0.count) }
        #expect(bytes == written.count * 4)
        #expect(read == written)
    }

    @Test func sqliteError_CarriesExtendedCodeAndOperation_AndNeverTheBoundValues() throws {
        let file = try TemporaryDatabase()
        let db = try file.openConnection()
        try db.execute("CREATE TABLE t (s TEXT UNIQUE)")
        let secret = "secret-value-4711"
        try db.execute("INSERT INTO t VALUES (?)", [.text(secret)])
        let error = try #require(throws: SQLiteError.self) {
            try db.execute("INSERT INTO t VALUES (?)", [.text(secret)])
        }
        #expect(error.extendedCode == SQLiteResultCode.constraintUnique)
        #expect(error.primaryCode == SQLITE_CONSTRAINT)
        #expect(error.isUniqueViolation)
        #expect(error.operation == "step")
        #expect(!error.description.contains(secret))
        #expect(!error.message.contains(secret))
    }

    @Test func prepare_OfInvalidSQL_ThrowsWithPrepareOperation() throws {
        let file = try TemporaryDatabase()
        let db = try file.openConnection()
        let error = try #require(throws: SQLiteError.self) { try db.prepare("SELEC nonsense") }
        #expect(error.operation == "prepare")
        #expect(error.primaryCode == SQLITE_ERROR)
    }

    @Test func transaction_ThatThrows_LeavesNoRows_AndRethrowsTheError() throws {
        struct Boom: Error {}
        let file = try TemporaryDatabase()
        let db = try file.openConnection()
        try db.execute("CREATE TABLE t (i INTEGER)")
        #expect(throws: Boom.self) {
            try db.transaction {
                try db.execute("INSERT INTO t VALUES (1)")
                try db.execute("INSERT INTO t VALUES (2)")
                throw Boom()
            }
        }
        #expect(try db.fetchInt("SELECT count(*) FROM t") == 0)
        #expect(db.isAutocommit)
    }

    @Test func nestedTransaction_ThatThrows_RollsBackOnlyItsOwnWork() throws {
        struct Boom: Error {}
        let file = try TemporaryDatabase()
        let db = try file.openConnection()
        try db.execute("CREATE TABLE t (i INTEGER)")
        try db.transaction {
            try db.execute("INSERT INTO t VALUES (1)")
            try? db.transaction {
                try db.execute("INSERT INTO t VALUES (2)")
                throw Boom()
            }
        }
        #expect(try db.fetchAll("SELECT i FROM t", []) { $0.int(at: 0) } == [1])
    }

    @Test func transaction_ThatReturns_Commits_AndChangesAndLastRowIDAreReported() throws {
        let file = try TemporaryDatabase()
        let db = try file.openConnection()
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, i INTEGER)")
        let id = try db.transaction {
            try db.execute("INSERT INTO t (i) VALUES (7)")
            return db.lastInsertRowID
        }
        try db.execute("UPDATE t SET i = i + 1", [])
        #expect(db.changes == 1)
        #expect(try file.openConnection().fetchInt("SELECT i FROM t WHERE id = ?", [.integer(id)]) == 8)
    }

    @Test func interrupt_FromAnotherThread_StopsALongQuery_WithSQLITE_INTERRUPT() throws {
        let file = try TemporaryDatabase()
        let db = try file.openConnection()
        // An unbounded recursive CTE never finishes on its own: only the interrupt can stop it.
        let endless = try db.prepare("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c")
        let finished = Flag()
        // Keeps interrupting until the query has stopped: an interrupt sent before step() began is a no-op.
        let stopper = Thread {
            while !finished.isSet {
                Thread.sleep(forTimeInterval: 0.05)
                db.interrupt()
            }
        }
        stopper.start()
        defer { finished.set() }
        let error = try #require(throws: SQLiteError.self) { try endless.step() }
        #expect(error.isInterrupt)
        #expect(error.primaryCode == SQLITE_INTERRUPT)
    }
}
