import FolioProviders

extension WireTranscript {
    /// Every file of `../shared/data/wire-real/{openai,anthropic,gemini,ollama}` with the
    /// outcome it calls for. A refusal, a safety stop or a tool call is not an answer the
    /// reader gets: its finish reason says so, and the text carries none of it.
    static let all: [WireTranscript] = openAI + anthropic + gemini + ollama

    private static func table(_ folder: String, _ entries: KeyValuePairs<String, Outcome>) -> [WireTranscript] {
        entries.map { WireTranscript(folder: folder, name: $0.key, outcome: $0.value) }
    }

    static let openAI = table("openai", [
        "MacPaw+OpenAI__MockServerSentEvent_chatCompletionChunk_plus_DONE.sse": .answer(.stop),
        // A comment, then the first chunk only: no finish reason, no `[DONE]`.
        "MacPaw+OpenAI__ServerSentEventsStreamInterpreterTests_chunkWithComment.sse": .failure("before the model finished"),
        // A bare JSON error body where events were expected.
        "MacPaw+OpenAI__MockServerSentEvent_chatCompletionError.json": .failure("does not exist or you do not have access"),
        "openai+openai-python__test_allows_non_strict_tools_but_no_parsing__2018feb66ae1.sse": .noText(.other("tool_calls")),
        "openai+openai-python__test_content_logprobs_events__83b060bae42e.sse": .answer(.stop),
        "openai+openai-python__test_non_pydantic_response_format__d61558011839.sse": .answer(.stop),
        "openai+openai-python__test_parse_max_tokens_reached__4cc50a6135d2.sse": .answer(.length),
        "openai+openai-python__test_parse_multiple_pydantic_tools__f82268f2fefd.sse": .noText(.other("tool_calls")),
        "openai+openai-python__test_parse_nothing__e2aad469b71d.sse": .answer(.stop),
        "openai+openai-python__test_parse_pydantic_model__7e5ea4d12e7c.sse": .answer(.stop),
        // Three choices interleaved: only choice 0 is the answer.
        "openai+openai-python__test_parse_pydantic_model_multiple_choices__a491adda08c3.sse": .answer(.stop),
        "openai+openai-python__test_parse_pydantic_model_refusal__173417d55340.sse": .noText(.other("refusal")),
        "openai+openai-python__test_parse_pydantic_tool__c6aa7e397b71.sse": .noText(.other("tool_calls")),
        "openai+openai-python__test_parse_strict_tools__a247c49c5fcd.sse": .noText(.other("tool_calls")),
        "openai+openai-python__test_refusal_logprobs_events__569c877e6942.sse": .noText(.other("refusal")),
    ])

    static let anthropic = table("anthropic", [
        "anthropics+anthropic-sdk-go__fallback-end.sse": .answer(.stop),
        "anthropics+anthropic-sdk-go__fallback-tooluse.sse": .noText(.other("tool_use")),
        "anthropics+anthropic-sdk-go__refusal.sse": .answer(.other("refusal")),
        "anthropics+anthropic-sdk-go__tool_runner_next_streaming__interaction0.sse": .answer(.other("tool_use")),
        "anthropics+anthropic-sdk-go__tool_runner_streaming_all__interaction0.sse": .answer(.other("tool_use")),
        "anthropics+anthropic-sdk-go__tool_runner_streaming_all__interaction1.sse": .answer(.stop),
        // The Python SDK's fixtures end right after `message_stop`'s data, without the blank line.
        "anthropics+anthropic-sdk-python__basic_response.txt": .answer(.stop),
        "anthropics+anthropic-sdk-python__compaction_response.txt": .answer(.stop),
        "anthropics+anthropic-sdk-python__container_response.txt": .answer(.stop),
        "anthropics+anthropic-sdk-python__extra_fields_response.txt": .answer(.stop),
        "anthropics+anthropic-sdk-python__fallback_credit_response.txt": .answer(.stop),
        "anthropics+anthropic-sdk-python__fallback_response.txt": .answer(.stop),
        "anthropics+anthropic-sdk-python__incomplete_partial_json_response.txt": .answer(.length),
        "anthropics+anthropic-sdk-python__out_of_order_response.txt": .noText(.stop),
        "anthropics+anthropic-sdk-python__refusal_response.txt": .noText(.other("refusal")),
        "anthropics+anthropic-sdk-python__server_tool_result_response.txt": .noText(.other("tool_use")),
        "anthropics+anthropic-sdk-python__server_tool_use_response.txt": .answer(.stop),
        "anthropics+anthropic-sdk-python__stream-a-refusal.sse": .answer(.other("refusal")),
        "anthropics+anthropic-sdk-python__stream-a-toolrefusal.sse": .answer(.other("refusal")),
        "anthropics+anthropic-sdk-python__stream-b-fallback.sse": .answer(.stop),
        "anthropics+anthropic-sdk-python__tool_use_response.txt": .answer(.other("tool_use")),
        "anthropics+anthropic-sdk-typescript__basic_response.txt": .answer(.stop),
        "anthropics+anthropic-sdk-typescript__code_execution_response.txt": .answer(.stop),
        "anthropics+anthropic-sdk-typescript__incomplete_partial_json_response.txt": .answer(.length),
        "anthropics+anthropic-sdk-typescript__tool_use_response.txt": .answer(.other("tool_use")),
    ])

