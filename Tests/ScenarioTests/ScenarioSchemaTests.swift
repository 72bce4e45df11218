import Foundation
import Scenarios
import TestSupport
import Testing

/// docs/scenario.schema.json describes what ScenarioFile reads: the shipped scenarios validate against it (with
/// Python's jsonschema, an independent validator) and parse; files the reader refuses for their shape the schema
/// refuses too.
@Suite(.tags(.fast)) struct ScenarioSchemaTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let script = """
        import json, sys
        try:
            import jsonschema
        except ImportError:
            print("absent"); sys.exit(0)
        schema = json.load(open(sys.argv[1]))
        for path in sys.argv[2:]:
            try:
                jsonschema.validate(json.load(open(path)), schema); print("valid")
            except jsonschema.ValidationError:
                print("invalid")
        """

    static func verdicts(_ files: [URL]) throws -> [String]? {
        let text = try PythonCheck.run(script, arguments: [root.appendingPathComponent("docs/scenario.schema.json").path] + files.map(\.path))
        guard let text, !text.hasPrefix("absent") else { return nil }
        return text.split(separator: "\n").map(String.init)
    }

    @Test func shippedScenariosValidateAndParse() throws {
        let folder = Self.root.appendingPathComponent("GeoData/scenarios")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
            .map { folder.appendingPathComponent($0) }
        #expect(!files.isEmpty)
        for f in files { _ = try ScenarioFile.read(path: f.path) }
        guard let verdicts = try Self.verdicts(files) else {
            Issue.record("python3 jsonschema is missing: install it with `python3 -m pip install jsonschema` (Scripts/setup.sh does)")
            return
        }
        #expect(verdicts == Array(repeating: "valid", count: files.count))
    }

    @Test func shapesTheReaderRefusesTheSchemaRefuses() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let bad = [
            #"{"modifications": [{"id": "x", "type": "change_service", "line": "A", "headway_min": 0}]}"#,
            #"{"modifications": [{"id": "x", "type": "remove_lines", "lines": "A"}]}"#,
            #"{"modifications": [{"type": "remove_lines", "line": "A"}]}"#,
            #"{"modifications": [{"id": "x", "type": "remove_section", "between": ["A"]}]}"#,
            #"{"modification": []}"#,
        ]
        var files: [URL] = []
        for (k, text) in bad.enumerated() {
            let f = dir.file("bad\(k).json")
            try Data(text.utf8).write(to: f)
            files.append(f)
            #expect(throws: (any Error).self) { try ScenarioFile.parse(Data(text.utf8), file: "bad\(k).json") }
        }
        guard let verdicts = try Self.verdicts(files) else {
            Issue.record("python3 jsonschema is missing: install it with `python3 -m pip install jsonschema` (Scripts/setup.sh does)")
            return
        }
        #expect(verdicts == Array(repeating: "invalid", count: bad.count))
    }
}
