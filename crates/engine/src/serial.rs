//! The serde forms of the engine image (see `image`): what makes the
//! compiled engine small to write and quick to read. Word lists shared by
//! many patterns are written once, ahead of the engine, and referred to by
//! number; so are the words of phrases; arrays of numbers are written as
//! bytes; and the rules' compiled patterns are read when first used (see
//! [`Lazy`]), not at start.
//!
//! Fields opt in with `#[serde(with = "crate::serial::…")]` or by their
//! type; the tables that number lists and words live for one image, while
//! a [`Tables`] is held (writing) or a [`Reading`] is (reading).

use std::cell::RefCell;
use std::sync::{Arc, OnceLock};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::wordlist::{Word, WordList};
use packed::{Bytes, Table};

thread_local! {
    /// Word lists already written, in the order of their numbers.
    static LISTS_WRITTEN: RefCell<Vec<Arc<WordList>>> = const { RefCell::new(Vec::new()) };
    /// Words already written, by number: the tens of thousands of words in
    /// the patterns' phrases are a few thousand distinct ones.
    static WORDS_WRITTEN: RefCell<rustc_hash::FxHashMap<Word, u32>> = RefCell::new(Default::default());
    /// The words and lists of the image being read.
    static READING: RefCell<Option<Arc<Shared>>> = const { RefCell::new(None) };
}

/// Clears the numbering tables when an image starts and ends being written:
/// hold one while writing an image.
pub(crate) struct Tables;

impl Tables {
    pub(crate) fn open() -> Tables {
        Tables::clear();
        Tables
    }

    fn clear() {
        LISTS_WRITTEN.with(|w| w.borrow_mut().clear());
        WORDS_WRITTEN.with(|w| w.borrow_mut().clear());
    }

    /// The word lists written so far, each as its phrases packed (see
    /// [`words`]): what an image writes ahead of the engine. Numbers the
    /// lists' words, so it comes before [`Tables::words`].
    pub(crate) fn lists(&self) -> Vec<Vec<u8>> {
        let lists = LISTS_WRITTEN.with(|w| w.borrow().clone());
        lists.iter().map(|l| words::pack(&l.phrases)).collect()
    }

    /// The distinct words written so far, in the order of their numbers,
    /// as one run of text and where each starts (one more for the end).
    pub(crate) fn words(&self) -> (String, Vec<u32>) {
        let mut words: Vec<(u32, Word)> = WORDS_WRITTEN.with(|w| {
            w.borrow()
                .iter()
                .map(|(word, &n)| (n, word.clone()))
                .collect()
        });
        words.sort_unstable_by_key(|(n, _)| *n);
        let mut text = String::new();
        let mut starts = Vec::with_capacity(words.len() + 1);
        for (_, w) in words {
            starts.push(text.len() as u32);
            text.push_str(&w);
        }
        starts.push(text.len() as u32);
        (text, starts)
    }
}

impl Drop for Tables {
    fn drop(&mut self) {
        Tables::clear();
    }
}

/// The words and word lists an image writes ahead of the engine, which
/// the patterns refer to by number: each read when a pattern that uses it
/// is first read, and kept.
pub(crate) struct Shared {
    text: Bytes,
    starts: Table<u32>,
    words: Vec<OnceLock<Word>>,
    lists: Vec<(Bytes, OnceLock<Arc<WordList>>)>,
}

impl Shared {
    pub(crate) fn new(text: Bytes, starts: Table<u32>, lists: Vec<Bytes>) -> Shared {
        let n = starts.len().saturating_sub(1);
        Shared {
            text,
            starts,
            words: (0..n).map(|_| OnceLock::new()).collect(),
            lists: lists.into_iter().map(|b| (b, OnceLock::new())).collect(),
        }
    }

    fn word(&self, n: usize) -> Result<Word, String> {
        let cell = self.words.get(n).ok_or("a word out of range")?;
        if let Some(w) = cell.get() {
            return Ok(w.clone());
        }
        let (start, end) = (self.starts.get(n) as usize, self.starts.get(n + 1) as usize);
        let bytes = self.text.0.get(start..end).ok_or("a word out of range")?;
        let word = std::str::from_utf8(bytes).map_err(|e| e.to_string())?;
        Ok(cell.get_or_init(|| Word::from(word)).clone())
    }

