import CHiredis
import FolioCore
import Foundation

/// One hiredis connection, isolated to an actor whose jobs run on a dedicated thread
/// (``ThreadExecutor``), so blocking socket calls never occupy Swift's cooperative pool.
///
/// Connects lazily. A command that fails on a broken connection reconnects and is sent once
/// more; when the server cannot be reached, further attempts wait `retryInterval` seconds so
/// a dead server costs one failed connect per interval, not one per call.
public actor RedisConnection {
    private let url: RedisURL
    private let connectTimeout: Double
    private let commandTimeout: Double
    private let retryInterval: Double
    private let executor: ThreadExecutor
    private var context: UnsafeMutablePointer<redisContext>?
    private var nextAttempt: Double = 0

    /// Runs this actor on its own thread.
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// A connection to `url`, opened on the first command.
    public init(url: RedisURL, connectTimeout: Double = 1, commandTimeout: Double = 5, retryInterval: Double = 5) {
        self.url = url
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.retryInterval = retryInterval
        self.executor = ThreadExecutor(name: "folio.redis")
    }

    isolated deinit {
        if let context { redisFree(context) }
        executor.stop()
    }

    /// Sends one command and returns its reply; a Redis error reply throws ``RedisError/server(_:)``.
    public func command(_ arguments: [Data]) throws -> RedisReply {
        try pipeline([arguments])[0]
    }

    /// Sends several commands in one round trip; replies in order.
    public func pipeline(_ commands: [[Data]]) throws -> [RedisReply] {
        do {
            return try send(commands)
        } catch RedisError.connection where context == nil && nextAttempt == 0 {
            // The connection broke under a command (a restarted server): connect again and resend once.
            return try send(commands)
        }
    }

    /// Closes the connection (a later command reconnects).
    public func close() {
        if let context { redisFree(context) }
        context = nil
    }

    private func send(_ commands: [[Data]]) throws -> [RedisReply] {
        let context = try connected()
        for arguments in commands {
            let status = Self.withArgv(arguments) { argc, argv, lengths in
                redisAppendCommandArgv(context, argc, argv, lengths)
            }
            if status != REDIS_OK { throw broken(context) }
        }
        var replies: [RedisReply] = []
        for _ in commands {
            var raw: UnsafeMutableRawPointer?
            guard redisGetReply(context, &raw) == REDIS_OK, let raw else { throw broken(context) }
            let reply = Self.copy(raw.assumingMemoryBound(to: redisReply.self))
            freeReplyObject(raw)
            replies.append(reply)
        }
        if let failure = replies.first(where: { if case .error = $0 { true } else { false } }), case .error(let text) = failure {
            throw RedisError.server(text)
        }
        return replies
    }

    private func connected() throws -> UnsafeMutablePointer<redisContext> {
        if let context { return context }
        let now = Date().timeIntervalSince1970
        if nextAttempt > now {
            throw RedisError.connection("\(url) was unreachable moments ago; retrying after \(retryInterval) s")
        }
        guard let context = redisConnectWithTimeout(url.host, Int32(url.port), Self.timeval(connectTimeout)) else {
            throw RedisError.connection("cannot allocate a connection")
        }
        if context.pointee.err != 0 {
            let reason = String(cString: folio_redis_errstr(context))
            redisFree(context)
            nextAttempt = now + retryInterval
            throw RedisError.connection("cannot connect to \(url): \(reason)")
        }
        redisSetTimeout(context, Self.timeval(commandTimeout))
        self.context = context
        nextAttempt = 0
        do {
            if let password = url.password {
                let arguments = [Data("AUTH".utf8)] + (url.user.map { [Data($0.utf8)] } ?? []) + [Data(password.value.utf8)]
                _ = try send([arguments])
            }
            if url.database != 0 { _ = try send([[Data("SELECT".utf8), Data(String(url.database).utf8)]]) }
        } catch {
            close()
            nextAttempt = now + retryInterval
            throw RedisError.connection("cannot log in to \(url): \(error)")
        }
        return context
    }

    /// Drops a connection whose socket failed and describes why.
    private func broken(_ context: UnsafeMutablePointer<redisContext>) -> RedisError {
        let reason = context.pointee.err != 0 ? String(cString: folio_redis_errstr(context)) : "connection lost"
        close()
        return .connection("\(url): \(reason)")
    }

    private static func withArgv<T>(_ arguments: [Data], _ body: (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> T) -> T {
        let buffers = arguments.map { data -> UnsafeMutablePointer<CChar> in
            let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: max(1, data.count))
            data.withUnsafeBytes { raw in
                if let base = raw.baseAddress { UnsafeMutableRawPointer(buffer).copyMemory(from: base, byteCount: data.count) }
            }
            return buffer
        }
        defer { buffers.forEach { $0.deallocate() } }
        var argv: [UnsafePointer<CChar>?] = buffers.map { UnsafePointer($0) }
        let lengths = arguments.map(\.count)
        return argv.withUnsafeMutableBufferPointer { argvBuffer in
            lengths.withUnsafeBufferPointer { lengthBuffer in
                body(Int32(arguments.count), argvBuffer.baseAddress!, lengthBuffer.baseAddress!)
            }
        }
    }

    private static func copy(_ reply: UnsafeMutablePointer<redisReply>) -> RedisReply {
        let value = reply.pointee
        switch value.type {
        case REDIS_REPLY_STRING:
            return .string(value.str.map { Data(bytes: $0, count: Int(value.len)) } ?? Data())
        case REDIS_REPLY_STATUS:
            return .status(value.str.map { String(cString: $0) } ?? "")
        case REDIS_REPLY_ERROR:
            return .error(value.str.map { String(cString: $0) } ?? "error")
        case REDIS_REPLY_INTEGER:
            return .integer(Int(value.integer))
        case REDIS_REPLY_ARRAY:
            return .array((0..<Int(value.elements)).compactMap { index in value.element[index].map(copy) })
        default:
            return .null
        }
    }

    private static func timeval(_ seconds: Double) -> Glibc.timeval {
        Glibc.timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - seconds.rounded(.down)) * 1_000_000))
    }
}
