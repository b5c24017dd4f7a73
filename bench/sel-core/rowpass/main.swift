// By-hand: what the similarity pass spends per candidate row besides its GEMM (bench/README-sel-core.md).
// Compiled with the Selection files it times (see ../rowpass.sh); thread CPU time, one process.
import COpenBLAS
import Foundation

func cpu() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

let args = CommandLine.arguments
let n = args.count > 1 ? Int(args[1])! : 8192
let d = args.count > 2 ? Int(args[2])! : 8192
let m = args.count > 3 ? Int(args[3])! : 200
openblas_set_num_threads(1)
var g: UInt64 = 7
var rows = [Float](repeating: 0, count: n * d)
for x in 0..<rows.count { g = g &* 6364136223846793005 &+ 1442695040888963407; rows[x] = Float(Int32(truncatingIfNeeded: g >> 32)) * 0x1p-31 }
var targets = [Float](repeating: 0, count: m * d)
for x in 0..<targets.count { g = g &* 6364136223846793005 &+ 1442695040888963407; targets[x] = Float(Int32(truncatingIfNeeded: g >> 32)) * 0x1p-31 }
var sink: UInt64 = 0
var fsink: Double = 0
let cap = 1024
var tile = [Float](repeating: 0, count: cap * d)

func report(_ label: String, _ seconds: Double) {
    print(label.padding(toLength: 44, withPad: " ", startingAt: 0), String(format: "%8.3f s  %7.1f ns/row  (x %d rows)", seconds, seconds / Double(n) * 1e9, n))
}

rows.withUnsafeBufferPointer { src in
    tile.withUnsafeMutableBufferPointer { dst in
        let s = src.baseAddress!, t = dst.baseAddress!
        var t0 = cpu()
        for j in 0..<n { let f = RowFingerprint(s + j * d, count: d); sink ^= f.high ^ f.low }
        report("RowFingerprint alone", cpu() - t0)
        t0 = cpu()
        for j in 0..<n { if let r = RowScan.float32(s + j * d, count: d) { sink ^= r.fingerprint.low; fsink += Double(r.squaredNorm) } }
        report("RowScan.float32 (similarity)", cpu() - t0)
        t0 = cpu()
        for j in 0..<n { if let r = RowScan.float32(s + j * d, count: d, usesKernel: false) { sink ^= r.fingerprint.low; fsink += Double(r.squaredNorm) } }
        report("RowScan.float32, portable loop", cpu() - t0)
        t0 = cpu()
        for j in 0..<n { if let r = RowScan.float64(s + j * d, count: d) { sink ^= r.fingerprint.low; fsink += r.squaredNorm } }
        report("RowScan.float64 (GIST)", cpu() - t0)
        t0 = cpu()
        for j in 0..<n { (t + (j % cap) * d).update(from: s + j * d, count: d) }
        report("plain copy (memcpy)", cpu() - t0)
    }
}
var product = [Float](repeating: 0, count: m * cap)
var t0 = cpu()
rows.withUnsafeBufferPointer { src in
    for t in 0..<(n / cap) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(cap), Int32(d), 1, targets, Int32(d), src.baseAddress! + t * cap * d, Int32(d), 0, &product, Int32(cap))
    }
}
report("sgemm M x 1024 tiles in place", cpu() - t0)
var big = [Float](repeating: 0, count: m * n)
t0 = cpu()
cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(d), 1, targets, Int32(d), rows, Int32(d), 0, &big, Int32(n))
report("floor: one sgemm M x N", cpu() - t0)
print("(sinks \(sink & 1) \(fsink > 0))")
