//! A compiled engine as bytes, so that the built-in packs are compiled once,
//! when tactful is built, instead of at every start.
//!
//! Reading the packs' TOML, expanding their patterns and lists into phrases,
//! folding the valence lexicon and building the phrase trie took about
//! 140 million instructions (15–20 ms) before the first word of a draft was
//! read; `tactful check` on a reply is mostly start-up. The build script
//! (`build.rs`) compiles the embedded packs with this same code and writes
//! the engine with [`Engine::to_image`]; at run time [`Engine::from_image`]
//! reads it back, which costs a fraction of that: allocating what the
//! engine holds, and no parsing, folding or expanding. Custom packs
//! (`--prompts DIR`) are still read and compiled at run time.
//!
//! The format is postcard (serde, compact, no schema in the bytes), behind
//! a header naming this format's version and the crate's: an image is only
//! ever read by the build that wrote it, and anything else is refused (the
//! caller then compiles the packs as before).

use std::cell::RefCell;
use std::sync::Arc;

use super::Engine;
use super::pattern::{Word, WordList};

/// What an image starts with: the format's name and version, and the
/// crate's version.
fn header() -> String {
    format!("tactful-engine/1/{}\n", env!("CARGO_PKG_VERSION"))
}

impl Engine {
    /// The engine as bytes (see the module's documentation).
    pub fn to_image(&self) -> Result<Vec<u8>, String> {
        let _scope = Scope::new();
        // The engine first, which numbers the words of its phrases; then
        // the words, which are read first.
        let body = postcard::to_stdvec(self).map_err(|e| e.to_string())?;
        let mut words: Vec<(u32, Word)> = WORDS_WRITTEN.with(|w| {
            w.borrow()
                .iter()
                .map(|(word, &n)| (n, word.clone()))
                .collect()
        });
        words.sort_unstable_by_key(|(n, _)| *n);
        let words: Vec<&str> = words.iter().map(|(_, w)| &**w).collect();
        let mut out = header().into_bytes();
        out.extend_from_slice(
            &postcard::to_stdvec(&(words, Bytes(&body))).map_err(|e| e.to_string())?,
        );
        Ok(out)
    }

    /// An engine from bytes written by [`Engine::to_image`] of this build.
    pub fn from_image(bytes: &[u8]) -> Result<Engine, String> {
        let header = header();
        let image = bytes
            .strip_prefix(header.as_bytes())
            .ok_or("not an engine image of this build")?;
        let damaged = |e: postcard::Error| format!("a damaged engine image: {e}");
        let (words, body): (Vec<&str>, &[u8]) = postcard::from_bytes(image).map_err(damaged)?;
        let _scope = Scope::new();
        WORDS_READ.with(|r| {
            let mut r = r.borrow_mut();
            r.extend(words.into_iter().map(Word::from));
        });
        let mut engine: Engine = postcard::from_bytes(body).map_err(damaged)?;
        engine.starts = super::prefilter::Starts::new(&engine.library.rules);
        Ok(engine)
    }
}

/// Bytes written as one run rather than number by number.
struct Bytes<'a>(&'a [u8]);

impl serde::Serialize for Bytes<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(self.0)
    }
}

thread_local! {
    /// Word lists already written, by address: a list shared by many
    /// patterns is written once and referred to by number after that.
    static WRITTEN: RefCell<Vec<*const WordList>> = const { RefCell::new(Vec::new()) };
    /// Word lists already read, by number.
    static READ: RefCell<Vec<Arc<WordList>>> = const { RefCell::new(Vec::new()) };
    /// Words already written, by number: the tens of thousands of words in
    /// the patterns' phrases are a few thousand distinct ones.
    static WORDS_WRITTEN: RefCell<rustc_hash::FxHashMap<Word, u32>> = RefCell::new(Default::default());
    /// Words already read, by number.
    static WORDS_READ: RefCell<Vec<Word>> = const { RefCell::new(Vec::new()) };
}

