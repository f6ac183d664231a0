//! One pass over a list body, for the common case: no error, no unknown key, every row good.

use crate::call::Call;
use crate::extra::Extra;
use crate::list::{CallPage, PagingRecord};
use crate::record::Record;
use crate::request::ListCalls;
use crate::response::{DATA, Response, ResponseData};
use crate::scanner::{GiveUp, Scanner};

/// The page, or `None` when the body needs the general path: an error body, an unknown or
/// repeated key, or a row the direct decoder gives up on. The general path then decodes the
/// page row by row and keeps the rows that fail.
pub(crate) fn decode(body: &str) -> Option<Response<CallPage>> {
    let mut scanner = Scanner::new(body);
    let mut calls = None;
    let mut envelope = Extra::new();
    let mut members = scanner.begin_object().ok()?;
    while let Some(key) = scanner.next_key(&mut members).ok()? {
        if key == DATA && calls.is_none() {
            calls = Some(rows(&mut scanner).ok()?);
        } else {
            paging_key(&mut scanner, &mut envelope, key.into_owned()).ok()?;
        }
    }
    scanner.end().ok()?;
    let mut page = CallPage::new(calls?);
    page.read_envelope(&mut envelope).ok()?;
    Some(Response::data(page))
}

/// Reads the value of envelope key `key`, which must be a paging key not read yet.
pub(super) fn paging_key(
    scanner: &mut Scanner<'_>,
    envelope: &mut Extra,
    key: String,
) -> Result<(), GiveUp> {
    if !PagingRecord::KEYS.contains(&key.as_str()) || envelope.get(&key).is_some() {
        return Err(GiveUp);
    }
    envelope.insert(key, scanner.value()?);
    Ok(())
}

/// The rows of `data`, each decoded straight into a [`Call`] as it is read.
fn rows(scanner: &mut Scanner<'_>) -> Result<Vec<Call>, GiveUp> {
    let length = scanner.position() + scanner.remaining();
    let mut calls = Vec::new();
    let mut elements = scanner.begin_array()?;
    while scanner.next_element(&mut elements)? {
        push_row(scanner, &mut calls, length)?;
    }
    Ok(calls)
}

/// Decodes the row at the scanner into `calls`, in a body of `length` bytes.
///
/// The list is sized once, from the length of the first row: grown by doubling, a list of a
/// thousand calls (600 KB) was allocated nine times.
// Inlined into both row loops: called out of line, a page took 0.7 % more instructions.
#[inline]
pub(super) fn push_row(
    scanner: &mut Scanner<'_>,
    calls: &mut Vec<Call>,
    length: usize,
) -> Result<(), GiveUp> {
    let start = scanner.position();
    calls.push(Call::decode_direct(scanner)?);
    if calls.len() == 1 {
        let row = scanner.position() - start;
        calls.reserve(expected_rows(length - scanner.position(), row));
    }
    Ok(())
}

/// How many more rows `remaining` bytes hold, judging by one row of `row` bytes: an eighth
/// more, as rows differ in length, and no more than the largest page (so a body cannot make it
/// reserve more than that).
fn expected_rows(remaining: usize, row: usize) -> usize {
    let rows = remaining / row.max(1);
    rows.saturating_add(rows / 8)
        .min(ListCalls::MAX_LIMIT as usize)
}

#[cfg(test)]
mod tests;
