//! The serde forms of the engine image (see `image`): what makes the
//! compiled engine small to write and quick to read. Word lists shared by
//! many patterns stay shared, the words of phrases are written once and
//! referred to by number, and arrays of numbers are written as bytes.
//!
//! Fields opt in with `#[serde(with = "crate::serial::…")]`; the tables
//! that number lists and words live for one image, while a [`Tables`] is
//! held.

use std::cell::RefCell;
use std::sync::Arc;

use crate::wordlist::{Word, WordList};

/// The distinct words of the phrases written so far, in the order of
/// their numbers: what an image writes ahead of the engine.
pub(crate) fn written_words() -> Vec<Word> {
    let mut words: Vec<(u32, Word)> = WORDS_WRITTEN.with(|w| {
        w.borrow()
            .iter()
            .map(|(word, &n)| (n, word.clone()))
            .collect()
    });
    words.sort_unstable_by_key(|(n, _)| *n);
    words.into_iter().map(|(_, w)| w).collect()
}

/// Takes the words an image wrote ahead of the engine, numbered in order,
/// for the phrases read after them.
pub(crate) fn read_words<'a>(words: impl IntoIterator<Item = &'a str>) {
    WORDS_READ.with(|r| {
        let mut r = r.borrow_mut();
        r.extend(words.into_iter().map(Word::from));
    });
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

/// Clears the shared-list tables when an image starts and ends: hold one
/// while writing or reading an image.
pub(crate) struct Tables;

impl Tables {
    pub(crate) fn open() -> Tables {
        Tables::clear();
        Tables
    }

    fn clear() {
        WRITTEN.with(|w| w.borrow_mut().clear());
        READ.with(|r| r.borrow_mut().clear());
        WORDS_WRITTEN.with(|w| w.borrow_mut().clear());
        WORDS_READ.with(|r| r.borrow_mut().clear());
    }
}

impl Drop for Tables {
    fn drop(&mut self) {
        Tables::clear();
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
/// `Engine::to_image`), and reading a phrase shares them instead of
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

    impl Packed for (u32, u32) {
        const WIDTH: usize = 8;
        fn put(self, out: &mut Vec<u8>) {
            out.extend_from_slice(&self.0.to_le_bytes());
            out.extend_from_slice(&self.1.to_le_bytes());
        }
        fn take(b: &[u8]) -> Self {
            (
                u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
                u32::from_le_bytes([b[4], b[5], b[6], b[7]]),
            )
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

/// Pack files' texts, where a built-in file is written as its name alone
/// and read back as the text the crate carries (`packs::embedded`),
/// borrowed: the image need not hold, nor start-up check as UTF-8 and copy,
/// what the binary already holds.
pub(crate) mod sources {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::borrow::Cow;
    use std::collections::HashMap;

    use crate::packs::embedded::FILES;

    type Files = HashMap<String, Cow<'static, str>>;

    /// The text the crate carries for a file named as errors show it.
    fn embedded(name: &str) -> Option<&'static str> {
        let file = name.strip_prefix("prompts/")?;
        FILES
            .iter()
            .find(|(f, _)| *f == file)
            .map(|(_, text)| *text)
    }

    #[derive(Serialize)]
    enum Out<'a> {
        Embedded(&'a str),
        Text(&'a str, &'a str),
    }

    #[derive(Deserialize)]
    enum In<'a> {
        Embedded(&'a str),
        Text(&'a str, &'a str),
    }

    pub fn serialize<S: Serializer>(files: &Files, s: S) -> Result<S::Ok, S::Error> {
        let mut out: Vec<Out> = files
            .iter()
            .map(|(name, text)| match embedded(name) {
                Some(e) if e == text => Out::Embedded(name),
                _ => Out::Text(name, text),
            })
            .collect();
        // The same packs, the same bytes.
        out.sort_by_key(|o| match o {
            Out::Embedded(n) | Out::Text(n, _) => *n,
        });
        out.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Files, D::Error> {
        Vec::<In<'de>>::deserialize(d)?
            .into_iter()
            .map(|f| match f {
                In::Embedded(name) => embedded(name)
                    .map(|text| (name.to_string(), Cow::Borrowed(text)))
                    .ok_or_else(|| {
                        serde::de::Error::custom(format!("no built-in pack file {name}"))
                    }),
                In::Text(name, text) => Ok((name.to_string(), Cow::Owned(text.to_string()))),
            })
            .collect()
    }
}