    private static let firebase = "FirebaseExtended+vertexai-sdk-test-data__"

    static let gemini = table("gemini", [
        // Bare JSON error bodies, replayed with status 200 as the hardest case.
        firebase + "googleai__streaming-failure-image-rejected.txt": .failure("Request contains an invalid argument"),
        firebase + "vertexai__streaming-failure-api-key.txt": .failure("API key not valid"),
        firebase + "vertexai__streaming-failure-http-error.txt": .failure("$grpcMessage"),
        firebase + "vertexai__streaming-failure-image-rejected.txt": .failure("Request contains an invalid argument"),
        firebase + "vertexai__streaming-failure-unknown-model.txt": .failure("models/unknown is not found"),
        // Events, each with finishReason STOP, then a bare JSON error body.
        firebase + "vertexai__streaming-failure-error-mid-stream.txt": .failure("The operation was cancelled"),
        // No candidate text and no finish reason: the stream ends unfinished.
        firebase + "vertexai__streaming-failure-empty-content.txt": .failure("before the model finished"),
        firebase + "vertexai__streaming-failure-invalid-json.txt": .failure("before the model finished"),
        firebase + "vertexai__streaming-failure-malformed-content.txt": .failure("before the model finished"),
        // Text, but the body ends without any finish reason: not known to be whole.
        firebase + "vertexai__streaming-success-quotes-escaped.txt": .failure("before the model finished"),
        // Blocked prompts (the last event ends without its blank line).
        firebase + "googleai__streaming-failure-prompt-blocked-safety.txt": .noText(.other("SAFETY")),
        firebase + "vertexai__streaming-failure-prompt-blocked-safety-with-message.txt": .noText(.other("SAFETY")),
        firebase + "vertexai__streaming-failure-prompt-blocked-safety.txt": .noText(.other("SAFETY")),
        firebase + "googleai__streaming-failure-recitation-no-content.txt": .answer(.other("RECITATION")),
        firebase + "vertexai__streaming-failure-recitation-no-content.txt": .answer(.other("RECITATION")),
        firebase + "vertexai__streaming-failure-finish-reason-safety.txt": .answer(.other("SAFETY")),
        firebase + "vertexai__streaming-failure-unknown-finish-enum.txt": .answer(.other("FAKE_ENUM")),
        firebase + "googleai__streaming-success-basic-reply-long.txt": .answer(.stop),
        firebase + "googleai__streaming-success-basic-reply-short.txt": .answer(.stop),
        firebase + "googleai__streaming-success-citations.txt": .answer(.stop),
        firebase + "googleai__streaming-success-code-execution.txt": .answer(.stop),
        firebase + "googleai__streaming-success-empty-parts.txt": .answer(.stop),
        firebase + "googleai__streaming-success-finish-message.txt": .answer(.stop),
        firebase + "googleai__streaming-success-no-content-parts.txt": .answer(.stop),
        // Thought summaries then a function call: nothing for the reader.
        firebase + "googleai__streaming-success-thinking-function-call-thought-summary-signature.txt": .noText(.stop),
        firebase + "googleai__streaming-success-thinking-reply-thought-summary.txt": .answer(.stop),
        firebase + "googleai__streaming-success-url-context.txt": .answer(.stop),
        firebase + "vertexai__streaming-success-basic-reply-long.txt": .answer(.stop),
        firebase + "vertexai__streaming-success-basic-reply-parts.txt": .answer(.stop),
        firebase + "vertexai__streaming-success-basic-reply-short.txt": .answer(.stop),
        firebase + "vertexai__streaming-success-citations.txt": .answer(.stop),
        firebase + "vertexai__streaming-success-code-execution.txt": .answer(.stop),
        firebase + "vertexai__streaming-success-empty-text-part.txt": .answer(.stop),
        firebase + "vertexai__streaming-success-function-call-short.txt": .noText(.stop),
        firebase + "vertexai__streaming-success-image-invalid-safety-ratings.txt": .noText(.stop),
        firebase + "vertexai__streaming-success-thinking-reply-thought-summary.txt": .answer(.stop),
        firebase + "vertexai__streaming-success-unknown-safety-enum.txt": .answer(.stop),
        firebase + "vertexai__streaming-success-url-context.txt": .answer(.stop),
        firebase + "vertexai__streaming-success-utf8.txt": .answer(.stop),
        "google-gemini+generative-ai-js__streaming-failure-finish-reason-safety.txt": .answer(.other("SAFETY")),
        "google-gemini+generative-ai-js__streaming-failure-recitation-no-content.txt": .answer(.other("RECITATION")),
        "google-gemini+generative-ai-js__streaming-success-basic-reply-long.txt": .answer(.stop),
        "google-gemini+generative-ai-js__streaming-success-basic-reply-short.txt": .answer(.stop),
        "google-gemini+generative-ai-js__streaming-success-citations.txt": .answer(.stop),
        // The last event repeats grounding metadata without a finish reason; STOP came before it.
        "google-gemini+generative-ai-js__streaming-success-search-grounding.txt": .answer(.stop),
        "google-gemini+generative-ai-js__streaming-unknown-enum.txt": .answer(.other("FAKE_ENUM")),
        "googleapis+js-genai__RECONSTRUCTED__Chats_Tests_sendMessage_Google_AI_with_config_stream.sse": .answer(.length),
        "googleapis+js-genai__RECONSTRUCTED__Client_Tests_generateContentStream_ML_Dev_should_stream_generate_content_with_specified_parameters.sse": .answer(.length),
        "googleapis+js-genai__RECONSTRUCTED__Client_Tests_generateContentStream_Vertex_AI_should_stream_generate_content_with_specified_parameters.sse": .answer(.length),
    ])

