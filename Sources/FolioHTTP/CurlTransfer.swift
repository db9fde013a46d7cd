import CCurl
import Foundation
import Synchronization

/// One request in flight: a dedicated thread drives a curl multi handle, polling in
/// short slices so cancellation and the idle limit are noticed promptly.
///
/// `@unchecked Sendable`: the multi handle is created in `init` and never reassigned;
/// the transfer thread alone performs on it, and another thread only ever calls
/// `curl_multi_wakeup` (which libcurl allows from any thread) while holding `state`'s
/// lock and while `state` says the handle is still alive. All other mutable state is
/// confined to the transfer thread.
final class CurlTransfer: @unchecked Sendable {
    private struct State {
        var cancelled = false
        var multiAlive = true
    }

    private let request: HTTPRequest
    private let continuation: AsyncThrowingStream<HTTPStreamPart, any Error>.Continuation
    private let multi: UnsafeMutableRawPointer?
    private let state = Mutex(State())
    /// "host:port" of the URL, for error messages that never show header values.
    private let target: String

    /// How long one `curl_multi_poll` may sleep; bounds how late the idle limit fires.
    private static let pollSliceMilliseconds: Int32 = 100

    init(request: HTTPRequest, continuation: AsyncThrowingStream<HTTPStreamPart, any Error>.Continuation) {
        self.request = request
        self.continuation = continuation
        self.multi = curl_multi_init()
        self.target = Self.target(of: request.url)
    }

    /// Starts the transfer thread.
    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "folio.curl \(target)"
        thread.start()
    }

    /// Asks the transfer to stop; the thread notices within one poll slice, or at once
    /// if it is asleep in `curl_multi_poll`.
    func cancel() {
        state.withLock { state in
            state.cancelled = true
            if state.multiAlive, let multi { curl_multi_wakeup(multi) }
        }
    }

    private var isCancelled: Bool { state.withLock { $0.cancelled } }

    private func run() {
        let reader = CurlResponseReader(continuation: continuation)
        guard let multi, let easy = CurlEasyHandle(request: request, reader: reader) else {
            retireMulti()
            continuation.finish(throwing: TransportError.other("Could not start a request to \(target): out of memory."))
            return
        }
        curl_multi_add_handle(multi, easy.handle)
        let failure = drive(multi, easy: easy, reader: reader)
        if failure == nil { reader.finishHead() }
        curl_multi_remove_handle(multi, easy.handle)
        easy.cleanup()
        retireMulti()
        // Exactly one finish, after every handle is gone.
        continuation.finish(throwing: failure)
    }

    /// Runs the transfer to its end; returns the error to finish the stream with, if any.
    private func drive(_ multi: UnsafeMutableRawPointer, easy: CurlEasyHandle, reader: CurlResponseReader) -> (any Error)? {
        let idleLimit = Duration.milliseconds(Int64(max(0.001, request.idleTimeout) * 1000))
        while true {
            if isCancelled { return CancellationError() }
            var running: Int32 = 0
            let performed = curl_multi_perform(multi, &running)
            if performed != CURLM_OK {
                return TransportError.other("Request to \(target) failed: \(String(cString: curl_multi_strerror(performed))).")
            }
            if running == 0 {
                if isCancelled { return CancellationError() }
                return completionError(multi, easy: easy)
            }
            if ContinuousClock.now - reader.lastActivity > idleLimit {
                return TransportError.timeout(
                    "\(target) sent nothing for \(Self.seconds(request.idleTimeout)) seconds.")
            }
            curl_multi_poll(multi, nil, 0, Self.pollSliceMilliseconds, nil)
        }
    }

    /// The finished transfer's result, as an error to throw or nil on success.
    private func completionError(_ multi: UnsafeMutableRawPointer, easy: CurlEasyHandle) -> TransportError? {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE else { continue }
            let code = message.pointee.data.result
            return code == CURLE_OK ? nil : error(for: code, detail: easy.errorText(for: code))
        }
        return TransportError.other("Request to \(target) ended without a result.")
    }

    private func error(for code: CURLcode, detail: String) -> TransportError {
        switch code {
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY,
            CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION:
            return .connect("Could not connect to \(target): \(detail).")
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout("Timed out talking to \(target): \(detail).")
        case CURLE_PARTIAL_FILE, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING:
            return .broken("Connection to \(target) broke before the response was complete: \(detail).")
        default:
            return .other("Request to \(target) failed: \(detail).")
        }
    }

    /// Marks the multi handle dead under the lock, so `cancel` can no longer wake it,
    /// then frees it.
    private func retireMulti() {
        state.withLock { $0.multiAlive = false }
        if let multi { curl_multi_cleanup(multi) }
    }

    private static func target(of url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host else {
            return "the server"
        }
        let port = components.port ?? (components.scheme?.lowercased() == "https" ? 443 : 80)
        return "\(host):\(port)"
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
