//! Pack files' texts as the engine image holds them (`Library::sources`,
//! see `image`): a built-in file is written as its name alone and read back
//! as the text the crate carries (`packs::embedded`), borrowed: the image
//! need not hold, nor start-up check as UTF-8 and copy, what the binary
//! already holds.

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
                .ok_or_else(|| serde::de::Error::custom(format!("no built-in pack file {name}"))),
            In::Text(name, text) => Ok((name.to_string(), Cow::Owned(text.to_string()))),
        })
        .collect()
}
