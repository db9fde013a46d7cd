"""Reference ids of the local model's own tokenizer, from its llama-server's /tokenize.

    python3 Benchmarks/python/smollm2_reference.py URL OUT.json

URL is a running llama-server with models/SmolLM2-135M-Instruct.Q4_1.gguf loaded
(e.g. http://127.0.0.1:18931). The texts are the cl100k parity corpus plus chat markers
and digit runs.
"""
import json
import os
import sys
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def tokenize(url, text):
    request = urllib.request.Request(url + "/tokenize", data=json.dumps({"content": text}).encode(),
                                     headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(request))["tokens"]


def main():
    url, out = sys.argv[1], sys.argv[2]
    with open(os.path.join(ROOT, "Sources/FolioTesting/Fixtures/cl100k-parity.json"), encoding="utf-8") as f:
        texts = [case["text"] for case in json.load(f)]
    texts += ["<|im_start|>user\nHello 12345 world<|im_end|>\n", "<|endoftext|>x<|endoftext|>", "3.14159 and 2024-01-01",
              "I'm here, you're there; it's HE'S 'S", "  two  spaces   three\n\n\tTab"]
    cases = [{"text": text, "ids": tokenize(url, text)} for text in texts]
    with open(out, "w", encoding="utf-8") as f:
        json.dump(cases, f, ensure_ascii=False, indent=0)
        f.write("\n")


if __name__ == "__main__":
    main()
