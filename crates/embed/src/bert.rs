//! The candle BERT sentence embedder.

use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config as BertConfig, HiddenAct};
use docent_core::{ModelConfig, TokenCount};
use std::borrow::Cow;

use tokenizers::normalizers::NormalizerWrapper;
use tokenizers::pre_tokenizers::PreTokenizerWrapper;
use tokenizers::{Tokenizer, TruncationDirection, TruncationParams, TruncationStrategy};

use crate::cpu::{Encoder, Shape};
use crate::{Embedder, Error, Result};

/// A BERT-family sentence-transformer run with candle.
pub struct BertEmbedder {
    backend: Backend,
    tokenizer: Tokenizer,
    counter: TokenCounter,
    model_id: String,
    dimension: usize,
    max_tokens: usize,
    batch_size: usize,
    /// (layers, hidden, intermediate), for counting floating-point work.
    layout: (usize, usize, usize),
}

/// Where the forward pass runs: the CPU encoder of [`crate::cpu`], or candle's BERT on a GPU.
enum Backend {
    Cpu(Encoder),
    Candle { model: BertModel, device: Device },
}

/// Counts model tokens (no special tokens, no padding, no truncation), for sizing chunks.
#[derive(Clone)]
pub struct TokenCounter {
    tokenizer: Tokenizer,
    /// Whether every run of whitespace is only a split between words to this tokenizer, so a
    /// text counts the same with each run read as one space (see [`one_space_per_run`]).
    whitespace_splits_only: bool,
    /// Whether the pre-tokenizer is BERT's, which also isolates each punctuation character.
    splits_at_punctuation: bool,
}

impl TokenCounter {
    /// Loads only the tokenizer of a model directory: cheap, for chunking without the model.
    pub fn load(dir: &Path) -> Result<Self> {
        let path = dir.join("tokenizer.json");
        if !path.exists() {
            return Err(Error::ModelMissing {
                path: path.display().to_string(),
            });
        }
        let mut tokenizer = Tokenizer::from_file(&path).map_err(|e| Error::BadModel {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        // The shipped tokenizer.json pads and truncates everything to 128 tokens.
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(None)
            .map_err(|e| Error::Tokenizer(e.to_string()))?;
        let whitespace_splits_only = whitespace_splits_only(&tokenizer);
        let splits_at_punctuation = matches!(
            tokenizer.get_pre_tokenizer(),
            Some(PreTokenizerWrapper::BertPreTokenizer(_))
        );
        Ok(TokenCounter {
            tokenizer,
            whitespace_splits_only,
            splits_at_punctuation,
        })
    }
}

impl TokenCounter {
    /// The longest prefix of `text` that holds at most `max` model tokens (special tokens not
    /// counted), cut at a token's end; the whole text when it fits or cannot be tokenised.
    pub fn truncate<'a>(&self, text: &'a str, max: usize) -> &'a str {
        let Ok(enc) = self.tokenizer.encode(text, false) else {
            return text;
        };
        if enc.len() <= max {
            return text;
        }
        let end = enc
            .get_offsets()
            .get(max.saturating_sub(1))
            .map_or(0, |&(_, end)| end);
        text.get(..end).unwrap_or(text)
    }
}

/// Whether `tokenizer` drops whitespace and splits words at it, whatever the run's length: a
/// BERT normalizer (or none) before a BERT, `Whitespace` or `WhitespaceSplit` pre-tokenizer.
/// Byte-level and SentencePiece tokenizers keep whitespace as tokens, so they do not qualify.
fn whitespace_splits_only(tokenizer: &Tokenizer) -> bool {
    let normalizer_keeps_splits = matches!(
        tokenizer.get_normalizer(),
        None | Some(NormalizerWrapper::BertNormalizer(_))
    );
    let splits_at_whitespace = matches!(
        tokenizer.get_pre_tokenizer(),
        Some(
            PreTokenizerWrapper::BertPreTokenizer(_)
                | PreTokenizerWrapper::Whitespace(_)
                | PreTokenizerWrapper::WhitespaceSplit(_)
        )
    );
    normalizer_keeps_splits && splits_at_whitespace
}

