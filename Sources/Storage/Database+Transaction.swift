import CSQLite

/// How a top-level transaction takes its locks.
public enum TransactionKind: Sendable {
    /// Takes the write lock at BEGIN: a writer never fails half-way with SQLITE_BUSY on upgrade.
    case immediate
    /// Takes locks on first use: the right choice for a consistent multi-statement read.
    case deferred
}

extension Database {
    /// Runs `body` atomically: COMMIT when it returns, ROLLBACK when it throws (the error is rethrown).
    /// Nested calls become SAVEPOINTs, so repository operations compose inside a caller's transaction.
    public func transaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        isAutocommit ? try topLevelTransaction(kind, body) : try savepoint(body)
    }

    private func topLevelTransaction<T>(_ kind: TransactionKind, _ body: () throws -> T) throws -> T {
        try execute(kind == .immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED")
        let result: T
        do {
            result = try body()
        } catch {
            rollbackIgnoringErrors("ROLLBACK")
            throw error
        }
        do {
            try execute("COMMIT")
        } catch {
            rollbackIgnoringErrors("ROLLBACK")
            throw error
        }
        return result
    }

    private func savepoint<T>(_ body: () throws -> T) throws -> T {
        try execute("SAVEPOINT shortlist_nested")
        do {
            let result = try body()
            try execute("RELEASE shortlist_nested")
            return result
        } catch {
            rollbackIgnoringErrors("ROLLBACK TO shortlist_nested; RELEASE shortlist_nested")
            throw error
        }
    }

    /// Some errors (SQLITE_FULL, SQLITE_INTERRUPT inside COMMIT...) already rolled back, making our
    /// ROLLBACK fail with "no transaction is active"; the caller's original error is what matters.
    func rollbackIgnoringErrors(_ sql: String) {
        guard !isAutocommit else { return }
        _ = sqlite3_exec(handle, sql, nil, nil, nil)
    }
}
