import Foundation

/// Where analyses run: a fixed number of worker threads (one per core by default), off the server's event
/// loops and off Swift's cooperative pool, so that a long analysis blocks neither. Requests beyond the workers
/// wait in order; beyond `maxQueued` waiting the pool refuses at once (503).
public final class AnalysisPool: @unchecked Sendable {
    public let workers: Int
    public let maxQueued: Int
    private let queue = OperationQueue()
    private let lock = NSLock()
    private var waiting = 0

    public init(workers: Int = ProcessInfo.processInfo.activeProcessorCount, maxQueued: Int = 256) {
        self.workers = max(1, workers)
        self.maxQueued = maxQueued
        queue.maxConcurrentOperationCount = self.workers
        queue.name = "metrocommute.analyses"
    }

    /// Runs `work` on a worker and returns its result.
    public func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try reserve()
        return try await withCheckedThrowingContinuation { continuation in
            queue.addOperation {
                let result = Result { try work() }
                self.release()
                continuation.resume(with: result)
            }
        }
    }

    private func reserve() throws {
        lock.lock(); defer { lock.unlock() }
        guard waiting < maxQueued + workers else {
            throw APIError(.serviceUnavailable, "busy: \(waiting) requests are waiting for a worker; try again")
        }
        waiting += 1
    }

    private func release() { lock.lock(); waiting -= 1; lock.unlock() }
}

/// Reusable isochrone calculators (their PROJ/GEOS contexts and query scratch), kept by parameters: a request
/// takes one out, uses it alone, and puts it back. This keeps set-up work, not answers: every request is
/// computed anew.
final class CalculatorShelf<Calculator>: @unchecked Sendable {
    private let lock = NSLock()
    private var shelves: [String: [Calculator]] = [:]
    private var order: [String] = []
    let maxKeys: Int
    let maxPerKey: Int

    init(maxKeys: Int = 16, maxPerKey: Int = 8) { self.maxKeys = maxKeys; self.maxPerKey = maxPerKey }

    func take(_ key: String) -> Calculator? {
        lock.lock(); defer { lock.unlock() }
        return shelves[key]?.popLast()
    }

    func put(_ calculator: Calculator, key: String) {
        lock.lock(); defer { lock.unlock() }
        if shelves[key] == nil {
            order.append(key)
            if order.count > maxKeys { shelves[order.removeFirst()] = nil }
            shelves[key] = []
        }
        if shelves[key]!.count < maxPerKey { shelves[key]!.append(calculator) }
    }
}
