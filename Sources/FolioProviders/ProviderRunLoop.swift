import FolioHTTP

/// The loop every provider client runs: send the request once, decode the body into
/// records, hand each to the provider's state machine, and decide how the body's end
/// reads.
///
/// At the end, a pending record that is not whole means the stream was cut
/// (`TransportError.broken`); a JSON error body written where records were expected
/// (Gemini does this after events) fails the call with its message, even when earlier
/// records looked finished.
struct ProviderRunLoop {
    /// The HTTP call, which reads the error body of a non-2xx response.
    let call: StreamingHTTPCall
    /// How the body is split into records.
    let framing: StreamFraming

    /// Streams `request`, yielding what `state` makes of the records.
    func run(_ request: HTTPRequest, state: inout any WireStreamState, yield: (StreamEvent) -> Void) async throws {
        var decoder = StreamRecordDecoder(framing)
        let completed = try await call.run(request) { bytes in
            for record in decoder.decode(bytes) {
                for output in try state.handle(record) { yield(output) }
                if state.isDone { return true }
            }
            return false
        }
        if completed { return }
        let (pending, strayText) = decoder.finish()
        for record in pending {
            guard state.isWholeRecord(record.data) else {
                throw TransportError.broken("stream ended in the middle of a record")
            }
            for output in try state.handle(record) { yield(output) }
            if state.isDone { return }
        }
        if let error = call.strayError(strayText) { throw error }
        for output in try state.end() { yield(output) }
    }
}

extension StreamingHTTPCall {
    /// The error a JSON error body among the records names, if there is one.
    func strayError(_ text: String) -> ProviderError? {
        guard !text.isEmpty else { return nil }
        let body = Array(text.utf8)
        guard ErrorBodyText.isErrorObject(body) else { return nil }
        let (message, type) = ErrorBodyText.parse(body, hiding: apiKey)
        return ProviderError(provider: provider, message: message ?? "the stream reported an error", errorType: type)
    }
}