/// Clears the shared-list tables when an image starts and ends.
struct Scope;

impl Scope {
    fn new() -> Scope {
        Scope::clear();
        Scope
    }

    fn clear() {
        WRITTEN.with(|w| w.borrow_mut().clear());
        READ.with(|r| r.borrow_mut().clear());
        WORDS_WRITTEN.with(|w| w.borrow_mut().clear());
        WORDS_READ.with(|r| r.borrow_mut().clear());
    }
}

impl Drop for Scope {
    fn drop(&mut self) {
        Scope::clear();
    }
}

/// Word lists shared between patterns stay shared in the image: the first
/// time a list is met its entries are written, after that its number.
/// Lists are read back in the order they were written, so the numbers
/// match; the index of first words is rebuilt by [`WordList::new`].
pub(crate) mod shared_list {
    use super::*;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize)]
    enum Out<'a> {
        New(#[serde(with = "super::words")] &'a [Vec<Word>]),
        Seen(u32),
    }

    #[derive(Deserialize)]
    enum In {
        New(#[serde(with = "super::words")] Vec<Vec<Word>>),
        Seen(u32),
    }

    pub fn serialize<S: Serializer>(list: &Arc<WordList>, s: S) -> Result<S::Ok, S::Error> {
        let ptr = Arc::as_ptr(list);
        let seen = WRITTEN.with(|w| {
            let mut w = w.borrow_mut();
            match w.iter().position(|p| *p == ptr) {
                Some(i) => Some(i as u32),
                None => {
                    w.push(ptr);
                    None
                }
            }
        });
        match seen {
            Some(i) => Out::Seen(i).serialize(s),
            None => Out::New(&list.phrases).serialize(s),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Arc<WordList>, D::Error> {
        match In::deserialize(d)? {
            In::New(phrases) => {
                let list = Arc::new(WordList::new(phrases));
                READ.with(|r| r.borrow_mut().push(list.clone()));
                Ok(list)
            }
            In::Seen(i) => READ
                .with(|r| r.borrow().get(i as usize).cloned())
                .ok_or_else(|| {
                    serde::de::Error::custom("a word list referred to before it was read")
                }),
        }
    }
}

/// Phrases (runs of words) as the numbers of their words, packed: the
/// distinct words are written once, ahead of the engine (see
/// [`Engine::to_image`]), and reading a phrase shares them instead of
/// allocating each word again.
pub(crate) mod words {
    use super::*;
    use serde::{Deserialize, Deserializer, Serializer};

    /// All the phrases as one run of little-endian numbers: for each
    /// phrase its length, then its words' numbers.
    pub fn serialize<S: Serializer>(phrases: &[Vec<Word>], s: S) -> Result<S::Ok, S::Error> {
        let packed: Vec<u8> = WORDS_WRITTEN.with(|w| {
            let mut w = w.borrow_mut();
            let mut out = Vec::new();
            for p in phrases {
                out.extend_from_slice(&(p.len() as u32).to_le_bytes());
                for word in p {
                    let next = w.len() as u32;
                    let n = *w.entry(word.clone()).or_insert(next);
                    out.extend_from_slice(&n.to_le_bytes());
                }
            }
            out
        });
        s.serialize_bytes(&packed)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec<Word>>, D::Error> {
        let packed = <&'de [u8]>::deserialize(d)?;
        let damaged = || serde::de::Error::custom("damaged phrases in the image");
        let mut numbers = packed
            .chunks_exact(4)
            .map(|n| u32::from_le_bytes([n[0], n[1], n[2], n[3]]) as usize);
        WORDS_READ.with(|r| {
            let r = r.borrow();
            let mut out = Vec::new();
            while let Some(len) = numbers.next() {
                let mut phrase = Vec::with_capacity(len);
                for _ in 0..len {
                    let n = numbers.next().ok_or_else(damaged)?;
                    phrase.push(r.get(n).cloned().ok_or_else(damaged)?);
                }
                out.push(phrase);
            }
            Ok(out)
        })
    }
}

/// Arrays of numbers written as their bytes and read back in one pass,
/// rather than number by number: the matcher's tables hold hundreds of
/// thousands of them.
pub(crate) mod packed {
    use serde::{Deserialize, Deserializer, Serializer};

    /// A number of fixed width, little-endian in the image.
    pub trait Packed: Sized + Copy {
        const WIDTH: usize;
        fn put(self, out: &mut Vec<u8>);
        fn take(bytes: &[u8]) -> Self;
    }

    impl Packed for u32 {
        const WIDTH: usize = 4;
        fn put(self, out: &mut Vec<u8>) {
            out.extend_from_slice(&self.to_le_bytes());
        }
        fn take(b: &[u8]) -> Self {
            u32::from_le_bytes([b[0], b[1], b[2], b[3]])
        }
    }

    impl Packed for u64 {
        const WIDTH: usize = 8;
        fn put(self, out: &mut Vec<u8>) {
            out.extend_from_slice(&self.to_le_bytes());
        }
        fn take(b: &[u8]) -> Self {
            u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
        }
    }

    impl Packed for bool {
        const WIDTH: usize = 1;
        fn put(self, out: &mut Vec<u8>) {
            out.push(u8::from(self));
        }
        fn take(b: &[u8]) -> Self {
            b[0] != 0
        }
    }

    pub fn serialize<T: Packed, S: Serializer>(v: &[T], s: S) -> Result<S::Ok, S::Error> {
        let mut out = Vec::with_capacity(v.len() * T::WIDTH);
        for &x in v {
            x.put(&mut out);
        }
        s.serialize_bytes(&out)
    }

    pub fn deserialize<'de, T: Packed, D: Deserializer<'de>>(d: D) -> Result<Vec<T>, D::Error> {
        let bytes = <&[u8]>::deserialize(d)?;
        if bytes.len() % T::WIDTH != 0 {
            return Err(serde::de::Error::custom(
                "a packed array of the wrong length",
            ));
        }
        Ok(bytes.chunks_exact(T::WIDTH).map(T::take).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Context;

    /// An engine read from an image finds, fits and scores exactly what
    /// the engine it was written from does.
    #[test]
    fn an_engine_read_back_reads_drafts_alike() {
        let built = Engine::new(crate::packs::builtin().unwrap()).unwrap();
        let image = built.to_image().unwrap();
        let read = Engine::from_image(&image).unwrap();
        assert_eq!(read.phrases(), built.phrases());
        assert_eq!(read.library().rules.len(), built.library().rules.len());
        let draft = "You always ignore this, you m0ron. Obviously you never read the docs!! \
            I understand your frustration, but no. It sounds like you're tired of waiting. \
            Thanks for the report; I might be wrong, but I think it's the cache. \
            Would you be open to a call? Calm down, sweetie, it's just a warning.\n\n\
            > you always say that\n\nWhat do you think went wrong? I'm sorry it cost you a day.";
        let ctx = Context {
            answering: Some("The release broke our builds and cost us a day of work."),
            ..Context::default()
        };
        let (a, b) = (built.analyze(draft, &ctx), read.analyze(draft, &ctx));
        assert!(a.findings.len() > 10, "{:?}", a.findings);
        assert_eq!(a.findings, b.findings);
        assert_eq!(a.scores, b.scores);
        assert_eq!(a.contributions, b.contributions);
    }

    #[test]
    fn a_foreign_or_damaged_image_is_refused() {
        assert!(Engine::from_image(b"not an image").is_err());
        let image = Engine::new(crate::packs::builtin().unwrap())
            .unwrap()
            .to_image()
            .unwrap();
        assert!(Engine::from_image(&image[..image.len() / 2]).is_err());
    }
}
