//! A JSON reader for the direct decoders: it hands out keys and values one at a time, borrowed
//! from the input, and builds no tree.
//!
//! It reads exactly what serde_json reads, or refuses: a token it cannot take as serde_json
//! would (a malformed string, an unusual number it does not convert itself) ends the read with
//! [`GiveUp`], and the caller decodes the same text through serde_json, which then decides. See
//! `docs/decisions/0008-json-scanner.md` for why this exists.

use std::borrow::Cow;

use serde_json::{Map, Number, Value};

use crate::scalar::Scalar;

/// The scanner cannot read the text as serde_json would; the caller decodes it through
/// serde_json instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct GiveUp;

/// How deep arrays and objects in a value may nest. With the records' own few levels this stays
/// under serde_json's limit of 128, so a value too deep for serde_json is refused here too, and
/// the recursion is bounded.
const MAX_VALUE_DEPTH: usize = 96;

/// A position in a JSON text.
pub(crate) struct Scanner<'a> {
    text: &'a str,
    at: usize,
}

/// Where the reading of an object's members or an array's elements stands.
pub(crate) struct Sequence {
    first: bool,
}

impl Sequence {
    /// The members or elements after the first, for a reader that starts in the middle of a
    /// sequence: the next one must follow a comma.
    pub(crate) fn after_first() -> Self {
        Self { first: false }
    }
}

