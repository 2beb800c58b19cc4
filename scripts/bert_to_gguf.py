#!/usr/bin/env python3
"""Converts a BERT-family sentence-transformer directory (config.json, tokenizer.json,
model.safetensors, modules.json), such as all-MiniLM-L6-v2, into a GGUF file that llama.cpp's
`llama-server --embeddings` serves on `/v1/embeddings`.

Written for the `[model] backend = "openai"` real-server test (scripts/llm-server.sh
start-embeddings): llama.cpp's own converter needs PyTorch and transformers; this one needs
only numpy and the `gguf` package (both from PyPI), and writes the same metadata and tensor
names as llama.cpp's BertModel conversion, weights in F32.

    bert_to_gguf.py MODEL_DIR OUT.gguf
"""

import json
import struct
import sys
from pathlib import Path

import gguf
import numpy as np

DTYPES = {"F32": np.float32, "F16": np.float16, "BF16": None, "I64": np.int64}


def read_safetensors(path):
    """Yields (name, array) for every tensor of a safetensors file."""
    raw = path.read_bytes()
    (header_len,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + header_len])
    base = 8 + header_len
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        dtype = info["dtype"]
        if dtype not in DTYPES:
            raise SystemExit(f"{path}: tensor {name} has unsupported dtype {dtype}")
        buf = raw[base + start : base + end]
        if dtype == "BF16":
            bits = np.frombuffer(buf, dtype=np.uint16).astype(np.uint32) << 16
            arr = bits.view(np.float32)
        else:
            arr = np.frombuffer(buf, dtype=DTYPES[dtype])
        yield name, arr.reshape(info["shape"])


def gguf_name(name, names):
    """The llama.cpp tensor name for a Hugging Face BERT tensor, or None for an unused one."""
    name = name.removeprefix("bert.")
    if name.endswith(".gamma"):
        name = name[: -len(".gamma")] + ".weight"
    if name.endswith(".beta"):
        name = name[: -len(".beta")] + ".bias"
    if name in ("embeddings.position_ids", "pooler.dense.weight", "pooler.dense.bias"):
        return None
    if name.startswith("cls."):
        return None
    mapped = names.get_name(name, try_suffixes=(".weight", ".bias"))
    if mapped is None:
        raise SystemExit(f"cannot map tensor {name!r} to a llama.cpp BERT tensor")
    return mapped


def vocabulary(model_dir):
    """Tokens in id order (WordPiece continuation '##x' as 'x', word starts with the
    phantom-space prefix, special tokens as they are) and their GGUF token types."""
    tok = json.loads((model_dir / "tokenizer.json").read_text(encoding="utf-8"))
    vocab = tok["model"]["vocab"]
    special = {t["content"] for t in tok.get("added_tokens", []) if t.get("special")}
    by_id = {i: t for t, i in vocab.items()}
    tokens, types = [], []
    for i in range(max(by_id) + 1):
        t = by_id.get(i)
        if t is None:
            tokens.append(f"[PAD{i}]")
            types.append(gguf.TokenType.UNUSED)
        elif t in special:
            tokens.append(t)
            types.append(gguf.TokenType.CONTROL)
        else:
            tokens.append(t[2:] if t.startswith("##") else "\u2581" + t)
            types.append(gguf.TokenType.NORMAL)
    return tokens, types, vocab


def pooling(model_dir):
    modules = model_dir / "modules.json"
    if not modules.is_file():
        return gguf.PoolingType.MEAN
    for m in json.loads(modules.read_text()):
        if m["type"].endswith("Pooling"):
            cfg = json.loads((model_dir / m["path"] / "config.json").read_text())
            if cfg.get("pooling_mode_cls_token"):
                return gguf.PoolingType.CLS
            return gguf.PoolingType.MEAN
    return gguf.PoolingType.MEAN


def convert(model_dir, out):
    hp = json.loads((model_dir / "config.json").read_text())
    if hp.get("model_type") != "bert":
        raise SystemExit(f"{model_dir}/config.json: model_type {hp.get('model_type')!r} is not bert")
    blocks = hp["num_hidden_layers"]
    w = gguf.GGUFWriter(str(out), "bert")
    w.add_name(model_dir.resolve().name)
    w.add_block_count(blocks)
    w.add_context_length(hp["max_position_embeddings"])
    w.add_embedding_length(hp["hidden_size"])
    w.add_feed_forward_length(hp["intermediate_size"])
    w.add_head_count(hp["num_attention_heads"])
    w.add_layer_norm_eps(hp.get("layer_norm_eps", 1e-12))
    w.add_causal_attention(False)
    w.add_pooling_type(pooling(model_dir))
    w.add_file_type(gguf.LlamaFileType.ALL_F32)

    tokens, types, vocab = vocabulary(model_dir)
    w.add_token_type_count(hp.get("type_vocab_size", 1))
    w.add_tokenizer_model("bert")
    w.add_tokenizer_pre("default")
    w.add_token_list(tokens)
    w.add_token_types(types)
    # BERT's inputs open with [CLS] (llama.cpp's BOS) and close with [SEP].
    for kind, tok in (("bos", "[CLS]"), ("sep", "[SEP]"), ("unk", "[UNK]"), ("pad", "[PAD]"),
                      ("mask", "[MASK]")):
        if tok in vocab:
            getattr(w, f"add_{kind}_token_id")(vocab[tok])

    names = gguf.TensorNameMap(gguf.MODEL_ARCH.BERT, blocks)
    for name, arr in read_safetensors(model_dir / "model.safetensors"):
        mapped = gguf_name(name, names)
        if mapped is not None:
            w.add_tensor(mapped, np.ascontiguousarray(arr, dtype=np.float32))

    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    convert(Path(sys.argv[1]), Path(sys.argv[2]))