/// `text` with each run of two or more whitespace characters read as one space, or as nothing
/// when the BERT normalizer deletes every character of it (vertical tab, form feed and NEL
/// are controls to it, though whitespace to Rust). The tokenizer walks every character
/// through Unicode tables, so a text that is mostly indentation (a list nested hundreds deep,
/// a column-aligned table) cost it time out of proportion to its words: the chunker sizes
/// each candidate span many times.
fn one_space_per_run(text: &str) -> Cow<'_, str> {
    /// Whitespace the BERT normalizer keeps (as a space) rather than deletes.
    fn kept(c: char) -> bool {
        matches!(c, '\t' | '\n' | '\r') || !c.is_control()
    }
    let mut out: Option<String> = None;
    let mut run: Option<(usize, usize, bool)> = None; // (start, characters, any kept)
    let end_run = |out: &mut Option<String>, run: Option<(usize, usize, bool)>, at: usize| {
        let Some((start, n, any_kept)) = run else {
            return;
        };
        if n >= 2 {
            let o = out.get_or_insert_with(|| text[..start].to_string());
            if any_kept {
                o.push(' ');
            }
        } else if let Some(o) = out.as_mut() {
            o.push_str(&text[start..at]);
        }
    };
    for (at, c) in text.char_indices() {
        if c.is_whitespace() {
            run = Some(match run {
                Some((start, n, k)) => (start, n + 1, k || kept(c)),
                None => (at, 1, kept(c)),
            });
            continue;
        }
        end_run(&mut out, run.take(), at);
        if let Some(o) = out.as_mut() {
            o.push(c);
        }
    }
    end_run(&mut out, run.take(), text.len());
    out.map_or(Cow::Borrowed(text), Cow::Owned)
}

impl TokenCount for TokenCounter {
    /// A long span is first counted on a prefix cut before whitespace: its words are the
    /// span's first words, tokenised alike, so a prefix over `limit` proves the span is. The
    /// chunker asks of every candidate span whether it fits, and a sentence of 100,000 words
    /// (a transcript or a log with no full stop) was counted whole for each chunk cut from it.
    fn count_tokens_past(&self, text: &str, limit: usize) -> usize {
        let prefix_bytes = limit.saturating_mul(16).max(4096);
        if !self.whitespace_splits_only || text.len() <= prefix_bytes * 2 {
            return self.count_tokens(text);
        }
        let mut cut = prefix_bytes;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        // A BERT pre-tokenizer also isolates each punctuation character: text with no space
        // for kilobytes (minified JSON, a long CSV line) is cut after one.
        let end = text[..cut].rfind(char::is_whitespace).or_else(|| {
            self.splits_at_punctuation
                .then(|| {
                    text[..cut]
                        .rfind(|c: char| c.is_ascii_punctuation())
                        .map(|p| p + 1)
                })
                .flatten()
        });
        if let Some(end) = end {
            let counted = self.count_tokens(&text[..end]);
            if counted > limit {
                return counted;
            }
        }
        self.count_tokens(text)
    }

    fn count_tokens(&self, text: &str) -> usize {
        let read = if self.whitespace_splits_only {
            one_space_per_run(text)
        } else {
            Cow::Borrowed(text)
        };
        self.tokenizer
            .encode(read.as_ref(), false)
            .map(|e| e.len())
            // A text the tokenizer rejects is sized by bytes, an overestimate that keeps
            // chunks within budget.
            .unwrap_or(text.len())
    }
}

fn need(path: PathBuf) -> Result<PathBuf> {
    if path.exists() {
        Ok(path)
    } else {
        Err(Error::ModelMissing {
            path: path.display().to_string(),
        })
    }
}

