#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The server side of one accepted socket: reads one request, then plays a script.
/// Used on the connection's own thread only.
struct LoopbackConnection {
    let socket: Int32
    /// Whether the server is stopping; long sleeps check it.
    let isStopped: @Sendable () -> Bool

    private static let headEnd: [UInt8] = Array("\r\n\r\n".utf8)

    /// Reads the request line, headers and a `Content-Length` body; nil if the peer
    /// closed early or sent something unreadable.
    func readRequest() -> LoopbackRequest? {
        var buffer: [UInt8] = []
        var headLength: Int?
        while headLength == nil {
            guard receive(into: &buffer) else { return nil }
            headLength = buffer.firstRange(of: Self.headEnd)?.upperBound
        }
        guard let headLength else { return nil }
        let lines = String(decoding: buffer[..<(headLength - 4)], as: UTF8.self)
            .split(separator: "\r\n", omittingEmptySubsequences: false)
        let requestLine = lines[0].split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        let headers = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let value = line[line.index(after: colon)...].drop { $0 == " " }
            return (String(line[..<colon]), String(value))
        }
        var request = LoopbackRequest(
            method: String(requestLine[0]), path: String(requestLine[1]), headers: headers, body: [])
        let bodyLength = request.header("Content-Length").flatMap { Int($0) } ?? 0
        while buffer.count - headLength < bodyLength {
            guard receive(into: &buffer) else { return nil }
        }
        request.body = Array(buffer[headLength..<(headLength + bodyLength)])
        return request
    }

    /// Plays `actions`; returns false if the script closed the socket itself.
    func play(_ actions: [LoopbackAction]) -> Bool {
        var chunked = false
        for action in actions {
            switch action {
            case .head(let status, let headers):
                chunked = !headers.contains { $0.key.lowercased() == "content-length" }
                write(head(status: status, headers: headers, chunked: chunked))
            case .send(let bytes):
                guard !bytes.isEmpty else { continue }  // an empty chunk would end the body
                write(chunked ? Array((String(bytes.count, radix: 16) + "\r\n").utf8) + bytes + [13, 10] : bytes)
            case .sleep(let seconds):
                sleep(seconds)
            case .perform(let body):
                body()
            case .closeAbruptly:
                return false
            case .end:
                if chunked { write(Array("0\r\n\r\n".utf8)) }
            }
        }
        return true
    }

    private func head(status: Int, headers: KeyValuePairs<String, String>, chunked: Bool) -> [UInt8] {
        var text = "HTTP/1.1 \(status) \(Self.reason(for: status))\r\n"
        for (name, value) in headers {
            text += "\(name): \(value)\r\n"
        }
        if chunked { text += "Transfer-Encoding: chunked\r\n" }
        text += "Connection: close\r\n\r\n"
        return Array(text.utf8)
    }

    private func receive(into buffer: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffer += chunk[..<count]
        return true
    }

    private func write(_ bytes: [UInt8]) {
        #if canImport(Glibc)
        let flags = Int32(MSG_NOSIGNAL)  // a vanished client must not kill the test run
        #else
        let flags: Int32 = 0
        #endif
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, flags) }
            guard written > 0 else { return }
            offset += written
        }
    }

    private func sleep(_ seconds: Double) {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while ContinuousClock.now < deadline, !isStopped() {
            usleep(20_000)
        }
    }

    private static func reason(for status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        default: "Status \(status)"
        }
    }
}
