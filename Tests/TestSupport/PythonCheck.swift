import Foundation

/// Independent checks written in Python (standard library, shapely, pyproj), shared by the test targets.
public enum PythonCheck {
    /// Decodes an 8-bit non-interlaced PNG (RGB or RGBA) with zlib and the five PNG filters, then prints its
    /// size, the number of distinct colours and the most common colour of the 5×5 block around each probe.
    public static let pngProbe = """
        import sys, zlib, struct, json, collections
        data = open(sys.argv[1], 'rb').read()
        assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n'
        pos = 8; idat = b''; w = h = 0
        while pos < len(data):
            n, kind = struct.unpack('>I4s', data[pos:pos + 8]); body = data[pos + 8:pos + 8 + n]; pos += 12 + n
            if kind == b'IHDR':
                w, h, depth, ctype, _, _, interlace = struct.unpack('>IIBBBBB', body)
                assert depth == 8 and ctype in (2, 6) and interlace == 0
                bpp = 3 if ctype == 2 else 4
            elif kind == b'IDAT': idat += body
        raw = zlib.decompress(idat); stride = w * bpp; rows = []; prev = bytearray(stride); i = 0
        for y in range(h):
            f = raw[i]; line = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0; b = prev[x]; c = prev[x - bpp] if x >= bpp else 0
                if f == 1: line[x] = (line[x] + a) & 255
                elif f == 2: line[x] = (line[x] + b) & 255
                elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
                elif f == 4:
                    p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[x] = (line[x] + (a if pa <= pb and pa <= pc else (b if pb <= pc else c))) & 255
            rows.append(line); prev = line
        px = lambda x, y: tuple(rows[y][x * bpp:x * bpp + 3])
        colours = set(px(x, y) for y in range(0, h, 2) for x in range(0, w, 2))
        probes = []
        for p in json.loads(sys.argv[2]):
            block = collections.Counter(px(p[0] + dx, p[1] + dy) for dx in range(-2, 3) for dy in range(-2, 3))
            probes.append(list(block.most_common(1)[0][0]))
        print(json.dumps({'width': w, 'height': h, 'colours': len(colours), 'probes': probes}))
        """

    /// Tags with a `data-p` attribute, counted by Python's HTML parser: {tag: count}.
    public static let tagCounter = """
        import sys, json, html.parser, collections
        class P(html.parser.HTMLParser):
            def __init__(self):
                super().__init__(); self.tags = collections.Counter(); self.ready = False
            def handle_starttag(self, tag, attrs):
                d = dict(attrs)
                if 'data-p' in d: self.tags[tag] += 1
                if tag == 'body' and d.get('data-ready') == '1': self.ready = True
        p = P(); p.feed(sys.stdin.read())
        print(json.dumps({'tags': p.tags, 'ready': p.ready}))
        """

    /// Runs `python3 -c script args…`; returns standard output, or nil when python3 is absent.
    public static func run(_ script: String, arguments: [String] = [], stdin: Data? = nil) throws -> String? {
        // The python3 on PATH: the one Scripts/setup.sh installs shapely and pyproj into.
        guard let python = ProcessInfo.processInfo.environment["PATH", default: "/usr/bin"].split(separator: ":")
            .map({ "\($0)/python3" }).first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script] + arguments
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("metrocommute-py-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("out"), inURL = folder.appendingPathComponent("in")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        try (stdin ?? Data()).write(to: inURL)
        let out = try FileHandle(forWritingTo: outURL)
        process.standardOutput = out
        process.standardInput = try FileHandle(forReadingFrom: inURL)
        try process.run()
        process.waitUntilExit()
        try out.close()
        guard process.terminationStatus == 0 else { throw PythonFailure(status: process.terminationStatus) }
        return String(decoding: try Data(contentsOf: outURL), as: UTF8.self)
    }
}

public struct PythonFailure: Error { public var status: Int32 }

extension PythonCheck {
    /// Runs `python3 -c script args…` and returns its standard output without surrounding white space;
    /// throws when python3 is missing or the script fails.
    public static func output(_ script: String, _ arguments: String...) throws -> String {
        guard let text = try run(script, arguments: arguments) else { throw PythonFailure(status: -1) }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
