import Foundation
import Testing
import TestSupport

/// `metrocommute traveltime` end to end on the jingjinji network (built by `metrocommute build` from a test
/// manifest). Expected figures come from the rail GTFS text files, read here without project code.
@Suite(.tags(.cli, .realData), .enabled(if: SharedData.isPresent && CLIRunner.isAvailable, "needs ../shared/data and the built binary"))
struct TravelTimeCommandTests {
    /// jingjinji.mcnet (built once per test process, shared) and a fresh temporary folder for outputs.
    static func network() throws -> (TemporaryDirectory, String) {
        let dir = try TemporaryDirectory()
        let shared = try #require(try SharedAreaBuild.area("jingjinji"))
        let path = shared.network
        let build = shared.build
        #expect(build.status == 0, "\(build.stderr)")
        return (dir, path)
    }

    static func seconds(_ hms: Substring) -> Int { let p = hms.split(separator: ":").map { Int($0)! }; return p[0] * 3600 + p[1] * 60 + p[2] }

    /// Every (departure at `from`, arrival at `to`, train number) in rail_gtfs (stop_times.txt + trips.txt).
    static func connections(from: String, to: String) throws -> [(departure: Int, arrival: Int, train: String)] {
        let st = try String(contentsOf: try #require(SharedData.file("cn/jingjinji/rail_gtfs/stop_times.txt")), encoding: .utf8)
        let tr = try String(contentsOf: try #require(SharedData.file("cn/jingjinji/rail_gtfs/trips.txt")), encoding: .utf8)
        var calls: [String: [(seq: Int, stop: Substring, arr: Int, dep: Int)]] = [:]
        for line in st.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            calls[String(f[0]), default: []].append((Int(f[4])!, f[3], seconds(f[1]), seconds(f[2])))
        }
        var train: [String: String] = [:]
        for line in tr.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            train[String(f[2])] = String(f[4])
        }
        var out: [(Int, Int, String)] = []
        for (trip, c) in calls {
            let sorted = c.sorted { $0.seq < $1.seq }
            if let i = sorted.firstIndex(where: { $0.stop == from }), let j = sorted.lastIndex(where: { $0.stop == to }), i < j {
                out.append((sorted[i].dep, sorted[j].arr, train[trip] ?? ""))
            }
        }
        return out
    }

    /// One direct train, 60 s board slack, departures 08:00 + m (m < 60); nearest-rank percentiles with
    /// unreachable as +∞; minutes with one decimal, "" when unreachable. (The rail-walk profile: station to
    /// station, no feeder to another station.)
    static func expectedRow(from: String, to: String, percentiles: [Double]) throws -> [String] {
        let conns = try connections(from: from, to: to)
        let times = (0..<60).map { m -> Int in
            let t = 8 * 3600 + m * 60
            return conns.filter { $0.departure >= t + 60 }.map { $0.arrival - t }.min() ?? Int.max
        }.sorted()
        func text(_ v: Int) -> String { v == Int.max ? "" : String(format: "%.1f", Double(v) / 60) }
        return [text(times[0])] + percentiles.map { p in text(times[max(0, Int((p / 100 * 60).rounded(.up)) - 1)]) }
    }