impl<'a> Scanner<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Self { text, at: 0 }
    }

    /// How many bytes have been read.
    pub(crate) fn position(&self) -> usize {
        self.at
    }

    /// How many bytes are left to read.
    pub(crate) fn remaining(&self) -> usize {
        self.text.len() - self.at
    }

    /// Only whitespace is left.
    pub(crate) fn end(&mut self) -> Result<(), GiveUp> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(GiveUp),
        }
    }

    /// Enters an object.
    pub(crate) fn begin_object(&mut self) -> Result<Sequence, GiveUp> {
        self.eat(b'{')?;
        Ok(Sequence { first: true })
    }

    /// The next key of the object being read, its colon consumed; `None` at the object's end.
    pub(crate) fn next_key(
        &mut self,
        members: &mut Sequence,
    ) -> Result<Option<Cow<'a, str>>, GiveUp> {
        if !self.more(members, b'}')? {
            return Ok(None);
        }
        if self.peek() != Some(b'"') {
            return Err(GiveUp);
        }
        let key = self.string()?;
        // Usually the colon follows the key at once.
        if self.text.as_bytes().get(self.at) == Some(&b':') {
            self.at += 1;
        } else {
            self.eat(b':')?;
        }
        Ok(Some(key))
    }

    /// Enters an array.
    pub(crate) fn begin_array(&mut self) -> Result<Sequence, GiveUp> {
        self.eat(b'[')?;
        Ok(Sequence { first: true })
    }

    /// Whether the array being read has another element, which is read next.
    pub(crate) fn next_element(&mut self, elements: &mut Sequence) -> Result<bool, GiveUp> {
        self.more(elements, b']')
    }

    /// `null`, consumed; `false` (nothing consumed) for any other value.
    pub(crate) fn take_null(&mut self) -> bool {
        if self.peek() == Some(b'n') && self.rest().starts_with(b"null") {
            self.at += 4;
            return true;
        }
        false
    }

    /// The next value, as a record's field holds it.
    pub(crate) fn scalar(&mut self) -> Result<Scalar<'a>, GiveUp> {
        match self.peek() {
            Some(b'"') => self.string().map(Scalar::Text),
            Some(b'-' | b'0'..=b'9') => self.number().map(Scalar::Number),
            Some(b'n') => self.literal(b"null").map(|()| Scalar::Null),
            Some(b't') => self.literal(b"true").map(|()| Scalar::Bool(true)),
            Some(b'f') => self.literal(b"false").map(|()| Scalar::Bool(false)),
            Some(b'[') => self.array(0).map(Scalar::Array),
            Some(b'{') => self.object(0).map(Scalar::Object),
            _ => Err(GiveUp),
        }
    }

    /// The next value, as an unknown key keeps it.
    pub(crate) fn value(&mut self) -> Result<Value, GiveUp> {
        self.value_at(0)
    }

    /// A value inside arrays and objects `depth` deep.
    fn value_at(&mut self, depth: usize) -> Result<Value, GiveUp> {
        match self.peek() {
            Some(b'[') => self.array(depth).map(Value::Array),
            Some(b'{') => self.object(depth).map(Value::Object),
            _ => self.scalar().map(Scalar::into_value),
        }
    }

    fn array(&mut self, depth: usize) -> Result<Vec<Value>, GiveUp> {
        let depth = nested(depth)?;
        let mut items = Vec::new();
        let mut elements = self.begin_array()?;
        while self.next_element(&mut elements)? {
            items.push(self.value_at(depth)?);
        }
        Ok(items)
    }

    fn object(&mut self, depth: usize) -> Result<Map<String, Value>, GiveUp> {
        let depth = nested(depth)?;
        let mut map = Map::new();
        let mut members = self.begin_object()?;
        while let Some(key) = self.next_key(&mut members)? {
            let value = self.value_at(depth)?;
            map.insert(key.into_owned(), value);
        }
        Ok(map)
    }

    fn rest(&self) -> &'a [u8] {
        self.text.as_bytes().get(self.at..).unwrap_or_default()
    }

    /// The next byte that is not whitespace, not consumed.
    #[inline(always)]
    fn peek(&mut self) -> Option<u8> {
        let bytes = self.text.as_bytes();
        // Usually there is no whitespace.
        match bytes.get(self.at) {
            Some(&byte) if byte > b' ' => return Some(byte),
            None => return None,
            Some(_) => {}
        }
        while let Some(&byte) = bytes.get(self.at) {
            if !matches!(byte, b' ' | b'\n' | b'\r' | b'\t') {
                return Some(byte);
            }
            self.at += 1;
        }
        None
    }

    #[inline]
    fn eat(&mut self, byte: u8) -> Result<(), GiveUp> {
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(GiveUp)
        }
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), GiveUp> {
        if self.rest().starts_with(word) {
            self.at += word.len();
            Ok(())
        } else {
            Err(GiveUp)
        }
    }

    /// Steps over the separator before the next member or element; `false` at the closing
    /// bracket, which is consumed.
    #[inline]
    fn more(&mut self, sequence: &mut Sequence, close: u8) -> Result<bool, GiveUp> {
        let next = self.peek();
        if next == Some(close) {
            self.at += 1;
            return Ok(false);
        }
        if sequence.first {
            sequence.first = false;
        } else {
            self.eat(b',')?;
        }
        Ok(true)
    }

    /// A string, at its opening quote.
    #[inline(always)]
    fn string(&mut self) -> Result<Cow<'a, str>, GiveUp> {
        let bytes = self.text.as_bytes();
        let start = self.at + 1;
        let end = special_byte(bytes, start);
        match bytes.get(end) {
            Some(b'"') => {
                self.at = end + 1;
                self.text.get(start..end).map(Cow::Borrowed).ok_or(GiveUp)
            }
            Some(b'\\') => self.escaped_string(start, end).map(Cow::Owned),
            _ => Err(GiveUp),
        }
    }

    /// The rest of a string that has escapes, from `start`; the first escape is at `at`.
    fn escaped_string(&mut self, start: usize, mut at: usize) -> Result<String, GiveUp> {
        let bytes = self.text.as_bytes();
        let mut out = String::with_capacity(at - start + 16);
        let mut run = start;
        loop {
            at = special_byte(bytes, at);
            match bytes.get(at) {
                Some(b'"') => {
                    out.push_str(self.text.get(run..at).ok_or(GiveUp)?);
                    self.at = at + 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(self.text.get(run..at).ok_or(GiveUp)?);
                    let escape = bytes.get(at + 1).ok_or(GiveUp)?;
                    at += 2;
                    let unescaped = match escape {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let (character, length) = unicode_escape(bytes, at)?;
                            at += length;
                            character
                        }
                        _ => return Err(GiveUp),
                    };
                    out.push(unescaped);
                    run = at;
                }
                _ => return Err(GiveUp),
            }
        }
    }

    /// A number. A whole number without sign, fraction or exponent is converted here; any
    /// other by serde_json, so that it becomes the same `Number`.
    fn number(&mut self) -> Result<Number, GiveUp> {
        let bytes = self.text.as_bytes();
        let start = self.at;
        let mut end = start;
        while let Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') = bytes.get(end) {
            end += 1;
        }
        self.at = end;
        let token = self.text.get(start..end).ok_or(GiveUp)?;
        match plain_whole_number(token.as_bytes()) {
            Some(number) => Ok(Number::from(number)),
            None => serde_json::from_str(token).map_err(|_| GiveUp),
        }
    }
}

