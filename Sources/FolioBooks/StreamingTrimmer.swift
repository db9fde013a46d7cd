/// Trims leading and trailing white space from text that arrives in pieces, without delaying
/// anything but white space: what it emits, concatenated, is exactly the trimmed whole.
struct StreamingTrimmer {
    private var started = false
    private var heldWhitespace = ""

    /// Feeds the next piece; returns the text that can be shown now.
    mutating func feed(_ piece: String) -> String {
        var output = ""
        for character in piece {
            if character.isWhitespace {
                if started { heldWhitespace.append(character) }
            } else {
                started = true
                output += heldWhitespace
                heldWhitespace = ""
                output.append(character)
            }
        }
        return output
    }
}
