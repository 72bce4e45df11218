import Foundation
import GeoCore
import Network
import Scenarios
import TestSupport
import Testing

/// Scenario files: what they parse to, and one clear error for each mistake (issue 14's list of bad files).
@Suite(.tags(.fast)) struct ScenarioFileTests {
    static func parse(_ json: String) throws -> Scenario { try ScenarioFile.parse(Data(json.utf8), file: "s.json") }

    /// The error a scenario gives on the hand network (stops S0…S3 along a meridian, lines R0, R1), as one line.
    static func failure(_ json: String, files: [String: String] = [:]) -> String? {
        do {
            let dir = try TemporaryDirectory()
            defer { dir.cleanUp() }
            for (name, text) in files { try Data(text.utf8).write(to: dir.file(name)) }
            let path = dir.file("s.json").path
            try Data(json.utf8).write(to: URL(fileURLWithPath: path))
            let base = try ScenarioHandTests.network(stops: 4, trips: [
                ScenarioHandTests.trip(0, .metro, [0, 1, 2], [28_800, 29_400, 30_000], name: "M1"),
                ScenarioHandTests.trip(1, .trunk, [0, 3], [28_800, 30_000], name: "G1"),
            ])
            _ = try ScenarioApplication.apply(try ScenarioFile.read(path: path), to: base)
            return nil
        } catch let e as InputError {
            return e.description.replacingOccurrences(of: #"^.*/s\.json"#, with: "s.json", options: .regularExpression)
        } catch {
            return "not an InputError: \(error)"
        }
    }

    static func one(_ modification: String) -> String { #"{"modifications": ["# + modification + "]}" }

    @Test func everyModificationTypeParses() throws {
        let s = try Self.parse("""
            {"name": "all", "modifications": [
              {"id": "a", "note": "n", "type": "add_lines", "path": "x.csv", "crs": "gcj02", "tier": "suburban", "headway_min": 10},
              {"id": "b", "type": "extend_line", "line": "R0", "from": "S2", "stations": [{"name": "N", "lon": 116.4, "lat": 39.2}, {"name": "S3"}]},
              {"id": "c", "type": "change_service", "line": "R0", "between": ["S0", "S1"], "headway_min": 5, "service_start": "07:00", "service_end": "09:00"},
              {"id": "d", "type": "add_stops", "station": "S1", "trains": ["G1"], "dwell_s": 60},
              {"id": "e", "type": "add_service", "from": "S0", "to": "S3", "headway_min": 15, "service_start": "06:00", "service_end": "22:00"},
              {"id": "f", "type": "remove_stations", "stations": ["S1"]},
              {"id": "g", "type": "remove_section", "between": ["S1", "S2"]},
              {"id": "h", "type": "remove_lines", "tier": "trunk"},
              {"id": "i", "type": "transfer", "from": "S1", "to": "S2", "seconds": 0}
            ]}
            """)
        #expect(s.name == "all" && s.modifications.map(\.id) == ["a", "b", "c", "d", "e", "f", "g", "h", "i"])
        #expect(s.modifications[0].note == "n")
        guard case .changeService(let target, let between, let headway, _, _, let hours) = s.modifications[2].kind else {
            Issue.record("c is not a service change"); return
        }
        #expect(target == .line("R0") && between == ["S0", "S1"] && headway == 5 && hours == 25_200...32_400)
        guard case .extendLine(_, _, let stations, _, _) = s.modifications[1].kind else { Issue.record("b"); return }
        #expect(stations[0].coordinate == Coordinate(longitude: 116.4, latitude: 39.2) && stations[1].coordinate == nil)
    }

    @Test func unknownStationNamesTheClosest() {
        let message = Self.failure(Self.one(#"{"id": "x", "type": "add_stops", "station": "S9", "line": "R1"}"#))
        #expect(message == #"s.json: modification "x": unknown station "S9" (closest: S0, S1, S2)"#)
    }

    @Test func unknownLineAndTrainNameTheClosest() {
        #expect(Self.failure(Self.one(#"{"id": "x", "type": "remove_lines", "line": "R7"}"#))
                == #"s.json: modification "x": unknown line "R7" (closest: R0, R1)"#)
        #expect(Self.failure(Self.one(#"{"id": "x", "type": "remove_lines", "trains": ["G2"]}"#))
                == #"s.json: modification "x": unknown train "G2" (closest: G1, M1)"#)
    }

    @Test func zeroAndNegativeHeadwayAreErrors() {
        for h in ["0", "-5"] {
            let message = Self.failure(Self.one(#"{"id": "x", "type": "change_service", "line": "R0", "headway_min": "# + h + "}"))
            #expect(message == #"s.json: modifications[0] "x": headway \#(Double(h)!) min must be positive"#)
        }
    }

    @Test func aLineWithOneStationIsAnError() {
        let message = Self.failure(Self.one(#"{"id": "x", "type": "add_lines", "path": "one.csv"}"#), files: [
            "one.csv": "line_id,line_name,seq,station_id,station_name,lon,lat\nL,Lonely,1,a,A,116.41,39.01\n",
        ])
        #expect(message?.hasSuffix("one.csv: line L has only one station: a line needs at least two stations") == true, "\(message ?? "no error")")
    }

    /// Coordinates in degrees declared in a projected CRS land far away; metres declared WGS-84 are not positions.
    @Test func crsMismatchIsAnError() {
        let csv = "line_id,line_name,seq,station_id,station_name,lon,lat\nL,L,1,a,A,116.41,39.01\nL,L,2,b,B,116.42,39.02\n"
        let projected = Self.failure(Self.one(#"{"id": "x", "type": "add_lines", "path": "l.csv", "crs": "EPSG:4547"}"#), files: ["l.csv": csv])
        #expect(projected?.contains("outside the area (a CRS mix-up?)") == true, "\(projected ?? "no error")")
        let metres = "line_id,line_name,seq,station_id,station_name,lon,lat\nL,L,1,a,A,500000,4320000\nL,L,2,b,B,501000,4321000\n"
        let wgs = Self.failure(Self.one(#"{"id": "x", "type": "add_lines", "path": "l.csv", "crs": "wgs84"}"#), files: ["l.csv": metres])
        #expect(wgs?.contains("not a valid longitude/latitude") == true, "\(wgs ?? "no error")")
    }

    @Test func stationFarOutsideTheAreaIsAnError() {
        let message = Self.failure(Self.one(#"{"id": "x", "type": "extend_line", "line": "R0", "from": "S2", "stations": [{"name": "Far", "lon": 121.47, "lat": 31.23}]}"#))
        #expect(message?.hasPrefix(#"s.json: modification "x": station "Far" at (121.47000, 31.23000) is "#) == true, "\(message ?? "no error")")
        #expect(message?.hasSuffix("km outside the area (a CRS mix-up?)") == true)
    }

    @Test func structuralMistakesAreOneLineEach() {
        let cases: [(String, String)] = [
            ("{", "s.json: not valid JSON"),
            (#"{"modifications": {}}"#, "s.json: modifications: expected a list"),
            (#"{"modification": []}"#, #"s.json: scenario: unknown key "modification" (did you mean "modifications"?)"#),
            (Self.one(#"{"type": "remove_lines", "line": "R0"}"#), #"s.json: modifications[0]: missing "id""#),
            (#"{"modifications": [{"id": "a", "type": "remove_lines", "line": "R0"}, {"id": "a", "type": "remove_lines", "line": "R1"}]}"#,
             #"s.json: modifications[1] "a": duplicate id "a""#),
            (Self.one(#"{"id": "x", "type": "remove_line", "line": "R0"}"#), #"s.json: modifications[0] "x": unknown type "remove_line" (did you mean "remove_lines"?)"#),
            (Self.one(#"{"id": "x", "type": "remove_lines", "lines": "R0"}"#), #"s.json: modifications[0] "x": unknown key "lines" (did you mean "line"?)"#),
            (Self.one(#"{"id": "x", "type": "change_service", "line": "R0"}"#), #"s.json: modifications[0] "x": nothing to change"#),
            (Self.one(#"{"id": "x", "type": "change_service", "line": "R0", "speed_factor": true}"#), #"s.json: modifications[0] "x": "speed_factor" must be a number"#),
            (Self.one(#"{"id": "x", "type": "remove_section", "between": ["S1", "S1"]}"#), #"s.json: modifications[0] "x": "between" names the same station twice"#),
            (Self.one(#"{"id": "x", "type": "add_stops", "station": "S1", "trains": ["M1"]}"#), #"s.json: modification "x": no train of trains M1 passes S1 without stopping there"#),
            (Self.one(#"{"id": "x", "type": "remove_section", "between": ["S0", "S2"]}"#), #"s.json: modification "x": no train runs directly between S0 and S2"#),
        ]
        for (json, prefix) in cases {
            let message = Self.failure(json)
            #expect(message?.hasPrefix(prefix) == true, "\(json) → \(message ?? "no error")")
            #expect(message?.contains("\n") == false)
        }
    }
}