impl BertEmbedder {
    /// Loads the model directory named by `cfg.dir` onto `cfg.device`.
    pub fn load(cfg: &ModelConfig) -> Result<Self> {
        let dir = PathBuf::from(&cfg.dir);
        if !dir.is_dir() {
            return Err(Error::ModelMissing {
                path: dir.display().to_string(),
            });
        }
        let device = device(&cfg.device)?;
        let config_path = need(dir.join("config.json"))?;
        let weights_path = need(dir.join("model.safetensors"))?;
        let bad = |p: &Path, e: &dyn std::fmt::Display| Error::BadModel {
            path: p.display().to_string(),
            message: e.to_string(),
        };
        let config_text =
            std::fs::read_to_string(&config_path).map_err(|e| bad(&config_path, &e))?;
        let config: BertConfig =
            serde_json::from_str(&config_text).map_err(|e| bad(&config_path, &e))?;
        let raw: serde_json::Value =
            serde_json::from_str(&config_text).map_err(|e| bad(&config_path, &e))?;
        let dimension = raw["hidden_size"].as_u64().unwrap_or(0) as usize;
        let position_limit = raw["max_position_embeddings"].as_u64().unwrap_or(512) as usize;
        let backend = if device.is_cpu() {
            if config.hidden_act != HiddenAct::Gelu {
                return Err(bad(
                    &config_path,
                    &format!(
                        "activation {:?} is not supported on the CPU (BERT's \"gelu\" is)",
                        config.hidden_act
                    ),
                ));
            }
            let shape = Shape {
                hidden: config.hidden_size,
                heads: config.num_attention_heads,
                intermediate: config.intermediate_size,
                eps: config.layer_norm_eps as f32,
            };
            Backend::Cpu(Encoder::load(
                &weights_path,
                shape,
                config.num_hidden_layers,
                config.max_position_embeddings,
            )?)
        } else {
            let weights = std::fs::read(&weights_path).map_err(|e| bad(&weights_path, &e))?;
            let vb = VarBuilder::from_buffered_safetensors(weights, DType::F32, &device)
                .map_err(|e| bad(&weights_path, &e))?;
            let model = BertModel::load(vb, &config).map_err(|e| bad(&weights_path, &e))?;
            Backend::Candle { model, device }
        };

        let counter = TokenCounter::load(&dir)?;
        let mut tokenizer = counter.tokenizer.clone();
        let max_tokens = cfg.max_tokens.clamp(8, position_limit);
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: max_tokens,
                strategy: TruncationStrategy::LongestFirst,
                stride: 0,
                direction: TruncationDirection::Right,
            }))
            .map_err(|e| Error::Tokenizer(e.to_string()))?;
        let name = dir
            .canonicalize()
            .unwrap_or(dir.clone())
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "model".into());
        Ok(BertEmbedder {
            backend,
            tokenizer,
            counter,
            model_id: name,
            dimension,
            max_tokens,
            batch_size: cfg.batch_size.max(1),
            layout: (
                config.num_hidden_layers,
                config.hidden_size,
                config.intermediate_size,
            ),
        })
    }

    /// The tokenizer used for chunk sizing (no padding, no truncation).
    pub fn token_counter(&self) -> &TokenCounter {
        &self.counter
    }

    /// Floating-point operations of the model's matrix work for these texts, as embedded
    /// (special tokens added, truncated, no padding): per layer and token the four projections
    /// and the two feed-forward products, plus per input the attention products (2 x n^2 x
    /// hidden, twice). Element-wise work is not counted.
    pub fn matrix_flops(&self, texts: &[&str]) -> Result<f64> {
        let (layers, h, inter) = self.layout;
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|e| Error::Tokenizer(e.to_string()))?;
        let per_token = 2.0 * (4.0 * (h * h) as f64 + 2.0 * (h * inter) as f64);
        Ok(encodings
            .iter()
            .map(|e| {
                let n = e.len() as f64;
                layers as f64 * (n * per_token + 4.0 * n * n * h as f64)
            })
            .sum())
    }

    fn forward(&self, encodings: &[&tokenizers::Encoding]) -> Result<Vec<Vec<f32>>> {
        match &self.backend {
            Backend::Cpu(encoder) => {
                let ids: Vec<&[u32]> = encodings.iter().map(|e| e.get_ids()).collect();
                encoder.embed(&ids)
            }
            Backend::Candle { model, device } => candle_forward(model, device, encodings),
        }
    }
}

/// candle's BERT on a padded batch, mean-pooled over real tokens and L2-normalised.
fn candle_forward(
    model: &BertModel,
    device: &Device,
    encodings: &[&tokenizers::Encoding],
) -> Result<Vec<Vec<f32>>> {
    let rows = encodings.len();
    let width = encodings.iter().map(|e| e.len()).max().unwrap_or(0).max(1);
    let mut ids = vec![0u32; rows * width];
    let mut mask = vec![0u32; rows * width];
    for (r, e) in encodings.iter().enumerate() {
        for (c, id) in e.get_ids().iter().enumerate() {
            ids[r * width + c] = *id;
            mask[r * width + c] = 1;
        }
    }
    let compute = |e: candle_core::Error| Error::Compute(e.to_string());
    let ids = Tensor::from_vec(ids, (rows, width), device).map_err(compute)?;
    let mask = Tensor::from_vec(mask, (rows, width), device).map_err(compute)?;
    let types = ids.zeros_like().map_err(compute)?;
    let hidden = model.forward(&ids, &types, Some(&mask)).map_err(compute)?;
    // Mean pooling over real tokens, then L2 normalisation.
    let mask_f = mask
        .to_dtype(DType::F32)
        .and_then(|m| m.unsqueeze(2))
        .map_err(compute)?;
    let summed = hidden
        .broadcast_mul(&mask_f)
        .and_then(|h| h.sum(1))
        .map_err(compute)?;
    let counts = mask_f
        .sum(1)
        .and_then(|c| c.clamp(1e-9, f32::MAX))
        .map_err(compute)?;
    let mean = summed.broadcast_div(&counts).map_err(compute)?;
    let norm = mean
        .sqr()
        .and_then(|s| s.sum_keepdim(1))
        .and_then(|s| s.sqrt())
        .and_then(|s| s.clamp(1e-12, f32::MAX))
        .map_err(compute)?;
    let unit = mean.broadcast_div(&norm).map_err(compute)?;
    unit.to_vec2::<f32>().map_err(compute)
}

