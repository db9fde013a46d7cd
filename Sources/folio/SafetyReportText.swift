import FolioRuntime
import Foundation

/// How `folio safety check` prints a report: JSON, or lines for people.
enum SafetyReportText {
    /// The report as one JSON document; after an action, with `rewritten_text`, `changes` and
    /// the new text's report as `after`.
    static func json(report: SafetyReport, result: RewriteResult?) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let result else { return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n" }
        return String(decoding: try encoder.encode(Acted(report: report, result: result)), as: UTF8.self) + "\n"
    }

    /// The report's keys with the action's result beside them.
    private struct Acted: Encodable {
        var report: SafetyReport
        var result: RewriteResult

        enum Keys: String, CodingKey {
            case text = "rewritten_text", changes, after
        }

        func encode(to encoder: any Encoder) throws {
            try report.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(result.text, forKey: .text)
            try container.encode(result.changes, forKey: .changes)
            try container.encode(result.report, forKey: .after)
        }
    }

    /// One line per claim with its best evidence, one per policy finding, then the verdict.
    static func describe(_ report: SafetyReport) -> String {
        var out = ""
        for claim in report.claims {
            let mark = claim.supported ? "✓" : (claim.label == .contradicted ? "!" : "✗")
            out += "\(mark) \(claim.label.rawValue) \(String(format: "%.2f", claim.score))  line \(claim.line): \(claim.text)\n"
            if let best = claim.evidence.first {
                let lines = best.firstLine == best.lastLine ? "\(best.firstLine)" : "\(best.firstLine)-\(best.lastLine)"
                out += "    \(best.file):\(lines)  \(best.text.prefix(160))\n"
            }
        }
        for finding in report.policy {
            out += "policy: \(finding.type.rawValue) (\(finding.rule)) line \(finding.line): \(finding.text)"
                + (finding.blocking ? " — blocking\n" : "\n")
        }
        out += "safe: \(report.isSafe ? "yes" : "no") · confidence \(String(format: "%.2f", report.confidence)) · "
            + "\(report.claims.count) claims, \(report.unsupportedClaims.count) unsupported · "
            + "\(report.policy.count) policy findings\n"
        return out
    }

    /// Each change, the new verdict, then the new text.
    static func describe(_ result: RewriteResult) -> String {
        var out = ""
        for change in result.changes {
            out += "\(change.kind.rawValue) (line \(change.line)): \(change.original)\n"
            if let replacement = change.replacement, change.kind == .rewritten { out += "    → \(replacement)\n" }
        }
        out += "after: safe: \(result.report.isSafe ? "yes" : "no") · confidence "
            + String(format: "%.2f", result.report.confidence) + "\n\n" + result.text
        return out.hasSuffix("\n") ? out : out + "\n"
    }
}
