// Sinkhorn of the TAROT final-weights shape (n = 7708 selected x m = 500 targets, d = 64 unit rows).
import Foundation
func cpu() -> Double { var t = timespec(); clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9 }
let (n, m, d) = (7708, 500, 64)
var g: UInt64 = 3
func rnd() -> Double { g = g &* 6364136223846793005 &+ 1442695040888963407; return Double(g >> 11) / Double(1 << 53) * 2 - 1 }
func unitRows(_ k: Int) -> [[Double]] { (0..<k).map { _ in let r = (0..<d).map { _ in rnd() }; let s = r.reduce(0) { $0 + $1 * $1 }.squareRoot(); return r.map { $0 / s } } }
let x = unitRows(n), y = unitRows(m)
let sk = Sinkhorn(n: n, m: m, diameter: 2) { i, j in zip(x[i], y[j]).reduce(0) { $0 + $1.0 * $1.1 } }
let t0 = cpu()
let out = sk.run()
print(String(format: "sinkhorn n=%d m=%d: %.3f s thread CPU, cost %.17g, f[0] %.17g", n, m, cpu() - t0, out.cost, out.f[0]))