fn device(name: &str) -> Result<Device> {
    match name {
        "cpu" => Ok(Device::Cpu),
        "cuda" => Device::new_cuda(0).map_err(|e| Error::Device {
            device: name.into(),
            message: format!(
                "{e} (build with `--features cuda` on a machine with the CUDA toolkit)"
            ),
        }),
        other => Err(Error::Device {
            device: other.into(),
            message: "expected \"cpu\" or \"cuda\"".into(),
        }),
    }
}

impl Embedder for BertEmbedder {
    /// The truncation length in tokens.
    fn max_tokens(&self) -> usize {
        self.max_tokens
    }

    fn model_id(&self) -> &str {
        &self.model_id
    }

    fn dimension(&self) -> usize {
        self.dimension
    }

    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|e| Error::Tokenizer(e.to_string()))?;
        // Sort by length so each batch pads to a similar width.
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(encodings[i].len()));
        let mut out = vec![Vec::new(); texts.len()];
        for batch in order.chunks(self.batch_size) {
            let encs: Vec<&tokenizers::Encoding> = batch.iter().map(|&i| &encodings[i]).collect();
            let vectors = self.forward(&encs)?;
            for (&i, v) in batch.iter().zip(vectors) {
                out[i] = if texts[i].trim().is_empty() {
                    vec![0.0; self.dimension]
                } else {
                    v
                };
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_whitespace_run_reads_as_one_space_or_nothing() {
        assert_eq!(one_space_per_run("a b\nc"), "a b\nc");
        assert!(matches!(one_space_per_run("a b"), Cow::Borrowed(_)));
        assert_eq!(one_space_per_run("a  \t\n b"), "a b");
        assert_eq!(
            one_space_per_run("\n\n    - x\u{3000}\u{3000}y  "),
            " - x y "
        );
        assert_eq!(one_space_per_run("é\u{a0} \u{a0}ß"), "é ß");
        // Vertical tab, form feed and NEL are deleted by the normalizer: a run of only them
        // is nothing, with a space in it a space.
        assert_eq!(one_space_per_run("a\u{b}\u{c}b"), "ab");
        assert_eq!(one_space_per_run("a\u{b} b"), "a b");
        assert_eq!(one_space_per_run("a\u{b}b\u{85}c"), "a\u{b}b\u{85}c");
    }

    /// Counting with each run read as one space must give the tokenizer's own count, or chunks
    /// would change size: texts with every kind of whitespace run, control characters between
    /// spaces, punctuation and CJK next to runs, and every file of the sample corpus.
    #[test]
    fn counts_with_runs_read_as_one_space_equal_the_tokenizers_own() {
        let Some(cfg) = crate::testing::model_config() else {
            return;
        };
        let counter = TokenCounter::load(Path::new(&cfg.dir)).expect("tokenizer loads");
        assert!(
            counter.whitespace_splits_only,
            "the shipped tokenizer reads whitespace as splits only"
        );
        let own = |t: &str| counter.tokenizer.encode(t, false).unwrap().len();
        let mut texts: Vec<String> = vec![
            "  - a\n      - b  \t c\r\n\r\n1.   x".into(),
            "word\u{0001}  \u{0007} word\u{0000}   \u{fffd}  end".into(),
            "a\u{b} b\u{c}\u{c}c \u{85}\u{85} d\u{b}\u{b}\u{b}e\u{85}f".into(),
            "日本語  の　\u{3000} テキスト ,  ; (  x  )".into(),
            "\u{a0}\u{a0}café\u{2003}\u{2003}naïve\u{200b} \u{200b}zero".into(),
            " ".repeat(5000) + "tail" + &"\t".repeat(300),
        ];
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
        let mut stack = vec![corpus];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("corpus folder reads") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else if let Ok(text) = std::fs::read_to_string(&path) {
                    texts.push(text);
                }
            }
        }
        assert!(texts.len() > 10, "the sample corpus was read");
        // Counting past a limit: exact up to it, above it when the text is; spaced text and
        // text with no space (a minified JSON line) alike.
        for long in [
            "word ".repeat(20_000) + "end",
            r#"{"key":"value","n":[1,2,3]},"#.repeat(4_000),
        ] {
            for limit in [8, 256, 19_999, 20_000, 20_001, 30_000, 200_000] {
                let past = counter.count_tokens_past(&long, limit);
                let own = own(&long);
                if own <= limit {
                    assert_eq!(past, own, "limit {limit}");
                } else {
                    assert!(past > limit, "limit {limit}: {past}");
                }
            }
        }
        for t in &texts {
            for limit in [16, 256] {
                let past = counter.count_tokens_past(t, limit);
                let own = own(t);
                assert!(past == own || (own > limit && past > limit), "{limit}");
            }
        }
        for t in &texts {
            assert_eq!(
                counter.count_tokens(t),
                own(t),
                "{:?}",
                &t[..t.len().min(60)]
            );
        }
    }
}