/// The position of the first quote, backslash or control character at or after `at` (the length
/// of `bytes` when there is none).
///
/// Strings are most of a document, so they are searched eight bytes at a time: a byte of the
/// word is flagged when it is below 0x20 or equal to one of the two. Only the lowest flag is
/// exact (a borrow can flag the bytes above it), and only the lowest is used.
#[inline]
fn special_byte(bytes: &[u8], mut at: usize) -> usize {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH_BITS: u64 = u64::from_le_bytes([0x80; 8]);
    while let Some(chunk) = bytes.get(at..at + 8) {
        let Ok(chunk) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let word = u64::from_le_bytes(chunk);
        let quote = word ^ (ONES * u64::from(b'"'));
        let backslash = word ^ (ONES * u64::from(b'\\'));
        let flags = (word.wrapping_sub(ONES * 0x20) & !word)
            | (quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash);
        let flags = flags & HIGH_BITS;
        if flags != 0 {
            return at + (flags.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while let Some(&byte) = bytes.get(at) {
        if byte == b'"' || byte == b'\\' || byte < 0x20 {
            return at;
        }
        at += 1;
    }
    at
}

/// One level deeper, within [`MAX_VALUE_DEPTH`].
fn nested(depth: usize) -> Result<usize, GiveUp> {
    if depth < MAX_VALUE_DEPTH {
        Ok(depth + 1)
    } else {
        Err(GiveUp)
    }
}

/// Digits without a leading zero, in a `u64`: the one kind of number converted by hand.
fn plain_whole_number(token: &[u8]) -> Option<u64> {
    // 19 digits always fit in a u64; longer ones are left to serde_json.
    if token.is_empty() || token.len() > 19 || (token.len() > 1 && token[0] == b'0') {
        return None;
    }
    token.iter().try_fold(0_u64, |number, &byte| {
        let digit = byte.wrapping_sub(b'0');
        (digit <= 9).then(|| number * 10 + u64::from(digit))
    })
}

/// The character of the `XXXX` of a `\u` escape at `at`, with the low half of a surrogate pair
/// after it: the character and how many bytes it took. A lone surrogate is refused, as
/// serde_json refuses it.
fn unicode_escape(bytes: &[u8], at: usize) -> Result<(char, usize), GiveUp> {
    let first = hex4(bytes, at)?;
    if !(0xD800..0xDC00).contains(&first) {
        return char::from_u32(first).map(|c| (c, 4)).ok_or(GiveUp);
    }
    if bytes.get(at + 4..at + 6) != Some(b"\\u") {
        return Err(GiveUp);
    }
    let second = hex4(bytes, at + 6)?;
    if !(0xDC00..0xE000).contains(&second) {
        return Err(GiveUp);
    }
    let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
    char::from_u32(code).map(|c| (c, 10)).ok_or(GiveUp)
}

fn hex4(bytes: &[u8], at: usize) -> Result<u32, GiveUp> {
    let digits = bytes.get(at..at + 4).ok_or(GiveUp)?;
    digits.iter().try_fold(0_u32, |code, &byte| {
        let digit = char::from(byte).to_digit(16).ok_or(GiveUp)?;
        Ok(code * 16 + digit)
    })
}

#[cfg(test)]
mod tests;