    fn list(&self, n: usize) -> Result<Arc<WordList>, String> {
        let (bytes, cell) = self.lists.get(n).ok_or("a word list out of range")?;
        if let Some(l) = cell.get() {
            return Ok(l.clone());
        }
        let list = Arc::new(WordList::new(words::unpack(&bytes.0, self)?));
        Ok(cell.get_or_init(|| list).clone())
    }
}

/// The tables of the image being read on this thread, while held.
pub(crate) struct Reading(Option<Arc<Shared>>);

impl Reading {
    pub(crate) fn open(shared: Arc<Shared>) -> Reading {
        Reading(READING.with(|r| r.borrow_mut().replace(shared)))
    }
}

impl Drop for Reading {
    fn drop(&mut self) {
        READING.with(|r| *r.borrow_mut() = self.0.take());
    }
}

fn reading<E: serde::de::Error>() -> Result<Arc<Shared>, E> {
    READING
        .with(|r| r.borrow().clone())
        .ok_or_else(|| E::custom("a part of an engine image read outside one"))
}

/// A value read from the image when first used: the rules' compiled
/// patterns are most of what reading an image allocated (a hundred rules,
/// 1,700 patterns, tens of thousands of values), and a reply meets few of
/// them. The image holds the value as bytes of its own; reading the image
/// keeps those bytes (in place when the image lives as long as the
/// program) with the image's words and lists, and the first use reads the
/// value from them. A value made in memory is simply held.
pub struct Lazy<T> {
    value: OnceLock<T>,
    /// The value's bytes and the tables they refer to, until it is read.
    image: Option<(Bytes, Arc<Shared>)>,
}

impl<T: DeserializeOwned> Lazy<T> {
    /// The value, read now if it has not been; an error if its bytes are
    /// damaged.
    #[inline]
    pub fn read(&self) -> Result<&T, String> {
        match self.value.get() {
            Some(v) => Ok(v),
            None => self.read_now(),
        }
    }

    #[cold]
    fn read_now(&self) -> Result<&T, String> {
        let (bytes, shared) = self.image.as_ref().ok_or("a value with neither")?;
        let value = {
            let _reading = Reading::open(shared.clone());
            postcard::from_bytes::<T>(&bytes.0).map_err(|e| e.to_string())?
        };
        Ok(self.value.get_or_init(|| value))
    }
}

impl<T> Lazy<T> {
    /// Whether the value has been read (or was made in memory).
    pub fn is_read(&self) -> bool {
        self.value.get().is_some()
    }
}

impl<'a, T: DeserializeOwned> IntoIterator for &'a Lazy<Vec<T>> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        (**self).iter()
    }
}

impl<T> From<T> for Lazy<T> {
    fn from(value: T) -> Lazy<T> {
        Lazy {
            value: OnceLock::from(value),
            image: None,
        }
    }
}

impl<T: Default> Default for Lazy<T> {
    fn default() -> Lazy<T> {
        Lazy::from(T::default())
    }
}

/// Only an image made by this build is read lazily (see
/// `Engine::from_static_image`; `Engine::from_image` reads every part at
/// once and returns what is damaged as an error), so a part that does not
/// read is a broken build.
impl<T: DeserializeOwned> std::ops::Deref for Lazy<T> {
    type Target = T;
    #[inline]
    fn deref(&self) -> &T {
        match self.read() {
            Ok(v) => v,
            Err(e) => panic!("a damaged engine image: {e}"),
        }
    }
}

impl<T: DeserializeOwned> std::ops::DerefMut for Lazy<T> {
    fn deref_mut(&mut self) -> &mut T {
        let _ = &**self;
        // Changed, the value no longer is what the bytes say.
        self.image = None;
        self.value.get_mut().expect("read above")
    }
}

impl<T: DeserializeOwned + Clone> Clone for Lazy<T> {
    fn clone(&self) -> Lazy<T> {
        match self.value.get() {
            Some(v) => Lazy::from(v.clone()),
            None => Lazy {
                value: OnceLock::new(),
                image: self
                    .image
                    .as_ref()
                    .map(|(b, s)| (Bytes(b.0.clone()), s.clone())),
            },
        }
    }
}

impl<T: DeserializeOwned + std::fmt::Debug> std::fmt::Debug for Lazy<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.read() {
            Ok(v) => v.fmt(f),
            Err(e) => write!(f, "<damaged: {e}>"),
        }
    }
}

impl<T: DeserializeOwned + PartialEq> PartialEq for Lazy<T> {
    fn eq(&self, other: &Lazy<T>) -> bool {
        **self == **other
    }
}

