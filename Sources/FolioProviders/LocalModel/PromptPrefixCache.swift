import FolioCore
import FolioHTTP
import Foundation
import Logging

/// Gives requests that begin with the same messages (``ChatRequest/sharedPrefix``: an outline's
/// worked example) a server slot holding those messages already evaluated, restored from
/// ``SavedPrompts`` in a few milliseconds instead of read again: llama-server's slot save and
/// restore. The first server to need a prefix evaluates it alone and saves it.
///
/// A request is pinned to an idle slot, and the prefix is restored into it just before the
/// request is sent: every such request starts from the same evaluated prefix, and a seeded
/// request draws the same answer whether the file was written a moment ago or long before.
///
/// llama-server clears its idle slots when a task arrives, so a slot restored and left idle
/// would be lost to the next request sent: after a restore, the next one waits until the
/// restored slot's request has begun answering. Any failure (no such endpoints, a file the
/// server will not read) leaves the request unpinned, as it would be without this cache.
actor PromptPrefixCache {
    /// A slot lent to one request: give it back with ``began(_:)`` and ``ended(_:)``.
    struct Lease: Sendable {
        fileprivate let id: Int
        /// The slot the request is to be sent to.
        let slot: Int
    }

    private let files: SavedPrompts
    private let identity: String
    private let slots: Int
    private let transport: any Transport
    /// The server the slots below are of; a new one (a restart) starts afresh.
    private var rootURL = ""
    /// The prefix each slot was last given.
    private var lastKey: [Int: String] = [:]
    private var inFlight: [Int: Int] = [:]
    /// The lease whose restored slot must be in use before another restore.
    private var holder: Int?
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var leases = 0

    private static let logger = FolioLogging.logger("local-model")

    /// A cache saving prompts in `files`, for the server `identity` names (model file, server
    /// binary, context size: a saved prompt is only for the server that wrote it), with `slots` slots.
    init(files: SavedPrompts, identity: String, slots: Int, transport: any Transport) {
        self.files = files
        self.identity = identity
        self.slots = max(1, slots)
        self.transport = transport
    }

    /// A cache saving prompts in `folder` for the servers `server` describes: a saved prompt is
    /// only for the model file, server binary and context size that wrote it.
    init(folder: String, server: LocalModelServer.Configuration, transport: any Transport) {
        // Set-up links the server binary anew each time: the identity is of the file linked to.
        let files = [server.modelPath, server.serverPath].map {
            ModelFileIdentity.of(path: URL(fileURLWithPath: $0).resolvingSymlinksInPath().path)
        }
        self.init(files: SavedPrompts(folder: folder), identity: files.joined(separator: "|") + "|\(server.contextSize)",
                  slots: server.slots, transport: transport)
    }

    /// A slot of the server at `rootURL` holding `prefix` evaluated, for one request; `nil` when
    /// none can be had (the request then goes unpinned).
    ///
    /// An idle slot is restored, one that last held this prefix first: requests sharing a prefix
    /// (the middle chapters of a plan) are answered side by side, each in a slot of its own. When
    /// every slot is answering, the request waits for one answering the same prefix, which it
    /// finds there when its turn comes.
    func lease(_ prefix: [ChatMessage], rootURL: String) async -> Lease? {
        if rootURL != self.rootURL {
            self.rootURL = rootURL
            lastKey = [:]
            inFlight = [:]
        }
        let key = Self.key(of: prefix, identity: identity)
        leases += 1
        let id = leases
        while holder != nil { await withCheckedContinuation { waiting.append($0) } }
        let idle = (0..<slots).filter { inFlight[$0, default: 0] == 0 }
        guard let slot = idle.first(where: { lastKey[$0] == key }) ?? idle.first(where: { lastKey[$0] == nil }) ?? idle.first
        else {
            guard let busy = (0..<slots).first(where: { lastKey[$0] == key }) else { return nil }
            inFlight[busy, default: 0] += 1
            return Lease(id: 0, slot: busy)
        }
        holder = id
        inFlight[slot, default: 0] += 1
        guard await load(key, prefix: prefix, slot: slot) else {
            inFlight[slot, default: 0] -= 1
            lastKey[slot] = nil
            openGate(for: id)
            return nil
        }
        lastKey[slot] = key
        return Lease(id: id, slot: slot)
    }

    /// The leased request has begun answering: its slot is no longer idle.
    func began(_ lease: Lease) {
        openGate(for: lease.id)
    }

    /// The leased request ended (answered, failed or cancelled).
    func ended(_ lease: Lease) {
        // At least 0: a lease of a server since restarted ends after the counts started afresh.
        inFlight[lease.slot] = max(0, inFlight[lease.slot, default: 0] - 1)
        openGate(for: lease.id)
    }

    private func openGate(for id: Int) {
        guard id != 0, holder == id else { return }
        holder = nil
        let resumed = waiting
        waiting = []
        resumed.forEach { $0.resume() }
    }

    /// Puts `prefix` evaluated into `slot`: restored from its file, or evaluated and saved.
    private func load(_ key: String, prefix: [ChatMessage], slot: Int) async -> Bool {
        let name = SavedPrompts.fileName(key)
        if files.isIntact(key), await post("/slots/\(slot)?action=restore", ["filename": name]) != nil {
            files.touch(key)
            return true
        }
        let messages = prefix.map { ["role": $0.role.rawValue, "content": $0.content] }
        guard let rendered = await post("/apply-template", ["messages": messages])?["prompt"] as? String,
              await post("/completion", ["prompt": rendered, "n_predict": 0, "id_slot": slot, "cache_prompt": true]) != nil
        else { return false }
        if let saved = await post("/slots/\(slot)?action=save", ["filename": SavedPrompts.draftName(key)]),
           let written = saved["n_written"] as? Int {
            do {
                try files.seal(key, written: written)
                files.touch(key)
            } catch {
                Self.logger.info("evaluated prompt not saved", metadata: ["key": "\(key)"])
            }
        }
        return true
    }

    /// The answer of `POST path` with `body`, as a JSON object; `nil` unless it is one with status 200.
    private func post(_ path: String, _ body: [String: Any]) async -> [String: Any]? {
        guard let data = try? JSONSerialization.data(withJSONObject: body) else { return nil }
        let request = HTTPRequest(method: "POST", url: rootURL + path, headers: [("Content-Type", "application/json")],
                                  body: Array(data), connectTimeout: 5, idleTimeout: 60)
        guard let (status, bytes) = try? await transport.response(to: request) else { return nil }
        guard status == 200 else {
            Self.logger.debug("prompt cache call refused", metadata: ["path": "\(path)", "status": "\(status)"])
            return nil
        }
        return (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any]
    }

    /// The file key of `prefix` for the server `identity` names.
    static func key(of prefix: [ChatMessage], identity: String) -> String {
        ContentHash.of(([identity] + prefix.map { $0.role.rawValue + "\u{1}" + $0.content }).joined(separator: "\u{2}"))
    }
}
