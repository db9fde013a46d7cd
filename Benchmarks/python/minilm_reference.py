"""Reference token ids and embeddings of all-MiniLM-L6-v2, from sentence-transformers.

Run once in a throwaway virtualenv (pip install torch sentence-transformers) to
(re)make Sources/FolioTesting/Fixtures/minilm-reference.json:

    python Benchmarks/python/minilm_reference.py models/all-MiniLM-L6-v2 OUT.json
"""
import json
import sys

from sentence_transformers import SentenceTransformer, models

TEXTS = [
    "The key is hidden under the blue stone.",
    "Hello, world!",
    "a",
    "",
    "   leading and trailing spaces   ",
    "The lighthouse keeper had a scar across his left cheek, a souvenir of the storm of '68.",
    "Café déjà vu: naïve résumé façade, Ærøskøbing and Øresund.",
    "Ünïcödé àccents ÀÉÎÕÜ should be stripped by BERT's basic tokenizer.",
    "中文字符测试：我爱北京天安门。",
    "日本語のテキストとカタカナ、ひらがなの混在。",
    "한국어 문장도 포함합니다.",
    "Mixed 中文 and English, with punctuation!?",
    "Numbers 3.14159, 2,718 and 1e-10; dates 2024-05-17; times 12:30pm.",
    "Emoji 😀🚀 and symbols © ® ™ § ¶ — – … « » “quotes” ‘single’",
    "tabs\tand\nnewlines\r\nand\u00a0no-break\u2003spaces",
    "Control\u0000chars\u0007and\u200bzero\ufeffwidth",
    "supercalifragilisticexpialidocious antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis",
    "x" * 120,
    "URLs like https://example.com/path?query=1&b=2 and emails like someone@example.org",
    "Code: func add(_ a: Int, _ b: Int) -> Int { return a + b } // adds",
    "Ελληνικά κείμενα με τόνους: Αθήνα, Θεσσαλονίκη.",
    "Русский текст: Ёлка, йогурт и щука.",
    "עברית וערבית: مرحبا بالعالم",
    "हिन्दी पाठ और ग्रीक αβγ",
    "The quick brown fox jumps over the lazy dog. " * 3,
    "In chapter three the heroine learns that her father buried the map beneath the old oak by the mill, "
    "and that only the miller's daughter remembers where the oak once stood. She sets out at dawn.",
    "A long passage. " + " ".join(f"Sentence number {i} describes the harbour, the ships and the gulls." for i in range(60)),
    "She whispered: \"Don't go!\" — but he'd already left (without his coat).",
    "UPPER CASE TEXT SHOULD MATCH LOWER CASE TEXT",
    "upper case text should match lower case text",
    "İstanbul, straße, ǅungla, ﬁnance, Ⅻ, ①②",
    "The council met at midnight; nobody spoke of the missing ledger.",
]


def main() -> None:
    path, out = sys.argv[1], sys.argv[2]
    transformer = models.Transformer(path, max_seq_length=256)
    pooling = models.Pooling(transformer.get_word_embedding_dimension(), "mean")
    model = SentenceTransformer(modules=[transformer, pooling, models.Normalize()], device="cpu")
    tokenizer = transformer.tokenizer
    embeddings = model.encode(TEXTS, batch_size=8, convert_to_numpy=True)
    records = []
    for text, vector in zip(TEXTS, embeddings):
        ids = tokenizer(text, truncation=True, max_length=256)["input_ids"]
        records.append({
            "text": text,
            "ids": ids,
            "tokens": tokenizer.convert_ids_to_tokens(ids),
            "embedding": [float(f"{x:.8g}") for x in vector.tolist()],
        })
    with open(out, "w", encoding="utf-8") as handle:
        json.dump({"model": "sentence-transformers/all-MiniLM-L6-v2", "max_tokens": 256, "texts": records},
                  handle, ensure_ascii=False)


if __name__ == "__main__":
    main()
