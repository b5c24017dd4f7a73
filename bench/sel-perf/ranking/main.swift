// Cross-module TopKAccumulator/Ranking cost: the library is built as its own module, as in the package.
import Foundation
import RankLib
func cpu() -> Double { var t = timespec(); clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9 }
let n = 2_000_000
var g: UInt64 = 5
let scores: [Double] = (0..<n).map { _ in g = g &* 6364136223846793005 &+ 1442695040888963407; return Double(g >> 11) / Double(1 << 53) }
var t0 = cpu()
var acc = TopKAccumulator<Double>(k: 5000)
for (i, s) in scores.enumerated() { acc.push(score: s, index: i) }
let top = acc.sortedIndices()
let pushTime = cpu() - t0
t0 = cpu()
let order = Ranking.order(Array(scores.prefix(500_000)))
let orderTime = cpu() - t0
print(String(format: "push %d (k = 5000) %.3f s; order of 500,000 %.3f s; checks %d %d", n, pushTime, orderTime, top[0], order[0]))
