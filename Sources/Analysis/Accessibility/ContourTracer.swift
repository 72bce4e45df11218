/// A corner of the cell grid: the point (column · s, row · s) in CRS metres for cells of side s.
public struct GridCorner: Hashable, Sendable {
    public var column: Int32
    public var row: Int32
    public init(column: Int32, row: Int32) { self.column = column; self.row = row }
}

/// A polygon traced from a set of cells: closed rings of grid corners (first = last), shell counter-clockwise,
/// holes clockwise, only the corners where the boundary turns.
public struct ContourPolygon: Sendable, Equatable {
    public var shell: [GridCorner]
    public var holes: [[GridCorner]]
}

/// The exact outline of a set of square cells, traced along cell edges (no interpolation: the polygon covers
/// exactly the cells, so its area is the cell count × cell area).
///
/// Method: every cell edge between a cell in the set and one outside is directed with the inside on its left;
/// the edges are chained into closed loops. At a saddle corner (two inside cells touching only diagonally) the
/// chain turns left, which keeps diagonal neighbours apart (inside cells count as 4-connected). A loop that
/// passes a saddle twice is split there into simple rings; counter-clockwise rings are shells, clockwise ones
/// holes, and each hole goes to the smallest shell around it. Rings then touch only at isolated corners, as the
/// OGC validity rules allow.
public enum ContourTracer {
    private static let dx: [Int32] = [1, 0, -1, 0]   // east, north, west, south
    private static let dy: [Int32] = [0, 1, 0, -1]

    /// Polygons of the cells, in a deterministic order (by lowest, then leftmost, shell corner).
    /// Nil only if a hole finds no shell around it, which the construction rules out (callers may fall back).
    public static func polygons(of cells: [TravelTimeGrid.Cell]) -> [ContourPolygon]? {
        guard let first = cells.first else { return [] }
        var minC = first.column, maxC = first.column, minR = first.row, maxR = first.row
        for c in cells {
            minC = min(minC, c.column); maxC = max(maxC, c.column); minR = min(minR, c.row); maxR = max(maxR, c.row)
        }
        // Raster with the cells at (column − minC, row − minR); everything outside it is out.
        let width = Int(maxC - minC) + 1, height = Int(maxR - minR) + 1
        var inside = [Bool](repeating: false, count: width * height)
        for c in cells { inside[Int(c.row - minR) * width + Int(c.column - minC)] = true }
        func isIn(_ i: Int, _ j: Int) -> Bool { i >= 0 && j >= 0 && i < width && j < height && inside[j * width + i] }
        // Outgoing edges of corner (i, j) as a 4-bit mask (bit d = direction d).
        func outgoing(_ i: Int, _ j: Int) -> UInt8 {
            let ne = isIn(i, j), nw = isIn(i - 1, j), se = isIn(i, j - 1), sw = isIn(i - 1, j - 1)
            var mask: UInt8 = 0
            if ne && !se { mask |= 1 }       // east
            if nw && !ne { mask |= 2 }       // north
            if sw && !nw { mask |= 4 }       // west
            if se && !sw { mask |= 8 }       // south
            return mask
        }
        let cornerWidth = width + 1
        var visited = [UInt8](repeating: 0, count: (width + 1) * (height + 1))
        var loops: [[GridCorner]] = []
        for j in 0...height {
            for i in 0...width {
                let mask = outgoing(i, j)
                guard mask != 0 else { continue }
                for d0 in 0..<4 where mask & (1 << d0) != 0 && visited[j * cornerWidth + i] & (1 << d0) == 0 {
                    // Trace one loop from edge (i, j, d0).
                    var ring: [GridCorner] = []
                    var ci = i, cj = j, d = d0
                    while true {
                        visited[cj * cornerWidth + ci] |= UInt8(1 << d)
                        ci += Int(dx[d]); cj += Int(dy[d])
                        let out = outgoing(ci, cj)
                        let next: Int
                        if out.nonzeroBitCount == 1 {
                            next = out.trailingZeroBitCount
                        } else {
                            next = (d + 1) % 4   // saddle: turn left
                            precondition(out & (1 << next) != 0, "contour tracing lost its edge")
                        }
                        if next != d { ring.append(GridCorner(column: Int32(ci) + minC, row: Int32(cj) + minR)) }
                        d = next
                        if ci == i && cj == j && d == d0 { break }
                    }
                    loops.append(contentsOf: splitAtRepeatedCorners(ring))
                }
            }
        }
        return assemble(loops)
    }

