import Foundation
import FolioSafety
import FolioTesting

/// Labelled claim data under `../shared/data/` (WiCE JSON lines, TRUE-format CSV).
enum ClaimData {
    /// `shared/data`, beside the package root.
    static var folder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data")
    }

    /// One WiCE row: a claim, its evidence sentences, gold supporting sentence sets, and the label.
    struct WiCE {
        var claim: String
        var evidence: [String]
        var supportingSets: [[Int]]
        var supported: Bool
    }

    /// One TRUE row: a grounding document, a generated text, and whether it is consistent.
    struct Grounded {
        var grounding: String
        var generated: String
        var consistent: Bool
    }

    /// At most this many rows of each file (`SAFETY_BENCH_ROWS`, a seeded random sample), since
    /// embedding every evidence sentence of a whole set takes tens of CPU minutes.
    static let rowLimit = Int(ProcessInfo.processInfo.environment["SAFETY_BENCH_ROWS"] ?? "") ?? Int.max

    /// A seeded sample of at most `rowLimit` rows, in file order.
    static func sample<T>(_ rows: [T]) -> [T] {
        guard rows.count > rowLimit else { return rows }
        var generator = SeededGenerator(seed: 1)
        let chosen = Set(Array(rows.indices).shuffled(using: &generator).prefix(rowLimit))
        return rows.indices.filter(chosen.contains).map { rows[$0] }
    }

    static func wice(_ path: String) throws -> [WiCE] {
        let text = try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
        return sample(try text.split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let claim = object["claim"] as? String, let evidence = object["evidence"] as? [String],
                  let label = object["label"] as? String else { throw CocoaError(.fileReadCorruptFile) }
            let sets = (object["supporting_sentences"] as? [[Int]]) ?? []
            return WiCE(claim: claim, evidence: evidence, supportingSets: sets, supported: label == "supported")
        })
    }

    static func grounded(_ path: String) throws -> [Grounded] {
        let text = try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
        let rows = csvRows(text)
        guard let header = rows.first, let g = header.firstIndex(of: "grounding"),
              let t = header.firstIndex(of: "generated_text"), let l = header.firstIndex(of: "label") else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return sample(rows.dropFirst().filter { $0.count > max(g, t, l) }.map {
            Grounded(grounding: $0[g], generated: $0[t], consistent: $0[l].trimmingCharacters(in: .whitespaces) == "1")
        })
    }

    /// RFC 4180 rows: quoted fields may hold commas, doubled quotes and newlines.
    static func csvRows(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        while let scalar = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if scalar == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else { field.unicodeScalars.append(scalar) }
                continue
            }
            switch scalar {
            case "\"": quoted = true
            case ",": row.append(field); field = ""
            case "\n": row.append(field); rows.append(row); row = []; field = ""
            case "\r": break
            default: field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    /// The passages of a WiCE row: each evidence entry is one line of a document.
    static func passages(_ row: WiCE, window: Int = ClaimScoring.indexOptions.window) -> [SourcePassage] {
        let sentences = row.evidence.enumerated().map { TextSentence(text: $1, firstLine: $0 + 1, lastLine: $0 + 1) }
        return SourcePassage.passages(file: "evidence", sentences: sentences, window: window)
    }
}
