import ArgumentParser
import FolioRuntime
import Foundation

extension Folio {
    /// `folio embed --jsonl`: embeds JSON lines from stdin.
    struct Embed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Embed texts from stdin: JSON lines {\"text\": ...} in, {\"text\", \"embedding\"} out.",
            discussion: "Vectors are L2-normalised, from the bundled all-MiniLM-L6-v2 model (EMBEDDING_PROVIDER).")

        @Flag(help: "Read and write JSON lines (the only format).")
        var jsonl = false

        @OptionGroup var globalOptions: GlobalOptions

        func validate() throws {
            guard jsonl else { throw ValidationError("folio embed needs --jsonl") }
        }

        func run() async throws {
            // Every line is checked before anything is written.
            let input = FileHandle.standardInput.readDataToEndOfFile()
            guard let text = String(data: input, encoding: .utf8) else {
                throw FolioError.badInput("stdin is not UTF-8 text")
            }
            var texts: [String] = []
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
                if trimmed.isEmpty { continue }
                guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any],
                      let value = object["text"] as? String
                else {
                    throw FolioError.badInput("line \(number + 1) of stdin is not a JSON object with a \"text\" string")
                }
                texts.append(value)
            }
            try await globalOptions.withRuntime { runtime in
                let embedder = try runtime.embedder()
                let batch = 64
                var start = 0
                while start < texts.count {
                    let slice = Array(texts[start..<min(start + batch, texts.count)])
                    let vectors = try await embedder.embed(slice)
                    var out = ""
                    for (text, vector) in zip(slice, vectors) {
                        out += try Self.line(text: text, vector: vector)
                    }
                    Terminal.write(out)
                    start += batch
                }
            }
        }

        static func line(text: String, vector: [Float]) throws -> String {
            let encoded = String(decoding: try JSONEncoder.plain.encode(text), as: UTF8.self)
            return "{\"text\":\(encoded),\"embedding\":[" + vector.map { "\($0)" }.joined(separator: ",") + "]}\n"
        }
    }
}

private extension JSONEncoder {
    static var plain: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }
}
