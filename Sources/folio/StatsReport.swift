import FolioRuntime
import Foundation

/// `folio stats` output: the JSON document and the readable table.
struct StatsReport: Encodable {
    struct Latency: Encodable {
        let p50: Double?
        let p95: Double?
        let p99: Double?

        init(_ histogram: LatencyHistogram) {
            p50 = histogram.percentile(0.50).map(Self.round)
            p95 = histogram.percentile(0.95).map(Self.round)
            p99 = histogram.percentile(0.99).map(Self.round)
        }

        static func round(_ value: Double) -> Double { (value * 10).rounded() / 10 }
    }

    struct Group: Encodable {
        let key: String
        let requests: Int
        let errors: Int
        let errorRate: Double
        let firstTokenMilliseconds: Latency
        let totalMilliseconds: Latency
        let promptTokens: Int
        let completionTokens: Int
        let costUSD: Double
        let cacheHitRate: Double?
        let fallbackRate: Double
        let meanSafetyConfidence: Double?
        let unsupportedClaimRate: Double?
        let meanQuality: Double?

        init(key: String, _ statistics: CallStatistics) {
            self.key = key
            requests = statistics.requests
            errors = statistics.errors
            errorRate = statistics.errorRate
            firstTokenMilliseconds = Latency(statistics.firstToken)
            totalMilliseconds = Latency(statistics.total)
            promptTokens = Int(statistics.promptTokens)
            completionTokens = Int(statistics.completionTokens)
            costUSD = statistics.costUSD
            cacheHitRate = statistics.cacheHitRate
            fallbackRate = statistics.fallbackRate
            meanSafetyConfidence = statistics.meanSafetyConfidence
            unsupportedClaimRate = statistics.unsupportedClaimRate
            meanQuality = statistics.meanQuality
        }

        enum CodingKeys: String, CodingKey {
            case key, requests, errors
            case errorRate = "error_rate"
            case firstTokenMilliseconds = "ttft_ms"
            case totalMilliseconds = "total_ms"
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
            case costUSD = "cost_usd"
            case cacheHitRate = "cache_hit_rate"
            case fallbackRate = "fallback_rate"
            case meanSafetyConfidence = "mean_safety_confidence"
            case unsupportedClaimRate = "unsupported_claim_rate"
            case meanQuality = "mean_quality"
        }
    }

    /// `--drift --json`.
    struct Drift: Encodable {
        struct Measure: Encodable {
            let name: String
            let previous: Double?
            let current: Double?
            let changePercent: Double?
            let drifted: Bool

            enum CodingKeys: String, CodingKey {
                case name, previous, current, drifted
                case changePercent = "change_percent"
            }
        }

        let drifted: Bool
        let previousRequests: Int
        let currentRequests: Int
        let measures: [Measure]

        init(_ report: DriftReport, previousRequests: Int, currentRequests: Int) {
            drifted = report.drifted
            self.previousRequests = previousRequests
            self.currentRequests = currentRequests
            measures = report.measures.map {
                Measure(name: $0.name, previous: $0.previous, current: $0.current, changePercent: $0.changePercent,
                        drifted: $0.drifted)
            }
        }

        enum CodingKeys: String, CodingKey {
            case drifted, measures
            case previousRequests = "previous_requests"
            case currentRequests = "current_requests"
        }
    }

    let by: String?
    let groups: [Group]
    let total: Group

    init(groups: [(key: String, statistics: CallStatistics)], total: CallStatistics, by: StatsQuery.Grouping?) {
        self.by = by?.rawValue
        self.groups = by == nil ? [] : groups.map { Group(key: $0.key, $0.statistics) }
        self.total = Group(key: "total", total)
    }

    /// One row per group and a total: requests, errors, latency, tokens, cost, cache, fallbacks.
    static func table(groups: [(key: String, statistics: CallStatistics)], total: CallStatistics,
                      by: StatsQuery.Grouping?) -> String {
        let header = [by?.rawValue ?? "", "requests", "errors", "ttft p50/p95 ms", "total p50/p95/p99 ms",
                      "tokens in/out", "cost $", "cache hit", "fallback", "quality", "safety"]
        var rows = [header]
        for (key, statistics) in (by == nil ? [] : groups) + [(key: "total", statistics: total)] {
            rows.append(row(key, statistics))
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == 0 ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    private static func row(_ key: String, _ statistics: CallStatistics) -> [String] {
        func ms(_ value: Double?) -> String { value.map { String(format: "%.0f", $0) } ?? "-" }
        func share(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0 * 100) } ?? "-" }
        func score(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "-" }
        let first = statistics.firstToken, whole = statistics.total
        return [
            key, "\(statistics.requests)", "\(statistics.errors) (\(share(statistics.errorRate)))",
            "\(ms(first.percentile(0.5)))/\(ms(first.percentile(0.95)))",
            "\(ms(whole.percentile(0.5)))/\(ms(whole.percentile(0.95)))/\(ms(whole.percentile(0.99)))",
            "\(Int(statistics.promptTokens))/\(Int(statistics.completionTokens))",
            String(format: "%.4f", statistics.costUSD), share(statistics.cacheHitRate), share(statistics.fallbackRate),
            score(statistics.meanQuality), score(statistics.meanSafetyConfidence),
        ]
    }

    /// `measure  before → now  change  DRIFT`, one line per measure.
    static func table(_ report: DriftReport, previous: Int, current: Int) -> String {
        var lines = ["window before: \(previous) calls · last window: \(current) calls"]
        for measure in report.measures {
            let values = [measure.previous, measure.current].map { $0.map { String(format: "%.3f", $0) } ?? "-" }
            let change = measure.changePercent.map { String(format: "%+.1f%%", $0) } ?? "n/a"
            let name = measure.name.padding(toLength: 24, withPad: " ", startingAt: 0)
            lines.append("\(name)\(values[0]) → \(values[1])  \(change)\(measure.drifted ? "  DRIFT" : "")")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
