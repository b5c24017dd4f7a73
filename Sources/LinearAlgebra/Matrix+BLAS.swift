extension Matrix {
    /// `self * other` (or `self * other^T` when `transposeOther`), float32 GEMM.
    public func multiplied(by other: Matrix, transposeOther: Bool = false) throws -> Matrix {
        let innerOther = transposeOther ? other.cols : other.rows
        guard cols == innerOther else {
            throw LinearAlgebraError.shapeMismatch("\(rows)x\(cols) times \(other.rows)x\(other.cols)\(transposeOther ? "^T" : "")")
        }
        let n = transposeOther ? other.rows : other.cols
        var out = Matrix(rows: rows, cols: n)
        guard rows > 0, n > 0 else { return out }
        if cols == 0 { return out }
        values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                out.values.withUnsafeMutableBufferPointer { c in
                    BLAS.sgemm(
                        transposeB: transposeOther, m: rows, n: n, k: cols,
                        a: a.baseAddress!, lda: cols, b: b.baseAddress!, ldb: other.cols,
                        c: c.baseAddress!, ldc: n)
                }
            }
        }
        return out
    }

    /// `self * self^T` (rows x rows), both triangles filled, float32 SYRK.
    public func gramOfRows() -> Matrix {
        var out = Matrix(rows: rows, cols: rows)
        guard rows > 0, cols > 0 else { return out }
        values.withUnsafeBufferPointer { a in
            out.values.withUnsafeMutableBufferPointer { c in
                BLAS.ssyrk(n: rows, k: cols, a: a.baseAddress!, lda: cols, c: c.baseAddress!, ldc: rows)
                mirrorUpperToLower(c.baseAddress!, n: rows, ldc: rows)
            }
        }
        return out
    }
}

extension DoubleMatrix {
    /// `self * other` (or `self * other^T`), float64 GEMM.
    public func multiplied(by other: DoubleMatrix, transposeOther: Bool = false) throws -> DoubleMatrix {
        let innerOther = transposeOther ? other.cols : other.rows
        guard cols == innerOther else {
            throw LinearAlgebraError.shapeMismatch("\(rows)x\(cols) times \(other.rows)x\(other.cols)\(transposeOther ? "^T" : "")")
        }
        let n = transposeOther ? other.rows : other.cols
        var out = DoubleMatrix(rows: rows, cols: n)
        guard rows > 0, n > 0, cols > 0 else { return out }
        values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                out.values.withUnsafeMutableBufferPointer { c in
                    BLAS.dgemm(
                        transposeB: transposeOther, m: rows, n: n, k: cols,
                        a: a.baseAddress!, lda: cols, b: b.baseAddress!, ldb: other.cols,
                        c: c.baseAddress!, ldc: n)
                }
            }
        }
        return out
    }

    /// `self * self^T` (rows x rows), float64 SYRK, both triangles filled.
    public func gramOfRows() -> DoubleMatrix {
        var out = DoubleMatrix(rows: rows, cols: rows)
        guard rows > 0, cols > 0 else { return out }
        values.withUnsafeBufferPointer { a in
            out.values.withUnsafeMutableBufferPointer { c in
                BLAS.dsyrk(n: rows, k: cols, a: a.baseAddress!, lda: cols, c: c.baseAddress!, ldc: rows)
                mirrorUpperToLower(c.baseAddress!, n: rows, ldc: rows)
            }
        }
        return out
    }

    /// `self^T * self` (cols x cols), float64 SYRK, both triangles filled.
    public func gramOfColumns() -> DoubleMatrix {
        var out = DoubleMatrix(rows: cols, cols: cols)
        guard rows > 0, cols > 0 else { return out }
        values.withUnsafeBufferPointer { a in
            out.values.withUnsafeMutableBufferPointer { c in
                BLAS.dsyrk(transpose: true, n: cols, k: rows, a: a.baseAddress!, lda: cols, c: c.baseAddress!, ldc: cols)
                mirrorUpperToLower(c.baseAddress!, n: cols, ldc: cols)
            }
        }
        return out
    }
}
