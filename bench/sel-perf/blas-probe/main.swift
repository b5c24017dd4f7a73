import COpenBLAS
var g: UInt64 = 7
func rnd() -> Float { g = g &* 6364136223846793005 &+ 1442695040888963407; return Float(Double(g >> 11) / Double(1 << 53) * 2 - 1) }
openblas_set_num_threads(1)
for cap in [32, 64, 128, 256, 512] {
  var failing = 0, total = 0
  for m in [1, 2, 3, 5, 8, 9, 12, 16, 17, 24, 32, 33, 64, 100, 150, 200, 500] {
    for d in [1, 3, 8, 9, 16, 37, 64, 512, 2048] {
      total += 1
      var tile = (0..<(cap * d)).map { _ in rnd() }
      for j in 0..<cap { for t in 0..<d { tile[j * d + t] = tile[t] } }   // every row a copy of row 0
      let targets = (0..<(m * d)).map { _ in rnd() }
      var out = [Float](repeating: 0, count: m * cap)
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(cap), Int32(d), 1, targets, Int32(d), tile, Int32(d), 0, &out, Int32(cap))
      var bad = false
      for j in 0..<cap { for i in 0..<m where out[i * cap + j].bitPattern != out[i * cap].bitPattern { bad = true } }
      if bad { failing += 1; if failing <= 3 { print("cap=\(cap) m=\(m) d=\(d) differs") } }
    }
  }
  print("cap=\(cap): \(failing) of \(total) shapes give some row different bits")
}
