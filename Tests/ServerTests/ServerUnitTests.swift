import Foundation
import GeoCore
@testable import MetroCommuteServer
import Testing
import TestSupport

/// The server's pieces in process: the static folder refuses every way out of itself, parameters are checked by
/// the route table, and the OpenAPI document lists exactly the parameters the routes accept.
@Suite(.tags(.fast)) struct ServerUnitTests {
    @Test func staticFolderStaysInside() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let web = dir.file("web")
        try FileManager.default.createDirectory(at: web.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data("page".utf8).write(to: web.appendingPathComponent("index.html"))
        try Data("js".utf8).write(to: web.appendingPathComponent("sub/app.js"))
        try Data("secret".utf8).write(to: dir.file("secret.txt"))
        try FileManager.default.createSymbolicLink(at: web.appendingPathComponent("link.txt"), withDestinationURL: dir.file("secret.txt"))
        let folder = StaticFolder(root: web)
        #expect(folder.file(for: "index.html") != nil)
        #expect(folder.file(for: "sub/app.js") != nil)
        #expect(folder.file(for: "sub%2Fapp.js") != nil, "an encoded slash is still a path inside")
        for path in ["../secret.txt", "%2e%2e/secret.txt", "%2E%2E%2Fsecret.txt", "sub/../../secret.txt", "link.txt", "sub", "",
                     "/etc/passwd", "%252e%252e/secret.txt", ".hidden", "sub//app.js", "..\\secret.txt", "index.html%00", "%ZZ"] {
            #expect(folder.file(for: path) == nil, "\(path) resolved")
        }
    }

    @Test func parametersAreCheckedAgainstTheRoute() throws {
        let route = APIRoutes.isochrone
        let p = try APIParameters(query: "from=Alpha&from=116.3,39.9&cutoffs=15,30&cell=500&window=30")
        try p.check(against: route.parameters)
        #expect(try p.strings("from") == ["Alpha", "116.3,39.9"])
        #expect(try p.numbers("cutoffs") == [15, 30])
        #expect(try p.int("window", in: 1...1440) == 30)
        #expect(throws: APIError.self) { try APIParameters(query: "cuttofs=15").check(against: route.parameters) }
        #expect(throws: APIError.self) { try APIParameters(query: "cell=abc").double("cell", in: 1...10) }
        #expect(throws: APIError.self) { try APIParameters(query: "window=2.5").int("window", in: 1...1440) }
        #expect(throws: APIError.self) { try APIParameters(jsonBody: Data("{\"from\":".utf8)) }
        #expect(throws: APIError.self) { try APIParameters(jsonBody: Data("[1]".utf8)) }
        let body = try APIParameters(jsonBody: Data(#"{"from":["A","B"],"cell":500,"explain":true}"#.utf8))
        #expect(try body.strings("from") == ["A", "B"] && body.values["explain"] == .bool(true))
        let error = APIError(.badRequest, "two\nlines")
        #expect(String(decoding: error.body, as: UTF8.self).filter { $0 == "\n" }.count == 1)
    }

    @Test func openAPIListsWhatRoutesAccept() throws {
        guard case .object(let doc) = OpenAPIDocument.value, case .object(let paths)? = doc["paths"] else {
            Issue.record("no paths"); return
        }
        for route in APIRoutes.analyses {
            guard case .object(let methods)? = paths[route.path], case .object(let get)? = methods["get"],
                  case .array(let parameters)? = get["parameters"] else { Issue.record("\(route.path): no GET"); continue }
            let names = parameters.compactMap { p -> String? in if case .object(let o) = p { return o["name"]?.stringValue }; return nil }
            #expect(names == route.parameters.map(\.name), "\(route.path)")
            #expect(methods["post"] != nil, "\(route.path): no POST")
        }
    }
}