/// Written as bytes of its own, with the image's tables.
impl<T: Serialize + DeserializeOwned> Serialize for Lazy<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let value = self.read().map_err(serde::ser::Error::custom)?;
        let bytes = postcard::to_stdvec(value).map_err(serde::ser::Error::custom)?;
        s.serialize_bytes(&bytes)
    }
}

impl<'de, T> Deserialize<'de> for Lazy<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Lazy<T>, D::Error> {
        let bytes = Bytes::deserialize(d)?;
        Ok(Lazy {
            value: OnceLock::new(),
            image: Some((bytes, reading()?)),
        })
    }
}

/// Word lists shared between patterns stay shared in the image: written
/// once ahead of the engine (see [`Tables::lists`]) and referred to by
/// number; the index of first words is rebuilt by [`WordList::new`] when a
/// pattern using the list is first read.
pub(crate) mod shared_list {
    use super::*;

    pub fn serialize<S: Serializer>(list: &Arc<WordList>, s: S) -> Result<S::Ok, S::Error> {
        let n = LISTS_WRITTEN.with(|w| {
            let mut w = w.borrow_mut();
            match w.iter().position(|l| Arc::ptr_eq(l, list)) {
                Some(i) => i,
                None => {
                    w.push(list.clone());
                    w.len() - 1
                }
            }
        });
        s.serialize_u32(n as u32)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Arc<WordList>, D::Error> {
        let n = u32::deserialize(d)?;
        reading()?
            .list(n as usize)
            .map_err(serde::de::Error::custom)
    }
}

/// Phrases (runs of words) as the numbers of their words, packed: the
/// distinct words are written once, ahead of the engine (see
/// [`Tables::words`]), and reading a phrase shares them instead of
/// allocating each word again.
pub(crate) mod words {
    use super::*;

    /// All the phrases as one run of little-endian numbers: for each
    /// phrase its length, then its words' numbers.
    pub(super) fn pack(phrases: &[Vec<Word>]) -> Vec<u8> {
        WORDS_WRITTEN.with(|w| {
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
        })
    }

    pub(super) fn unpack(packed: &[u8], shared: &Shared) -> Result<Vec<Vec<Word>>, String> {
        let damaged = || "damaged phrases in the image".to_string();
        if !packed.len().is_multiple_of(4) {
            return Err(damaged());
        }
        let mut numbers = packed
            .chunks_exact(4)
            .map(|n| u32::from_le_bytes([n[0], n[1], n[2], n[3]]) as usize);
        let mut out = Vec::new();
        while let Some(len) = numbers.next() {
            if len > packed.len() / 4 {
                return Err(damaged());
            }
            let mut phrase = Vec::with_capacity(len);
            for _ in 0..len {
                let n = numbers.next().ok_or_else(damaged)?;
                phrase.push(shared.word(n)?);
            }
            out.push(phrase);
        }
        Ok(out)
    }

    pub fn serialize<S: Serializer>(phrases: &[Vec<Word>], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&pack(phrases))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec<Word>>, D::Error> {
        let packed = <&'de [u8]>::deserialize(d)?;
        let shared = reading::<D::Error>()?;
        unpack(packed, &shared).map_err(serde::de::Error::custom)
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
    pub trait Packed: Sized + Copy + 'static {
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

    impl<T> Default for Table<T> {
        fn default() -> Table<T> {
            Table {
                bytes: Cow::Borrowed(&[]),
                of: PhantomData,
            }
        }
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

        /// The table as a plain slice, for loops that look many items up:
        /// whether it is borrowed or owned is asked once.
        #[inline]
        pub fn view(&self) -> View<'_, T> {
            View {
                bytes: &self.bytes,
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
            self.view().get(i)
        }

        /// Items `start..end`.
        #[inline]
        pub fn range(&self, start: usize, end: usize) -> impl Iterator<Item = T> + '_ {
            self.view().range(start, end)
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

    /// A table's items as bytes (see [`Table::view`]).
    #[derive(Clone, Copy)]
    pub struct View<'a, T> {
        bytes: &'a [u8],
        of: PhantomData<T>,
    }

    impl<'a, T: Packed> View<'a, T> {
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
        pub fn range(self, start: usize, end: usize) -> impl Iterator<Item = T> + 'a {
            self.bytes[start * T::WIDTH..end * T::WIDTH]
                .chunks_exact(T::WIDTH)
                .map(T::take)
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
    #[derive(Default)]
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