    static let ollama = table("ollama", [
        "ollama+ollama__DERIVED__api-client_test.go__error_after_successful_chunks.ndjson": .failure("mid-stream error"),
        "ollama+ollama__DERIVED__api-client_test.go__html_error_page.ndjson": .failure("404 Not Found"),
        "ollama+ollama__DERIVED__api-client_test.go__plain_text_error_response.ndjson": .failure("internal server error"),
        "ollama+ollama__DERIVED__api-client_test.go__successful_stream_completion.ndjson": .answer(.stop),
        "ollama+ollama__RECONSTRUCTED__docs-api.md__chat_stream.ndjson": .answer(.stop),
        "ollama+ollama__RECONSTRUCTED__docs-api.md__chat_stream_with_tools.ndjson": .noText(.stop),
        // /api/generate's format (`response`, not `message`): nothing Folio's /api/chat client reads.
        "ollama+ollama__docs-api-errors.mdx__midstream_error.ndjson": .failure("an error was encountered while running the model"),
        "ollama+ollama__docs-api-streaming.mdx__generate_stream.ndjson": .noText(.stop),
        "ollama+ollama__routes_cloud_test.go__coalesced_jsonl_chunks.ndjson": .answer(.stop),
        "ollama+ollama__routes_cloud_test.go__final_no_trailing_newline.ndjson": .answer(.stop),
        "ollama+ollama__routes_cloud_test.go__tool_call_stream.ndjson": .noText(.stop),
    ])
}
