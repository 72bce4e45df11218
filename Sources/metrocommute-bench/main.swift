// Benchmarks of MetroCommute (release builds): see docs/PERFORMANCE.md for the commands and figures.
// Plain argument parsing; results are printed as tables and, with `--json PATH`, written as JSON.
import Foundation

let usage = """
usage: metrocommute-bench <benchmark> … [--json PATH]
  pbf <file.pbf>… [--repeat 20] [--warmup 1]
  build <manifest.json> [--mcnet PATH] [--load-repeat 5]
  raptor <gtfs.zip> <yyyymmdd> [--window 60] [--rules pyraptor|default] [--samples 5] [--feed NAME]
         [--pyraptor-dir /tmp/peers/results] [--max-rides N] [--peer-origins | --origins N]
  street <graph-prefix>… [--sources 10] [--peers /tmp/peers/results/street.json] [--dump-distances PATH]
  road <graph-prefix|manifest.json>… [--sources 10] [--python /tmp/peers/venv-street/bin/python] [--work DIR]
  detour <manifest.json|file.osm.pbf>… [--sources 200] [--targets 25] [--seed 1] [--dump DIR]
  synth-network -o <file.mcnet> [--stops 12000] [--seed 1] [--gtfs DIR [--gtfs-departures 06:30-09:30]]
  scenario <net.mcnet> <scenario.json> [--repeat 10]
  surface <graph-prefix> <gtfs.zip> <yyyymmdd> [--case NAME] [--every 100] [--sources 10] [--cutoffs 30,45,60]
          [--threads 2] [--peers /tmp/peers/results]
"""

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data((usage + "\n").utf8))
    exit(2)
}
do {
    let rest = try BenchArguments(arguments.dropFirst(2), flags: ["peer-origins"])
    let tables: [ResultTable]
    switch arguments[1] {
    case "pbf": tables = try PBFBenchmark.run(rest)
    case "build": tables = try BuildBenchmark.run(rest)
    case "raptor": tables = try RaptorBenchmark.run(rest)
    case "street": tables = try StreetBenchmark.run(rest)
    case "road": tables = try RoadBenchmark.run(rest)
    case "detour": tables = try DetourCalibration.run(rest)
    case "synth-network": tables = try SyntheticNetwork.run(rest)
    case "scenario": tables = try ScenarioBenchmark.run(rest)
    case "surface": tables = try SurfaceBenchmark.run(rest)
    default: throw BenchUsageError("unknown benchmark \(arguments[1])\n\(usage)")
    }
    for t in tables { print(t.rendered()) }
    if let path = rest.options["json"] { try JSONReport.write(tables: tables, to: path) }
} catch {
    FileHandle.standardError.write(Data("metrocommute-bench: \(error)\n".utf8))
    exit(1)
}
