import Foundation

/// Language names as users write them (`--language Chinese`) to BCP 47 tags, as EPUB and
/// Word documents require.
public enum LanguageTag {
    /// The tag for `language`: a known name's code, a value that already looks like a tag
    /// as it is, else `und` (undetermined).
    public static func bcp47(_ language: String) -> String {
        let trimmed = language.trimmingCharacters(in: .whitespaces)
        if let code = names[trimmed.lowercased()] { return code }
        let isTag = !trimmed.isEmpty && trimmed.split(separator: "-", omittingEmptySubsequences: false).enumerated()
            .allSatisfy { index, part in
                (index == 0 ? (2...3).contains(part.count) : (2...8).contains(part.count))
                    && part.allSatisfy { $0.isASCII && ($0.isLetter || (index > 0 && $0.isNumber)) }
            }
        return isTag ? trimmed : "und"
    }

    private static let names: [String: String] = [
        "english": "en", "chinese": "zh", "mandarin": "zh", "simplified chinese": "zh-Hans",
        "traditional chinese": "zh-Hant", "中文": "zh", "简体中文": "zh-Hans", "繁體中文": "zh-Hant",
        "french": "fr", "français": "fr", "german": "de", "deutsch": "de", "spanish": "es", "español": "es",
        "italian": "it", "italiano": "it", "portuguese": "pt", "português": "pt", "dutch": "nl",
        "russian": "ru", "русский": "ru", "japanese": "ja", "日本語": "ja", "korean": "ko", "한국어": "ko",
        "arabic": "ar", "hebrew": "he", "hindi": "hi", "bengali": "bn", "turkish": "tr", "polish": "pl",
        "swedish": "sv", "norwegian": "no", "danish": "da", "finnish": "fi", "greek": "el", "czech": "cs",
        "hungarian": "hu", "romanian": "ro", "ukrainian": "uk", "vietnamese": "vi", "thai": "th",
        "indonesian": "id", "malay": "ms", "persian": "fa", "urdu": "ur", "swahili": "sw", "catalan": "ca",
    ]
}
