import GeoCore

/// The OpenAPI 3.0 document of the API (`/openapi.json`), written from `APIRoutes`: the parameters a route
/// checks are the parameters it documents.
public enum OpenAPIDocument {
    static func schema(_ spec: APIParameterSpec) -> JSONValue {
        var s: [String: JSONValue]
        switch spec.kind {
        case .string: s = ["type": "string"]
        case .integer: s = ["type": "integer"]
        case .number: s = ["type": "number"]
        case .boolean: s = ["type": "boolean"]
        case .stringList: s = ["type": "array", "items": ["type": "string"]]
        case .numberList: s = ["type": "array", "items": ["type": "number"]]
        }
        if !spec.choices.isEmpty { s["enum"] = .array(spec.choices.map { .string($0) }) }
        return .object(s)
    }

    static func queryParameter(_ spec: APIParameterSpec) -> JSONValue {
        var p: [String: JSONValue] = ["name": .string(spec.name), "in": "query", "required": .bool(spec.required),
                                      "description": .string(spec.description), "schema": schema(spec)]
        if spec.kind == .stringList || spec.kind == .numberList { p["style"] = "form"; p["explode"] = .bool(spec.kind == .stringList) }
        return .object(p)
    }

    static var errorResponse: JSONValue {
        ["description": "A bad parameter, an unknown place or work above the server's limits: one line naming the parameter.",
         "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]]
    }

    static func operation(_ route: APIRoute, body: Bool, extra: [JSONValue] = []) -> JSONValue {
        var content: [String: JSONValue] = [:]
        for (_, type) in route.formats { content[type] = ["schema": ["type": "string"]] }
        var op: [String: JSONValue] = [
            "summary": .string(route.summary),
            "responses": [
                "200": .object(["description": "The answer; `format` chooses the media type.", "content": .object(content)]),
                "400": errorResponse,
                "503": ["description": "Too many requests waiting.", "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]],
            ],
        ]
        if body {
            var properties: [String: JSONValue] = [:]
            for spec in route.parameters {
                var s = schema(spec)
                if case .object(var o) = s { o["description"] = .string(spec.description); s = .object(o) }
                // A list also takes one value.
                properties[spec.name] = spec.kind == .stringList || spec.kind == .numberList ? ["oneOf": [schema(APIParameterSpec(spec.name, spec.kind == .stringList ? .string : .number, "")), s]] : s
            }
            op["requestBody"] = ["required": true, "content": ["application/json": ["schema": .object([
                "type": "object", "additionalProperties": false, "properties": .object(properties),
                "required": .array(route.parameters.filter(\.required).map { .string($0.name) }),
            ])]]]
        } else {
            op["parameters"] = .array(extra + route.parameters.map(queryParameter))
        }
        return .object(op)
    }

    public static var value: JSONValue {
        var paths: [String: JSONValue] = [:]
        for route in APIRoutes.analyses {
            paths[route.path] = ["get": operation(route, body: false), "post": operation(route, body: true)]
        }
        paths[APIRoutes.layer.path] = ["get": operation(APIRoutes.layer, body: false, extra: [
            ["name": "layer", "in": "path", "required": true, "schema": ["type": "string", "enum": .array(APIRoutes.layerNames.map { .string($0) })]],
        ])]
        paths[APIRoutes.network.path] = ["get": operation(APIRoutes.network, body: false)]
        paths["/openapi.json"] = ["get": ["summary": "This document.", "responses": ["200": ["description": "OpenAPI 3.0 JSON."]]]]
        return [
            "openapi": "3.0.3",
            "info": ["title": "MetroCommute API", "version": "0.2.0",
                     "description": "Commuting analyses on one built network, as the metrocommute commands compute them: on the base network or, with `scenario`, on a scenario the server was started with (`serve --scenario`); `/api/compare/{analysis}` compares the base with a scenario."],
            "paths": .object(paths),
            "components": ["schemas": ["Error": [
                "type": "object", "required": ["error", "status"],
                "properties": ["error": ["type": "string"], "status": ["type": "integer"]],
            ]]],
        ]
    }

    public static var text: String { GeoJSONWriter().text(for: value) }
}

// Literals for the document above (GeoCore's JSONValue takes scalars only).
extension JSONValue: ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
