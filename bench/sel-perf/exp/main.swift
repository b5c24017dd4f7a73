// By-hand micro-benchmark: VectorExp vs glibc exp over 20 M doubles (run with bench/sel-perf/exp.sh).
import Foundation
func cpu() -> Double { var t = timespec(); clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9 }
let n = 20_000_000
var xs = [Double](repeating: 0, count: n)
var g: UInt64 = 1
for i in 0..<n { g = g &* 6364136223846793005 &+ 1442695040888963407; xs[i] = -60 * Double(g >> 11) / Double(1 << 53) }
var out = [Double](repeating: 0, count: n)
var t0 = cpu()
xs.withUnsafeBufferPointer { x in out.withUnsafeMutableBufferPointer { o in for i in 0..<n { o[i] = Foundation.exp(x[i]) } } }
let scalar = cpu() - t0
let s1 = out.reduce(0, +)
t0 = cpu()
xs.withUnsafeBufferPointer { x in out.withUnsafeMutableBufferPointer { o in VectorExp.exp(x.baseAddress!, into: o.baseAddress!, count: n) } }
let vector = cpu() - t0
let s2 = out.reduce(0, +)
print(String(format: "exp over %d doubles in [-60,0]: glibc scalar %.3f s (%.2f ns/elt), VectorExp %.3f s (%.2f ns/elt), speed-up %.1fx; sums %.17g %.17g", n, scalar, scalar / Double(n) * 1e9, vector, vector / Double(n) * 1e9, scalar / vector, s1, s2))
// Machine-readable figure for bench/bench.py (bench/results/sel-perf.jsonl): VectorExp per element
// against glibc's scalar exp of the same run.
print(String(format: "BENCH-RESULT name=vector-exp-ns-per-element value=%.2f unit=ns floor=%.2f note=floor: glibc scalar exp; %d doubles in [-60,0], thread CPU, swiftc -O",
             vector / Double(n) * 1e9, scalar / Double(n) * 1e9, n))