    /// Splits a loop that visits a corner twice into simple loops (each returned closed).
    static func splitAtRepeatedCorners(_ ring: [GridCorner]) -> [[GridCorner]] {
        var out: [[GridCorner]] = []
        var stack: [GridCorner] = []
        var position: [GridCorner: Int] = [:]
        for v in ring {
            if let k = position[v] {
                let sub = Array(stack[k...])
                for u in stack[(k + 1)...] { position[u] = nil }
                stack.removeSubrange((k + 1)...)
                out.append(sub + [sub[0]])
            } else {
                position[v] = stack.count
                stack.append(v)
            }
        }
        if stack.count >= 4 { out.append(stack + [stack[0]]) }
        return out.filter { $0.count >= 5 }
    }

    /// Twice the signed area (positive = counter-clockwise) of a closed ring, in corner units.
    static func doubledSignedArea(_ ring: [GridCorner]) -> Int64 {
        var sum: Int64 = 0
        for k in 0..<(ring.count - 1) {
            let a = ring[k], b = ring[k + 1]
            sum += Int64(a.column) * Int64(b.row) - Int64(b.column) * Int64(a.row)
        }
        return sum
    }

    /// Even-odd point in ring (the point must not lie on the ring).
    static func contains(_ ring: [GridCorner], x: Double, y: Double) -> Bool {
        var inside = false
        for k in 0..<(ring.count - 1) {
            let ax = Double(ring[k].column), ay = Double(ring[k].row)
            let bx = Double(ring[k + 1].column), by = Double(ring[k + 1].row)
            if (ay > y) != (by > y) {
                let xc = ax + (y - ay) / (by - ay) * (bx - ax)
                if x < xc { inside.toggle() }
            }
        }
        return inside
    }

    private static func assemble(_ loops: [[GridCorner]]) -> [ContourPolygon]? {
        struct Shell { var ring: [GridCorner]; var area: Int64; var box: (Int32, Int32, Int32, Int32) }
        func box(_ r: [GridCorner]) -> (Int32, Int32, Int32, Int32) {
            var b = (r[0].column, r[0].row, r[0].column, r[0].row)
            for v in r { b = (min(b.0, v.column), min(b.1, v.row), max(b.2, v.column), max(b.3, v.row)) }
            return b
        }
        var shells: [Shell] = []
        var holes: [[GridCorner]] = []
        for loop in loops {
            let a = doubledSignedArea(loop)
            if a > 0 { shells.append(Shell(ring: loop, area: a, box: box(loop))) } else if a < 0 { holes.append(loop) }
        }
        var holesOf = [[[GridCorner]]](repeating: [], count: shells.count)
        for hole in holes {
            // The midpoint of a hole edge lies on no other ring (each cell edge belongs to one ring).
            let x = (Double(hole[0].column) + Double(hole[1].column)) / 2
            let y = (Double(hole[0].row) + Double(hole[1].row)) / 2
            var best: Int?
            for (k, s) in shells.enumerated() {
                guard Double(s.box.0) < x, x < Double(s.box.2), Double(s.box.1) < y, y < Double(s.box.3) else { continue }
                guard best == nil || s.area < shells[best!].area else { continue }
                if contains(s.ring, x: x, y: y) { best = k }
            }
            guard let best else { return nil }
            holesOf[best].append(hole)
        }
        return shells.indices.map { ContourPolygon(shell: shells[$0].ring, holes: holesOf[$0]) }
    }
}
