/// A continuation asked of llama-server as the answer so far, left open for the model to go on
/// with (the server's assistant prefill), rather than with an instruction to continue.
///
/// Told to continue, the bundled model restarted the story or talked about it ("I will continue
/// your story here:", "The text continues."), and its server read the instruction and the
/// template's turns again (67 prompt tokens on average over 42 continuations); prefilled, it went
/// on from where the text stopped, with 3 read. The server's stream repeats the prefilled text before the
/// new tokens: this takes it off.
struct PrefilledAnswer {
    /// The prefilled text, which the stream repeats first.
    private let expected: String
    private var buffer = ""
    private var matched = false

    /// Turns `request`, when it ``ChatRequest/continuesAnswer``, into a prefilled one (the
    /// instruction left out, the answer so far last, without trailing white space, which would
    /// end the prompt on a token the model seldom writes next) and returns what strips the echo.
    /// `request` is left as it is when it is no such continuation.
    static func continuing(_ request: inout ChatRequest) -> PrefilledAnswer? {
        let count = request.messages.count
        guard request.continuesAnswer, count >= 2, request.messages[count - 2].role == .assistant else { return nil }
        var partial = request.messages[count - 2].content
        while partial.last?.isWhitespace == true { partial.removeLast() }
        guard !partial.isEmpty else { return nil }
        request.messages.removeLast(2)
        request.messages.append(ChatMessage(.assistant, partial))
        return PrefilledAnswer(expected: partial)
    }

    private init(expected: String) {
        self.expected = expected
    }

    /// The part of `piece` that is new text: nothing while the stream is still repeating the
    /// prefilled text; all of it once the stream is past it, or when it never repeated it.
    mutating func feed(_ piece: String) -> String {
        if matched { return piece }
        buffer += piece
        if buffer.count >= expected.count {
            matched = true
            let fresh = buffer.hasPrefix(expected) ? String(buffer.dropFirst(expected.count)) : buffer
            buffer = ""
            return fresh
        }
        if expected.hasPrefix(buffer) { return "" }
        matched = true
        defer { buffer = "" }
        return buffer
    }
}
