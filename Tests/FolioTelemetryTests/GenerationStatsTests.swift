import FolioTelemetry
import FolioTesting
import Foundation
import Testing

/// `folio stats` figures, checked against a log whose figures are known.
@Suite struct GenerationStatsTests {
    static let day: Double = 1_764_633_600  // 2025-12-02T00:00:00Z

    /// 100 calls on day 1 (local, totals 1…100 ms, 10 errors, 50 cache hits among 100 lookups,
    /// quality 0.8), 20 on day 2 (openai, 1000 ms, cost 0.01 each, 5 fallbacks, quality 0.4), and
    /// a torn last line.
    static func writeKnownLog(in directory: TemporaryDirectory) throws -> GenerationLog {
        var configuration = GenerationLog.Configuration()
        configuration.directory = directory.path
        let log = GenerationLog(configuration)
        for number in 1...100 {
            var record = GenerationLogTests.record(number, unix: day + Double(number), purpose: "chapter:b:\(number)",
                                                   total: Double(number), error: number % 10 == 0 ? "every tier failed" : nil)
            record.cache = number % 2 == 0 ? "hit" : "miss"
            record.costUSD = 0
            record.quality = 0.8
            log.append(record)
        }
        for number in 1...20 {
            var record = GenerationLogTests.record(number, unix: day + 86_400 + Double(number), provider: "openai",
                                                   purpose: "outline:b", total: 1000)
            record.cache = "off"
            record.costUSD = 0.01
            record.fallbacks = number <= 5 ? 1 : 0
            record.quality = 0.4
            log.append(record)
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log.path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"unix": 17647"#.utf8))
        try handle.close()
        return log
    }

    @Test func totalsMatchTheKnownLog() async throws {
        let directory = try TemporaryDirectory("folio-stats"); defer { directory.remove() }
        let log = try Self.writeKnownLog(in: directory)
        let summary = try GenerationStats.summarise(files: log.files, query: StatsQuery())
        let total = summary.total
        #expect(summary.skippedLines == 1)
        #expect(total.requests == 120)
        #expect(total.errors == 10)
        #expect(abs(total.errorRate - 10.0 / 120) < 1e-12)
        #expect(total.promptTokens == 1200)
        #expect(total.completionTokens == Double((1...100).reduce(0, +) + (1...20).reduce(0, +)))
        #expect(abs(total.costUSD - 0.2) < 1e-9)
        #expect(total.cacheHitRate == 0.5)  // 50 hits of 100 lookups; "off" is no lookup
        #expect(abs(total.fallbackRate - 5.0 / 120) < 1e-12)
        #expect(abs((total.meanQuality ?? 0) - (100 * 0.8 + 20 * 0.4) / 120) < 1e-9)
        // Totals 1…100 ms and twenty of 1000 ms: p50 is 60 ms, p95 and p99 are 1000 ms (±1 %).
        #expect(abs((total.total.percentile(0.5) ?? 0) - 60) <= 0.6)
        #expect(abs((total.total.percentile(0.95) ?? 0) - 1000) <= 10)
        #expect(abs((total.firstToken.percentile(0.5) ?? 0) - 15) <= 0.15)
    }

    @Test func assessmentsCountInTheScoresButNotAsRequests() async throws {
        let directory = try TemporaryDirectory("folio-stats"); defer { directory.remove() }
        var configuration = GenerationLog.Configuration()
        configuration.directory = directory.path
        let log = GenerationLog(configuration)
        for number in 1...4 {
            log.append(GenerationLogTests.record(number, unix: Self.day + Double(number), purpose: "chapter:b:\(number)"))
        }
        let at = Date(timeIntervalSince1970: Self.day + 10)
        log.append(GenerationAssessment(command: "generate", purpose: "chapter:b:1", provider: "local", quality: 0.9, at: at))
        log.append(GenerationAssessment(command: "post", purpose: "post:repo", provider: "local", quality: 0.5,
                                        safetyConfidence: 0.75, unsupportedClaimRate: 0.2, at: at))
        let summary = try GenerationStats.summarise(files: log.files, query: StatsQuery(grouping: .purpose))
        #expect(summary.total.requests == 4)
        #expect(summary.total.meanQuality == 0.7)
        #expect(summary.total.meanSafetyConfidence == 0.75)
        #expect(summary.groups.map(\.key) == ["chapter", "post"])
        #expect(summary.groups.map(\.statistics.requests) == [4, 0])
        #expect(summary.groups.map(\.statistics.meanQuality) == [0.9, 0.5])
        #expect(summary.groups[1].statistics.errorRate == 0)
    }

    @Test func groupsAndTheSinceFilter() async throws {
        let directory = try TemporaryDirectory("folio-stats"); defer { directory.remove() }
        let log = try Self.writeKnownLog(in: directory)
        let byProvider = try GenerationStats.summarise(files: log.files, query: StatsQuery(grouping: .provider))
        #expect(byProvider.groups.map(\.key) == ["local", "openai"])
        #expect(byProvider.groups.map(\.statistics.requests) == [100, 20])
        let byPurpose = try GenerationStats.summarise(files: log.files, query: StatsQuery(grouping: .purpose))
        #expect(byPurpose.groups.map(\.key) == ["chapter", "outline"])
        let byDay = try GenerationStats.summarise(files: log.files, query: StatsQuery(grouping: .day))
        #expect(byDay.groups.map(\.key) == ["2025-12-02", "2025-12-03"])
        let since = try GenerationStats.summarise(files: log.files, query: StatsQuery(since: Self.day + 86_400))
        #expect(since.total.requests == 20)
    }

    @Test func driftFlagsAPlantedDropAndNothingElse() {
        var before = CallStatisticsBuilder()
        var after = CallStatisticsBuilder()
        for number in 0..<50 {
            before.add(quality: 0.8, total: 100 + Double(number))
            after.add(quality: number < 25 ? 0.8 : 0.4, total: 100 + Double(number))
        }
        let drifted = DriftReport(previous: before.statistics, current: after.statistics)
        #expect(drifted.drifted)
        #expect(drifted.measures.filter(\.drifted).map(\.name) == ["quality"])
        let quality = drifted.measures[0]
        #expect(abs((quality.changePercent ?? 0) + 25) < 1e-9)
        let steady = DriftReport(previous: before.statistics, current: before.statistics)
        #expect(!steady.drifted)
    }

    @Test func sinceParsesDurationsAndDates() throws {
        let now = Date(timeIntervalSince1970: Self.day)
        #expect(try StatsQuery.parseSince("24h", now: now) == Self.day - 86_400)
        #expect(try StatsQuery.parseSince("30m", now: now) == Self.day - 1800)
        #expect(try StatsQuery.parseSince("2025-12-02") == Self.day)
        #expect(throws: (any Error).self) { try StatsQuery.parseSince("yesterday") }
    }
}

/// Builds statistics from values through real log lines.
struct CallStatisticsBuilder {
    private var lines: [GenerationRecord] = []

    mutating func add(quality: Double, total: Double) {
        var record = GenerationLogTests.record(lines.count, total: total)
        record.quality = quality
        lines.append(record)
    }

    var statistics: CallStatistics {
        let directory = try! TemporaryDirectory("folio-stats")
        defer { directory.remove() }
        var configuration = GenerationLog.Configuration()
        configuration.directory = directory.path
        let log = GenerationLog(configuration)
        lines.forEach(log.append)
        return try! GenerationStats.summarise(files: log.files, query: StatsQuery()).total
    }
}
