@testable import FolioCache
import FolioProviders
import Foundation
import Testing

@Suite struct CacheKeyTests {
    @Test func sha256MatchesTheNISTVectors() {
        #expect(SHA256.hex("abc".utf8) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("".utf8) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(Array(repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    static let base = ChatRequest(
        messages: [ChatMessage(.system, "You write books."), ChatMessage(.user, "Chapter 1.")],
        model: "m", maxTokens: 100, temperature: 0.7, stop: ["END"], jsonSchema: nil,
        frequencyPenalty: 0.5, presencePenalty: 0.3, purpose: "chapter:the-keeper:1")

    @Test func keysAreStableReadableAndNameThePurpose() {
        let key = CacheKey.chat(Self.base, route: "local=smollm2")
        #expect(key == CacheKey.chat(Self.base, route: "local=smollm2"))
        #expect(key.hasPrefix("chapter:the-keeper:1:"))
        #expect(key.count == "chapter:the-keeper:1:".count + 64)
        var plain = Self.base
        plain.purpose = nil
        #expect(CacheKey.chat(plain, route: "r").hasPrefix("chat:"))
        plain.purpose = "odd purpose*[x]"
        #expect(CacheKey.chat(plain, route: "r").hasPrefix("odd-purpose--x-:"))
        #expect(CacheKey.kind(of: key) == "chapter")
        #expect(CacheKey.embedding(model: "minilm", texts: ["a", "b"]).hasPrefix("embed:minilm:"))
        #expect(CacheKey.embedding(model: "minilm", texts: ["a", "b"]) != CacheKey.embedding(model: "minilm", texts: ["ab"]))
    }

    @Test func everythingThatChangesTheAnswerChangesTheKey() {
        let original = CacheKey.chat(Self.base, route: "local=smollm2")
        var variants: [ChatRequest] = []
        func variant(_ change: (inout ChatRequest) -> Void) {
            var request = Self.base
            change(&request)
            variants.append(request)
        }
        variant { $0.model = "other" }
        variant { $0.model = nil }
        variant { $0.messages[1].content = "Chapter 2." }
        variant { $0.messages[0].role = .user }
        variant { $0.messages.append(ChatMessage(.assistant, "")) }
        variant { $0.temperature = 0.70000001 }
        variant { $0.temperature = nil }
        variant { $0.maxTokens = 101 }
        variant { $0.stop = [] }
        variant { $0.stop = ["EN", "D"] }
        variant { $0.jsonSchema = "{}" }
        variant { $0.frequencyPenalty = 0.4 }
        variant { $0.presencePenalty = nil }
        variant { $0.continuesAnswer = true }
        let keys = variants.map { CacheKey.chat($0, route: "local=smollm2") }
        #expect(!keys.contains(original))
        #expect(Set(keys).count == keys.count)
        #expect(CacheKey.chat(Self.base, route: "openai=gpt-4o-mini") != original)
        // Merging two messages must not collide with the pair.
        var merged = Self.base
        merged.messages = [ChatMessage(.system, "You write books.Chapter 1.")]
        #expect(CacheKey.chat(merged, route: "local=smollm2") != original)
    }

    @Test func entriesSurviveEncodingAndRejectDamage() {
        let entry = CacheEntry(key: "chapter:b:1:x", value: Data("hello".utf8), expiresAt: 1234.5)
        let encoded = entry.encoded()
        #expect(CacheEntry.decode(encoded) == entry)
        #expect(CacheEntry.key(inHeader: encoded) == "chapter:b:1:x")
        #expect(CacheEntry.decode(encoded.dropLast()) == nil)
        #expect(CacheEntry.decode(encoded + Data([0])) == nil)
        var flipped = encoded
        flipped[flipped.count - 2] ^= 0x01
        #expect(CacheEntry.decode(flipped) == nil)
        let forever = CacheEntry(key: "k", value: Data(), expiresAt: nil)
        #expect(CacheEntry.decode(forever.encoded()) == forever)
    }

    @Test func ttlPolicyGoesByKind() {
        let policy = CacheTTLPolicy(seconds: ["chapter": 10, "default": 5, "embed": 0])
        #expect(policy.ttl(for: "chapter:b:1:x") == .seconds(10))
        #expect(policy.ttl(for: "chat:x") == .seconds(5))
        #expect(policy.ttl(for: "embed:m:x") == nil)
    }
}