    @Test func matrixForASmallSet() throws {
        let (dir, net) = try Self.network()
        defer { dir.cleanUp() }
        // A points file with one point exactly at Tianjin station (stops.txt: TJP 117.202901, 39.134449).
        let points = dir.file("points.csv")
        try Data("id,lon,lat\ntj_point,117.202901,39.134449\n".utf8).write(to: points)
        let out = dir.file("matrix.csv")
        let args = ["traveltime", net, "--from", "北京南", "--from", "北京西", "--to", "天津", "--to", "保定东",
                    "--to", points.path, "--depart", "08:00", "--window", "60", "--percentile", "5,50,95",
                    "--max-rides", "1", "--profile", "rail-walk", "-o", out.path]
        let run = try CLIRunner.run(args)
        #expect(run.status == 0, "\(run.stderr)")
        let text = try CSVOutput.table(contentsOf: out)
        let rows = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(rows.first == "from_id,to_id,min,p5,p50,p95")
        #expect(rows.count == 1 + 6 + 1 && rows.last == "")
        let codes = ["北京南": "VNP", "北京西": "BXP", "天津": "TJP", "保定东": "BMP", "tj_point": "TJP"]
        var k = 1
        for from in ["北京南", "北京西"] {
            for to in ["天津", "保定东", "tj_point"] {
                let expected = try Self.expectedRow(from: codes[from]!, to: codes[to]!, percentiles: [5, 50, 95])
                #expect(rows[k] == ([from, to] + expected).joined(separator: ","), "row \(k)")
                k += 1
            }
        }
        // Beijing South → Tianjin by the timetable: min 34, median 41 minutes; Beijing South → Baoding East has
        // no direct train (empty fields).
        #expect(rows[1] == "北京南,天津,34.0,35.0,41.0,46.0")
        #expect(rows[2] == "北京南,保定东,,,,")
        // Deterministic: a second run writes the same bytes.
        let again = dir.file("again.csv")
        let second = try CLIRunner.run(Array(args.dropLast()) + [again.path])
        #expect(second.status == 0)
        #expect(try Data(contentsOf: again) == Data(contentsOf: out))
    }

    @Test func explainNamesTheTrain() throws {
        let (dir, net) = try Self.network()
        defer { dir.cleanUp() }
        let run = try CLIRunner.run(["traveltime", net, "--from", "北京南", "--to", "天津", "--depart", "08:00", "--explain"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("北京南 → 天津: departure 08:") == true, "\(run.stdoutText)")
        #expect(lines.first?.contains("travel time 41 min") == true, "\(run.stdoutText)")  // the median above
        // "  ride  08:09 → 08:47  C2205 (intercity, 北京南–天津)  北京南 → 天津  38 min"
        let ride = try #require(lines.first { $0.hasPrefix("  ride  ") }, "\(run.stdoutText)")
        let f = ride.split(separator: " ", omittingEmptySubsequences: true)
        let board = Self.seconds(f[1] + ":00"), alight = Self.seconds(f[3] + ":00"), train = String(f[4])
        let tier = train.hasPrefix("C") ? "intercity" : "trunk"
        #expect(f[5].hasPrefix("(\(tier)"), "\(ride)")
        #expect(try Self.connections(from: "VNP", to: "TJP").contains { $0.train == train && $0.departure == board && $0.arrival == alight },
                "\(ride)")
        #expect(ride.contains("北京南 → 天津"))
    }

    @Test(arguments: [
        (["--from", "北京东", "--to", "天津"], "unknown station or district \"北京东\"; closest names: 北京南"),
        (["--from", "2.35,48.85", "--to", "天津"], "lies outside the network jingjinji"),
        (["--from", "北京南", "--to", "天津", "--depart", "25:99"], "--depart: \"25:99\" is not a time of day"),
        (["--from", "北京南", "--to", "天津", "--depart", "8am"], "--depart: \"8am\" is not a time of day"),
        (["--from", "北京南", "--to", "天津", "--percentile", "1,2,3,4,5,6"], "--percentile: give 1 to 5 percentiles"),
    ])
    func badInputGivesOneLineAndNoFile(extra: [String], message: String) throws {
        let (dir, net) = try Self.network()
        defer { dir.cleanUp() }
        let out = dir.file("matrix.csv")
        let run = try CLIRunner.run(["traveltime", net] + extra + ["-o", out.path])
        #expect(run.status != 0)
        let errorLines = run.stderr.split(separator: "\n")
        #expect(errorLines.count == 1, "\(run.stderr)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(run.stdout.isEmpty)
    }
}
