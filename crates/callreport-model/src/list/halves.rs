//! A list body decoded in two halves, each on a thread the caller chooses.
//!
//! The body is cut between two rows near its middle. The front half is read from the body's
//! start and must end with a row exactly at the cut: that proves the cut is a real boundary
//! between rows (an object inside a row that begins like a row fails it), so the back half,
//! read from the cut, reads what the one-pass decoder would read there. Whenever either half cannot say, the caller
//! decodes the whole body as before, which then decides.

use std::fmt;

use crate::call::Call;
use crate::extra::Extra;
use crate::list::CallPage;
use crate::list::fast::{paging_key, push_row};
use crate::record::Record;
use crate::response::{DATA, Response, ResponseData};
use crate::scanner::{GiveUp, Scanner, Sequence};

/// Below this many bytes (about 50 calls) a body is not worth a second thread.
const MIN_BODY: usize = 32 * 1024;

/// A list response body cut between two rows, to be decoded half on one thread and half on
/// another: [`decode_front`](Self::decode_front) and [`decode_back`](Self::decode_back) in
/// any order or at once, then [`FrontHalf::join`].
///
/// The halves together give exactly what [`Response::decode`] gives for the body, or `None`:
/// the cut turned out not to be between rows, or the body needs the general path (an error
/// body, an unknown key, a row that does not decode). The caller then decodes the whole body
/// with [`Response::decode`].
///
/// ```
/// use callreport_model::{CallPage, PageHalves, Response, generate::list_body};
///
/// let body = list_body(7, 200).into_bytes();
/// let halves = PageHalves::cut(body).expect("a large page has a cut");
/// let (front, back) = std::thread::scope(|threads| {
///     let back = threads.spawn(|| halves.decode_back());
///     (halves.decode_front(), back.join().expect("the back half does not panic"))
/// });
/// let page = front.unwrap().join(back.unwrap()).expect("the halves fit");
/// let whole = Response::<CallPage>::decode(halves.body()).unwrap();
/// assert_eq!(page, whole);
/// ```
pub struct PageHalves<B> {
    body: B,
    /// Where the back half starts: at the `,` after the front half's last row.
    cut: usize,
}

/// The rows before the cut, decoded: [`PageHalves::decode_front`].
#[derive(Debug)]
pub struct FrontHalf(Half);

/// The rows after the cut and the rest of the envelope, decoded: [`PageHalves::decode_back`].
#[derive(Debug)]
pub struct BackHalf(Half);

/// What either half read.
struct Half {
    calls: Vec<Call>,
    envelope: Extra,
    body: BodyMark,
}

/// Which cut of which body a half comes from, so that halves of two bodies do not join. The
/// body is known by its address: halves of a body held inline and moved between the two
/// decodes do not join either, and the body is then decoded whole.
#[derive(Clone, Copy, PartialEq, Eq)]
struct BodyMark {
    address: usize,
    length: usize,
    cut: usize,
}

impl<B: AsRef<[u8]>> PageHalves<B> {
    /// Cuts `body` between two rows near its middle; gives the body back when it is too small
    /// to be worth two threads or has no place that looks like one.
    ///
    /// # Errors
    /// `body` itself, to be decoded whole.
    pub fn cut(body: B) -> Result<Self, B> {
        let bytes = body.as_ref();
        if bytes.len() < MIN_BODY {
            return Err(body);
        }
        let Some(row_start) = first_row_start(bytes) else {
            return Err(body);
        };
        let middle = bytes.len() / 2;
        let mut from = middle;
        // `}` `,` and the start of a row, which looks like the first row's.
        while let Some(offset) = find(&bytes[from..], b"},") {
            let cut = from + offset + 1;
            if bytes[cut + 1..].starts_with(row_start) {
                return Ok(Self { cut, body });
            }
            from = cut;
        }
        Err(body)
    }

    /// Cuts `body` before byte `cut`, wherever that is; a cut that is not between two rows
    /// makes [`decode_front`](Self::decode_front) answer `None`.
    #[cfg(any(test, feature = "fuzzing"))]
    pub(crate) fn cut_at(body: B, cut: usize) -> Self {
        Self { body, cut }
    }

    /// The whole body.
    pub fn body(&self) -> &B {
        &self.body
    }

    /// The whole body, given back.
    pub fn into_body(self) -> B {
        self.body
    }

    /// What a half read, marked with this body and cut.
    fn half(&self, calls: Vec<Call>, envelope: Extra) -> Half {
        let bytes = self.body.as_ref();
        Half {
            calls,
            envelope,
            body: BodyMark {
                address: bytes.as_ptr() as usize,
                length: bytes.len(),
                cut: self.cut,
            },
        }
    }

