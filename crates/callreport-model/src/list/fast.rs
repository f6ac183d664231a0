//! One pass over a list body, for the common case: no error, no unknown key, every row good.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};

use crate::call::Call;
use crate::extra::Extra;
use crate::list::CallPage;
use crate::record::{Key, Record};
use crate::response::{Response, ResponseData};
use crate::scalar::Scalar;

/// A list body as the common case has it, its rows decoded as they are parsed.
struct FastPage<'a> {
    data: Option<Vec<Call>>,
    envelope: Vec<(&'static str, Scalar<'a>)>,
    unusual: bool,
}

impl<'de: 'a, 'a> Deserialize<'de> for FastPage<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(FastPageVisitor(PhantomData))
    }
}

struct FastPageVisitor<'a>(PhantomData<&'a ()>);

impl<'de: 'a, 'a> Visitor<'de> for FastPageVisitor<'a> {
    type Value = FastPage<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list response")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut page = FastPage {
            data: None,
            envelope: Vec::new(),
            unusual: false,
        };
        while let Some(key) = map.next_key::<Key<'de>>()? {
            match key.0.as_ref() {
                "data" => page.data = Some(map.next_value::<Calls>()?.0),
                "ttl" => page.envelope.push(("ttl", map.next_value()?)),
                "pg" => page.envelope.push(("pg", map.next_value()?)),
                "lmt" => page.envelope.push(("lmt", map.next_value()?)),
                "nxt" => page.envelope.push(("nxt", map.next_value()?)),
                _ => {
                    page.unusual = true;
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(page)
    }
}

/// The rows of `data`, each decoded straight into a [`Call`] as it is parsed (no wire record).
/// A row the direct decoder gives up on ends the fast path; the general path then decodes the
/// page row by row and keeps the rows that fail.
struct Calls(Vec<Call>);

impl<'de> Deserialize<'de> for Calls {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(CallsVisitor)
    }
}

struct CallsVisitor;

impl<'de> Visitor<'de> for CallsVisitor {
    type Value = Calls;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of call documents")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut calls = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(call) = seq.next_element_seed(CallSeed)? {
            calls.push(call);
        }
        Ok(Calls(calls))
    }
}

/// A row of `data`, decoded into a [`Call`] field by field as it is parsed.
struct CallSeed;

impl<'de> DeserializeSeed<'de> for CallSeed {
    type Value = Call;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Call, D::Error> {
        Call::decode_direct(deserializer)
    }
}

/// The page, or `None` when the body needs the general path.
pub(crate) fn decode(body: &str) -> Option<Response<CallPage>> {
    let page: FastPage<'_> = serde_json::from_str(body).ok()?;
    if page.unusual {
        return None;
    }
    let mut decoded = CallPage::new(page.data?);
    let mut fields: Extra = page
        .envelope
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_value()))
        .collect();
    decoded.read_envelope(&mut fields).ok()?;
    Some(Response::data(decoded))
}
