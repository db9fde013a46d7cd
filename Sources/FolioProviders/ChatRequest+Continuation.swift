extension ChatRequest {
    /// The same request, asking the model to go on from `partial`, the text produced so far.
    ///
    /// The partial text goes back as the assistant's turn with an instruction to continue, which
    /// every chat API accepts; the answer is appended to `partial` to form one seamless text. With
    /// the plain instruction the request ``continuesAnswer``: a tier that can go on from the
    /// partial text itself does so; an instruction of its own (to close, say) is always read.
    public func continuing(from partial: String, instruction: String = ChatRequest.continueInstruction) -> ChatRequest {
        var request = self
        request.messages += [ChatMessage(.assistant, partial), ChatMessage(.user, instruction)]
        request.continuesAnswer = instruction == Self.continueInstruction
        return request
    }

    /// The instruction that asks the model to go on seamlessly.
    public static let continueInstruction = "Continue the text exactly where it stops, mid-sentence if need be. "
        + "Do not repeat anything already written and do not add any preamble."
}