    /// Decodes the body from its start to the cut: the envelope's keys before `data` and the
    /// rows up to the cut, which must end one. `None` when the cut is not between two rows of
    /// `data`, or anything there needs the general path.
    #[must_use]
    pub fn decode_front(&self) -> Option<FrontHalf> {
        let bytes = self.body.as_ref();
        let text = std::str::from_utf8(bytes.get(..self.cut)?).ok()?;
        let (calls, envelope) = front(text, bytes.len()).ok()?;
        Some(FrontHalf(self.half(calls, envelope)))
    }

    /// Decodes the body from the cut to its end: the rows after it, the end of `data` and the
    /// envelope's keys after `data`. `None` when anything there needs the general path.
    #[must_use]
    pub fn decode_back(&self) -> Option<BackHalf> {
        let bytes = self.body.as_ref();
        let text = std::str::from_utf8(bytes.get(self.cut..)?).ok()?;
        let (calls, envelope) = back(text).ok()?;
        Some(BackHalf(self.half(calls, envelope)))
    }
}

impl FrontHalf {
    /// The page this half and `back` make: what [`Response::decode`] gives for the body, or
    /// `None` when the halves come from different bodies or cuts, or name an envelope key twice.
    #[must_use]
    pub fn join(self, back: BackHalf) -> Option<Response<CallPage>> {
        let (Self(front), BackHalf(back)) = (self, back);
        if front.body != back.body {
            return None;
        }
        let Half {
            mut calls,
            mut envelope,
            ..
        } = front;
        for (key, value) in back.envelope.into_iter() {
            if envelope.insert(key, value).is_some() {
                return None;
            }
        }
        calls.extend(back.calls);
        let mut page = CallPage::new(calls);
        page.read_envelope(&mut envelope).ok()?;
        Some(Response::data(page))
    }
}

/// The first row's `{` and first key, as in `{"iExcFlw"`: rows written by one server all begin
/// alike, while the objects inside a row (its legs) begin otherwise, so this finds a boundary
/// between rows at the first try. It is only a guess: the front half checks it.
fn first_row_start(bytes: &[u8]) -> Option<&[u8]> {
    let data_start = format!("\"{DATA}\":[");
    let start = find(bytes, data_start.as_bytes())? + data_start.len();
    let row = bytes.get(start..)?;
    if !row.starts_with(b"{\"") {
        return None;
    }
    let key_end = row
        .iter()
        .skip(2)
        .position(|&byte| byte == b'"' || byte == b'\\')?
        + 2;
    (row.get(key_end) == Some(&b'"')).then(|| &row[..=key_end])
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// The front half: `{`, paging keys, `"data":[`, then rows until the text ends right after one.
/// `length` is the whole body's, to size the list of calls once for both halves.
fn front(text: &str, length: usize) -> Result<(Vec<Call>, Extra), GiveUp> {
    let mut scanner = Scanner::new(text);
    let mut envelope = Extra::new();
    let mut members = scanner.begin_object()?;
    loop {
        let key = scanner.next_key(&mut members)?.ok_or(GiveUp)?;
        if key == DATA {
            break;
        }
        paging_key(&mut scanner, &mut envelope, key.into_owned())?;
    }
    let mut calls = Vec::new();
    let mut elements = scanner.begin_array()?;
    while scanner.remaining() > 0 {
        if !scanner.next_element(&mut elements)? {
            // `data` ended before the cut.
            return Err(GiveUp);
        }
        push_row(&mut scanner, &mut calls, length)?;
    }
    if calls.is_empty() {
        // The cut is not after a row: the back half would start where no row ended.
        return Err(GiveUp);
    }
    Ok((calls, envelope))
}

/// The back half: `,` and the rows after the cut, `]`, the paging keys after `data`, `}`.
fn back(text: &str) -> Result<(Vec<Call>, Extra), GiveUp> {
    let mut scanner = Scanner::new(text);
    let mut envelope = Extra::new();
    let mut calls = Vec::new();
    let mut elements = Sequence::after_first();
    while scanner.next_element(&mut elements)? {
        calls.push(Call::decode_direct(&mut scanner)?);
    }
    let mut members = Sequence::after_first();
    while let Some(key) = scanner.next_key(&mut members)? {
        if key == DATA {
            return Err(GiveUp);
        }
        paging_key(&mut scanner, &mut envelope, key.into_owned())?;
    }
    scanner.end()?;
    Ok((calls, envelope))
}

impl<B> fmt::Debug for PageHalves<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PageHalves")
            .field("cut", &self.cut)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for Half {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Half")
            .field("calls", &self.calls.len())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests;
