"""cl100k_base reference ids from tiktoken, built offline from models/cl100k_base.tiktoken.

    python3 Benchmarks/python/cl100k_reference.py fixture OUT.json   # writes the parity fixture
    python3 Benchmarks/python/cl100k_reference.py time FILE ROUNDS IDS  # times encode on FILE's text

`time` prints one JSON line, {"seconds": best encode time, "count": tokens}, and writes the
ids as a JSON array to IDS. Only the encode call is timed.
"""
import json
import os
import sys
import time

import tiktoken
import tiktoken.load

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PATTERN = (r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*"""
           r"""|\s*[\r\n]+|\s+(?!\S)|\s+""")


def encoding():
    ranks = tiktoken.load.load_tiktoken_bpe(os.path.join(ROOT, "models", "cl100k_base.tiktoken"))
    return tiktoken.Encoding(name="cl100k_base_offline", pat_str=PATTERN, mergeable_ranks=ranks,
                             special_tokens={"<|endoftext|>": 100257, "<|fim_prefix|>": 100258,
                                             "<|fim_middle|>": 100259, "<|fim_suffix|>": 100260,
                                             "<|endofprompt|>": 100276})


CORPUS = [
    "",
    "Hello, world!",
    "The quick brown fox jumps over the lazy dog.",
    "  leading spaces and trailing spaces   ",
    "tabs\tand\t\ttabs\t",
    "line one\nline two\r\nline three\n\n\n   \n  indented",
    "     \n\n    \t  \r\n x",
    "I'm sure they'll say it's fine, we've done what you'd want, they're here. DON'T SHOUT, IT'S LOUD. 'S 'T 'Re 'VE 'LL 'D 'M",
    "ſ 'ſ Kelvin 'K '",
    "Numbers: 1 12 123 1234 12345 3.14159 -42 1,000,000 0x1F 2024-01-01 ½ ² Ⅻ ٣٤٥",
    "中文字符测试，这是一个句子。日本語のテキストもあります。한국어 문장입니다.",
    "Emoji: 👋🏽 👨‍👩‍👧‍👦 🏳️‍🌈 ❤️ 🇫🇷 😀😃😄",
    "func encode(_ text: String) -> [Int] {\n    var x = 0 // comment\n    return [x, y] + z?.map { $0 * 2 }\n}\n",
    "def f(a, b=2, *args, **kwargs):\n\treturn {'a': a, \"b\": b}  # done\n",
    "Supercalifragilisticexpialidocious " + "a" * 300 + " " + "abc" * 200,
    "Pneumonoultramicroscopicsilicovolcanoconiosis and antidisestablishmentarianism",
    "Mixed: Ελληνικά русский текст العربية עברית हिन्दी ภาษาไทย Tiếng Việt",
    "<|endoftext|> special tokens as text <|fim_prefix|><|endofprompt|>",
    "!!!???...,,,;;;:::---___===+++***&&&^^^%%%$$$###@@@~~~```|||\\\\///",
    "   !!!\n\n??? \n",
    "https://example.com/path?query=1&b=two#frag user@example.org",
    "café naïve résumé coöperate façade Zürich Ærøskøbing",
    "e\u0301 combining marks a\u0308\u0308 \u200b zero width \u00a0nbsp\u2003em\u3000ideographic",
    "\u2028line separator\u2029paragraph",
    "ALLCAPS CamelCaseWords snake_case_words kebab-case-words",
    "He said, \"Don't!\" and she replied: 'I won't.'",
    "1st 2nd 3rd 4th 100th 1990s '90s",
    "   ",
    "\n",
    "a",
    " ",
    "\r\n\r\n",
    "End with space ",
    "Ends with newline and spaces\n   ",
    "Chapter 17: The Long Road Home\n\nThe rain had not stopped for three days. Elena counted the drops.",
    "∑∫√∞≠≤≥ → ← ↑ ↓ ★ ☆ ♠ ♣",
    "Ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝕞𝕒𝕥𝕙 𝓈𝒸𝓇𝒾𝓅𝓉",
    "'''' '' ' 's's 'll'll",
    "x" * 1000,
    "🙂" * 50,
    "日本" * 100,
    "1234567890" * 10,
]


def random_cases(count=300, seed=100):
    """Deterministic random strings mixing every class the pre-tokenizer tells apart."""
    import random
    rng = random.Random(seed)
    pool = (list("abcXYZ019 .,!?;:-_'\"()[]{}<>|/\\@#$%^&*+=~`") + [" ", "  ", "\t", "\n", "\r", "\r\n", "\n\n",
            "\u00a0", "\u3000", "\u2003", "\u2028", "\u0085", "\x0b", "\x0c"] +
            ["'s", "'S", "'t", "'re", "'VE", "'m", "'ll", "'Ll", "'d", "\u017f", "'\u017f"] +
            list("éßøŁДжשׁع中文日本語한국어ไทย") + ["\u0301", "\u0308", "\u200d", "\ufe0f", "\u200b"] +
            ["👋", "🏽", "👨\u200d👩\u200d👧", "🇫🇷", "😀"] + list("½²Ⅻ٣४") + ["Hello", "world", " the", "1234567"])
    return ["".join(rng.choice(pool) for _ in range(rng.randint(1, 40))) for _ in range(count)]


def main():
    enc = encoding()
    if sys.argv[1] == "fixture":
        cases = [{"text": text, "ids": enc.encode_ordinary(text)} for text in CORPUS + random_cases()]
        with open(sys.argv[2], "w", encoding="utf-8") as out:
            json.dump(cases, out, ensure_ascii=False, indent=0)
            out.write("\n")
    elif sys.argv[1] == "time":
        with open(sys.argv[2], encoding="utf-8", newline="") as f:  # keep \r\n as it is
            text = f.read()
        rounds = int(sys.argv[3])
        best = float("inf")
        ids = []
        for _ in range(rounds):
            started = time.perf_counter()
            ids = enc.encode_ordinary(text)
            best = min(best, time.perf_counter() - started)
        with open(sys.argv[4], "w") as out:
            json.dump(ids, out)
        print(json.dumps({"seconds": best, "count": len(ids)}))


if __name__ == "__main__":
    main()
