import CCurl
import Foundation

/// One configured curl easy handle together with the C memory it points at: the header
/// list and the error buffer. `cleanup()` releases all of it; it must run after the
/// handle has been removed from its multi handle.
final class CurlEasyHandle {
    let handle: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>

    /// Creates and configures a handle for `request`; returns nil if libcurl is out of memory.
    /// `reader` receives the response through the C callbacks and must outlive the handle.
    init?(request: HTTPRequest, reader: CurlResponseReader) {
        guard let handle = curl_easy_init() else { return nil }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        configureConnection(request)
        configureMethod(request)
        configureHeaders(request)
        configureCallbacks(reader)
    }

    /// libcurl's detailed explanation of the last failure, or its generic text for `code`.
    func errorText(for code: CURLcode) -> String {
        var detail = String(cString: errorBuffer)
        if detail.isEmpty { detail = String(cString: curl_easy_strerror(code)) }
        // One line, without a trailing period: callers embed it in a sentence.
        return detail.split(whereSeparator: \.isNewline).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces.union(["."]))
    }

    /// Frees the handle, the header list and the error buffer.
    func cleanup() {
        curl_easy_cleanup(handle)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    private func configureConnection(_ request: HTTPRequest) {
        setLong(CURLOPT_NOSIGNAL, 1)
        _ = folio_curl_easy_setopt_string(handle, CURLOPT_URL, request.url)
        _ = folio_curl_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = folio_curl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        setLong(CURLOPT_CONNECTTIMEOUT_MS, Int(max(1, request.connectTimeout * 1000)))
        setLong(CURLOPT_FOLLOWLOCATION, 0)
        setLong(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1)
        // A proxy's "200 Connection established" must not look like the response head.
        setLong(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1)
        setLong(CURLOPT_TCP_KEEPALIVE, 1)
    }

    private func configureMethod(_ request: HTTPRequest) {
        switch request.method.uppercased() {
        case "GET" where request.body.isEmpty:
            setLong(CURLOPT_HTTPGET, 1)
        case "POST":
            setBody(request.body)
        default:
            _ = folio_curl_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method)
            if !request.body.isEmpty { setBody(request.body) }
        }
    }

    private func setBody(_ body: [UInt8]) {
        setLong(CURLOPT_POST, 1)
        // The size goes first so COPYPOSTFIELDS copies exactly these bytes, zeros included.
        _ = folio_curl_easy_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
        var bytes = body
        bytes.withUnsafeMutableBytes { buffer in
            _ = folio_curl_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, buffer.baseAddress)
        }
    }

    private func configureHeaders(_ request: HTTPRequest) {
        for (name, value) in request.headers {
            // "Name;" is curl's spelling for a header sent with an empty value.
            append(header: value.isEmpty ? "\(name);" : "\(name): \(value)")
        }
        append(header: "Expect:")
        _ = folio_curl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList)
    }

    private func append(header: String) {
        if let extended = curl_slist_append(headerList, header) {
            headerList = extended
        }
    }

    private func configureCallbacks(_ reader: CurlResponseReader) {
        let context = Unmanaged.passUnretained(reader).toOpaque()
        _ = folio_curl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
        _ = folio_curl_easy_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION) { data, size, count, context in
            guard let data, let context else { return 0 }
            let reader = Unmanaged<CurlResponseReader>.fromOpaque(context).takeUnretainedValue()
            reader.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
            return size * count
        }
        _ = folio_curl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
        _ = folio_curl_easy_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
            guard let data, let context else { return 0 }
            let reader = Unmanaged<CurlResponseReader>.fromOpaque(context).takeUnretainedValue()
            // Returning less than was offered makes libcurl abort with CURLE_WRITE_ERROR.
            return reader.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
        }
    }

    private func setLong(_ option: CURLoption, _ value: Int) {
        _ = folio_curl_easy_setopt_long(handle, option, value)
    }
}
