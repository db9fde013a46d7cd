@testable import FolioTelemetry
import FolioTesting
import Foundation
import Testing

/// `folio stats` on a log large enough to be cut into one stretch per core, checked against
/// figures computed exactly from the same values; and the byte scanner against JSON's rules.
@Suite struct LargeLogStatsTests {
    /// A pseudo-random walk, so the test sees the same log every run.
    struct Walk {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        mutating func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
    }

    /// Exact percentile with the histogram's rank rule.
    static func exact(_ values: [Double], _ fraction: Double) -> Double {
        let sorted = values.sorted()
        return sorted[max(1, Int((fraction * Double(sorted.count)).rounded(.up))) - 1]
    }

    @Test func aLogCutAcrossCoresGivesTheExactFigures() throws {
        let directory = try TemporaryDirectory("folio-stats-large"); defer { directory.remove() }
        let path = directory.appending("generations.jsonl")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var walk = Walk()
        var text = Data()
        var totals: [String: [Double]] = [:]
        var firstTokens: [Double] = []
        var completion = 0.0
        var errors = 0
        var torn = 0
        let lines = 30_000
        for number in 0..<lines {
            let provider = ["local", "openai", "anthropic"][number % 3]
            // Latencies over four orders of magnitude, as a mix of cache hits and slow calls has.
            let total = 5 * pow(2000, walk.next())
            let firstToken = total * walk.next()
            let error: String? = number % 37 == 0 ? "every tier failed" : nil
            var record = GenerationLogTests.record(number, unix: 1_764_700_000 + Double(number), provider: provider,
                                                   purpose: "chapter:b:\(number)", total: total, error: error)
            record.firstTokenMilliseconds = firstToken
            text.append(try encoder.encode(record))
            text.append(0x0A)
            totals[provider, default: []].append(total)
            firstTokens.append(firstToken)
            completion += Double(number)
            if error != nil { errors += 1 }
            if number % 4999 == 0 {
                text.append(Data(#"{"unix": 17647, "provider": "lo"#.utf8) + [0x0A])
                torn += 1
            }
        }
        try text.write(to: URL(fileURLWithPath: path))
        #expect(text.count > LogStretch.smallestSplit, "the log must be large enough to be cut")
        #expect(LogStretch.split(file: path, into: 2).count == 2)

        let summary = try GenerationStats.summarise(files: [path], query: StatsQuery(grouping: .provider))
        #expect(summary.skippedLines == torn)
        #expect(summary.total.requests == lines)
        #expect(summary.total.errors == errors)
        #expect(summary.total.completionTokens == completion)
        #expect(summary.groups.map(\.key) == ["anthropic", "local", "openai"])
        #expect(summary.groups.map(\.statistics.requests) == [10_000, 10_000, 10_000])
        for fraction in [0.5, 0.95, 0.99] {
            let firstToken = try #require(summary.total.firstToken.percentile(fraction))
            let exactFirstToken = Self.exact(firstTokens, fraction)
            #expect(abs(firstToken - exactFirstToken) / exactFirstToken <= 0.01, "first token p\(Int(fraction * 100))")
            for group in summary.groups {
                let value = try #require(group.statistics.total.percentile(fraction))
                let exact = Self.exact(totals[group.key] ?? [], fraction)
                #expect(abs(value - exact) / exact <= 0.01, "\(group.key) total p\(Int(fraction * 100)): \(value) vs \(exact)")
            }
        }
    }

    @Test func numbersReadAsJSONDoes() {
        var walk = Walk()
        var texts = ["0", "-0", "1", "0.5", "1e3", "1E-3", "-2.5e+2", "0.0004", "1796200000", "0.3333333333333333",
                     "12345678901234567890123", "0.1234567890123456789", "1.7976931348623157e308", "5e-324", "3.14159"]
        for _ in 0..<2000 {
            let value = pow(10, 12 * walk.next() - 6) * (walk.next() < 0.5 ? -1 : 1)
            texts.append("\(value)")
        }
        for text in texts {
            let expected = Double(text)!
            let read = Array(text.utf8).withUnsafeBufferPointer { bytes -> Double? in
                var scanner = LogLineScanner(bytes: bytes)
                guard let number = scanner.number(), scanner.index == bytes.count else { return nil }
                return number
            }
            guard let read else {
                Issue.record("\(text) did not read")
                continue
            }
            // Within a unit in the last place (exact up to 15 significant digits).
            #expect(read == expected || abs(read - expected) <= expected.ulp.magnitude, "\(text) read as \(read)")
        }
        for bad in ["1.2.3", "--1", "1e", "-", ".", "1e5e3", "1-2"] {
            let read = Array(bad.utf8).withUnsafeBufferPointer { bytes -> Double?? in
                var scanner = LogLineScanner(bytes: bytes)
                return scanner.number()
            }
            #expect(read == nil, "\(bad) is not a number")
        }
    }

    @Test func escapedNamesGroupWithPlainOnesAndBadLinesAreCounted() throws {
        let directory = try TemporaryDirectory("folio-stats-escapes"); defer { directory.remove() }
        let path = directory.appending("generations.jsonl")
        let lines = [
            #"{"cache":"hit","provider":"local","purpose":"chapter:b:1","total_ms":10,"unix":100}"#,
            #"{"cache":"h\u0069t","provider":"lo\u0063al","purpose":"chapter\u003ab:2","total_ms":20,"unix":101}"#,
            #"{"cache":"miss","provider":"","purpose":"outline:b","total_ms":30,"unix":102,"error":"x"}"#,
            #"{"kind":"assess\u006dent","provider":"local","purpose":"chapter:b:1","quality":0.5,"unix":103}"#,
            #"{"provider":"local","total_ms":1.2.3,"unix":104}"#,
            #"{"provider":null,"unix":105}"#,
            #"{"provider":"local","total_ms":1e999,"ttft_ms":-1e999,"unix":106}"#,
            #"not json"#,
            "",
        ]
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let byProvider = try GenerationStats.summarise(files: [path], query: StatsQuery(grouping: .provider))
        #expect(byProvider.skippedLines == 3)
        #expect(byProvider.groups.map(\.key) == ["local", "none"])
        #expect(byProvider.groups.map(\.statistics.requests) == [3, 1])
        #expect(byProvider.groups[0].statistics.total.percentile(1) ?? 0 > 1e8)  // infinity lands in the last bucket
        #expect(byProvider.total.cacheHitRate == 2.0 / 3)
        #expect(byProvider.total.errors == 1)
        #expect(byProvider.total.meanQuality == 0.5)
        let byPurpose = try GenerationStats.summarise(files: [path], query: StatsQuery(grouping: .purpose))
        #expect(byPurpose.groups.map(\.key) == ["", "chapter", "outline"])
        #expect(byPurpose.groups.map(\.statistics.requests) == [1, 2, 1])
    }

    @Test func theTimeWindowReadsLinesWhateverTheirKeyOrder() throws {
        let directory = try TemporaryDirectory("folio-stats-window"); defer { directory.remove() }
        let path = directory.appending("generations.jsonl")
        let lines = [
            #"{"provider":"local","total_ms":10,"unix":86300}"#,
            #"{"provider":"local","total_ms":10,"unix":86400}"#,
            #"{"unix":86500,"provider":"local","total_ms":10}"#,
            #"{"unix":100,"provider":"local","total_ms":10}"#,
            #"{"provider":"local","total_ms":10,"unix":172800} "#,
            #"{"provider":"local","total_ms":10,"unix":2e5}"#,
            #"{"provider":"lo"#,
        ]
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let window = try GenerationStats.summarise(files: [path], query: StatsQuery(since: 86_400, until: 172_800, grouping: .day))
        #expect(window.total.requests == 2)
        #expect(window.skippedLines == 1)
        #expect(window.groups.map(\.key) == ["1970-01-02"])
        let days = try GenerationStats.summarise(files: [path], query: StatsQuery(grouping: .day))
        #expect(days.groups.map(\.key) == ["1970-01-01", "1970-01-02", "1970-01-03"])
        #expect(days.groups.map(\.statistics.requests) == [2, 2, 2])
    }
}
