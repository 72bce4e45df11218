import Foundation

/// Builds each key's value once per test process and hands every caller the same outcome; callers that ask
/// while a build runs wait for it. A failed build is kept too, so every test that needs it fails with its error.
public final class BuildOnce<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    private final class Entry: @unchecked Sendable {
        let lock = NSLock()
        var outcome: Result<Value, any Error>?
    }

    private let lock = NSLock()
    private var entries: [Key: Entry] = [:]

    public init() {}

    public func value(for key: Key, build: (Key) throws -> Value) throws -> Value {
        let entry = lock.withLock {
            if let e = entries[key] { return e }
            let e = Entry()
            entries[key] = e
            return e
        }
        return try entry.lock.withLock {
            if let outcome = entry.outcome { return outcome }
            let outcome = Result { try build(key) }
            entry.outcome = outcome
            return outcome
        }.get()
    }
}

/// A shared fixture that could not be made. Cached fixtures throw it rather than `#require`, whose failure is
/// recorded in the first test only: every test that uses the fixture then fails with the reason.
public struct FixtureError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
