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

/// Arrays of numbers as their little-endian bytes, read in place: an
/// engine read from the binary's own image ([`Engine::from_static_image`])
/// looks its matcher's tables up in the image itself instead of copying
/// them (3.5 MB, most of the image: copying them was a fifth of start-up,
/// and a page fault for every 4 KiB of the copy); read from other bytes,
/// the tables are copied once.
///
/// Written by hand rather than with a zero-copy crate: the image is
/// postcard, whose byte runs have no alignment, and reading each number
/// with `from_le_bytes` (one unaligned load) needs neither alignment nor a
/// layout crate.
///
/// [`Engine::from_static_image`]: crate::Engine::from_static_image
pub(crate) mod packed {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::borrow::Cow;
    use std::cell::Cell;
    use std::marker::PhantomData;

    /// A number of fixed width, little-endian in the image.
    pub trait Packed: Sized + Copy {
        const WIDTH: usize;
        fn put(self, out: &mut Vec<u8>);
        /// From exactly `WIDTH` bytes.
        fn take(bytes: &[u8]) -> Self;
    }

    impl Packed for u32 {
        const WIDTH: usize = 4;
        fn put(self, out: &mut Vec<u8>) {
            out.extend_from_slice(&self.to_le_bytes());
        }
        #[inline]
        fn take(b: &[u8]) -> Self {
            u32::from_le_bytes([b[0], b[1], b[2], b[3]])
        }
    }

    impl Packed for u64 {
        const WIDTH: usize = 8;
        fn put(self, out: &mut Vec<u8>) {
            out.extend_from_slice(&self.to_le_bytes());
        }
        #[inline]
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
        #[inline]
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
        #[inline]
        fn take(b: &[u8]) -> Self {
            b[0] != 0
        }
    }

    thread_local! {
        /// The image being read, while an engine is read from bytes that
        /// live as long as the program: tables within it are borrowed.
        static IN_PLACE: Cell<Option<&'static [u8]>> = const { Cell::new(None) };
    }

    /// While held, tables read from within `image` borrow it.
    pub(crate) struct InPlace(Option<&'static [u8]>);

    impl InPlace {
        pub(crate) fn open(image: &'static [u8]) -> InPlace {
            InPlace(IN_PLACE.with(|c| c.replace(Some(image))))
        }
    }

    impl Drop for InPlace {
        fn drop(&mut self) {
            IN_PLACE.with(|c| c.set(self.0));
        }
    }

    /// `bytes` as part of the image being read in place, if it is.
    fn in_place(bytes: &[u8]) -> Option<&'static [u8]> {
        let image = IN_PLACE.with(Cell::get)?;
        let start = (bytes.as_ptr() as usize).checked_sub(image.as_ptr() as usize)?;
        image.get(start..start.checked_add(bytes.len())?)
    }

    /// An array of `T` as its bytes (see the module's documentation).
    pub struct Table<T> {
        bytes: Cow<'static, [u8]>,
        of: PhantomData<T>,
    }

    impl<T: Packed> Table<T> {
        pub fn new(items: &[T]) -> Table<T> {
            let mut out = Vec::with_capacity(items.len() * T::WIDTH);
            for &x in items {
                x.put(&mut out);
            }
            Table {
                bytes: Cow::Owned(out),
                of: PhantomData,
            }
        }

        #[inline]
        pub fn len(&self) -> usize {
            self.bytes.len() / T::WIDTH
        }

        /// Item `i`; panics past the end, as indexing a slice does.
        #[inline]
        pub fn get(&self, i: usize) -> T {
            T::take(&self.bytes[i * T::WIDTH..][..T::WIDTH])
        }

        /// Items `start..end`.
        #[inline]
        pub fn range(&self, start: usize, end: usize) -> impl Iterator<Item = T> + '_ {
            self.bytes[start * T::WIDTH..end * T::WIDTH]
                .chunks_exact(T::WIDTH)
                .map(T::take)
        }

        pub fn iter(&self) -> impl Iterator<Item = T> + '_ {
            self.range(0, self.len())
        }

        /// Whether the table is read in place from an image.
        #[cfg(test)]
        pub fn in_place(&self) -> bool {
            matches!(self.bytes, Cow::Borrowed(_))
        }
    }

    impl<T> Serialize for Table<T> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(&self.bytes)
        }
    }

    impl<'de, T: Packed> Deserialize<'de> for Table<T> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Table<T>, D::Error> {
            let bytes = <&'de [u8]>::deserialize(d)?;
            if bytes.len() % T::WIDTH != 0 {
                return Err(serde::de::Error::custom(
                    "a packed array of the wrong length",
                ));
            }
            let bytes = match in_place(bytes) {
                Some(image) => Cow::Borrowed(image),
                None => Cow::Owned(bytes.to_vec()),
            };
            Ok(Table {
                bytes,
                of: PhantomData,
            })
        }
    }

    /// Bytes read in place where they can be (see [`Table`]).
    pub struct Bytes(pub Cow<'static, [u8]>);

    impl Serialize for Bytes {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(&self.0)
        }
    }

    impl<'de> Deserialize<'de> for Bytes {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Bytes, D::Error> {
            let bytes = <&'de [u8]>::deserialize(d)?;
            Ok(Bytes(match in_place(bytes) {
                Some(image) => Cow::Borrowed(image),
                None => Cow::Owned(bytes.to_vec()),
            }))
        }
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
