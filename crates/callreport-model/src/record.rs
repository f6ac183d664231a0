//! The one declaration behind every wire record: a table of wire key, domain field and codec,
//! from which [`record!`] makes the wire struct, its decoding into the domain type and its
//! encoding back, so that a field is added in one line. It also makes the decoder that reads a
//! record straight into the domain type (`record/direct.rs`), for the usual document; both
//! decoders come from the same lines, so they cannot drift apart.
//!
//! See `docs/decisions/0002-one-declaration-per-record.md` for why a table and not serde
//! derives.

mod direct;
mod field;

pub(crate) use self::direct::{DirectField, decode_text};
pub(crate) use self::field::{Blank, Field, FieldValue, Key, List, Nested};
use crate::error::DecodeError;
use crate::spelling::Path;

/// A domain type declared with [`record!`]: how it is read from its wire record and written
/// back.
pub(crate) trait Record: Sized + PartialEq + Blank {
    /// The wire record, borrowing text from the input.
    type Wire<'a>: serde::Serialize + serde::Deserialize<'a> + FieldValue<'a>;

    /// Decodes a wire record found at `path` (for error messages).
    fn decode_at(wire: Self::Wire<'_>, path: Path<'_>) -> Result<Self, DecodeError>;

    /// Decodes the record straight from the text, each field as the scanner reaches it; gives
    /// up on anything only the wire record handles (see `record/direct.rs`).
    fn decode_direct(
        scanner: &mut crate::scanner::Scanner<'_>,
    ) -> Result<Self, crate::scanner::GiveUp>;

    /// The wire record, in the usual spelling except where the original spelling still holds.
    fn into_wire(self) -> Self::Wire<'static>;
}

/// Whether a field's value may be shown by `Debug`.
macro_rules! shown {
    () => {
        true
    };
    (secret) => {
        false
    };
}

/// The wire type of a table line: a [`Scalar`](crate::scalar::Scalar), a nested record
/// (`as Durations`) or an array of records (`as [AgentLegRecord]`).
macro_rules! wire_type {
    ($lifetime:lifetime;) => {
        $crate::scalar::Scalar<$lifetime>
    };
    ($lifetime:lifetime; $record:ident) => {
        $record<$lifetime>
    };
    ($lifetime:lifetime; [$record:ident]) => {
        Vec<$record<$lifetime>>
    };
}

/// Declares a record: `wire Name => Domain { "key" => field: Codec, … }`.
///
/// Each line names the wire key, the domain field it fills (`field in group` for a field of a
/// nested domain struct such as a leg's `timing`), and its [`Field`] codec: a scalar codec from
/// `codecs`, or [`Nested<T>`] for an object (`as Durations`, its wire record) and [`List<T>`]
/// for an array of objects (`as [AgentLegRecord]`). `[secret]` keeps a value out of `Debug`.
/// The domain type needs `extra` and `spellings` fields and [`Blank`].
///
/// The table's order is the order keys are written in (the provider's); the wire struct's
/// fields are named after the domain fields. The `@literal` and `@assigned` arms are internal:
/// the public arms pick one by whether any line fills a nested struct.
macro_rules! record {
    (
        @$build:ident
        $(#[$meta:meta])*
        wire $wire:ident => $domain:ty {
            $(
                $(#[$fmeta:meta])*
                $key:literal $([$secret:ident])? => $field:ident $(in $group:ident)? : $codec:ty
                $(as $wire_type:tt)?,
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct $wire<'a> {
            $(
                $(#[$fmeta])*
                #[doc = concat!("`", $key, "`")]
                pub $field: Option<$crate::record::wire_type!('a; $($wire_type)?)>,
            )*
            /// Keys this version does not know, kept verbatim.
            pub extra: $crate::Extra,
        }

        impl $wire<'_> {
            /// A record with no fields set.
            #[must_use]
            pub fn new() -> Self {
                Self::default()
            }

            /// The record's wire keys, in the order they are written.
            pub const KEYS: &'static [&'static str] = &[$($key),*];

            /// The wire key of domain field `field`; `""` for a name the record does not have.
            #[allow(dead_code, reason = "used by the records other code looks into")]
            pub(crate) fn key(field: &str) -> &'static str {
                match field {
                    $( stringify!($field) => $key, )*
                    _ => "",
                }
            }
        }

        impl ::std::fmt::Debug for $wire<'_> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let mut out = f.debug_struct(stringify!($wire));
                $(
                    if let Some(value) = &self.$field {
                        if $crate::record::shown!($($secret)?) {
                            out.field($key, value);
                        } else {
                            out.field($key, &"<hidden>");
                        }
                    }
                )*
                if !self.extra.is_empty() {
                    out.field("extra", &self.extra);
                }
                out.finish()
            }
        }

        impl<'de: 'a, 'a> $crate::record::FieldValue<'de> for $wire<'a> {
            fn read<A: ::serde::de::MapAccess<'de>>(map: &mut A) -> Result<Option<Self>, A::Error> {
                map.next_value::<Option<Self>>()
            }
        }

        impl $wire<'_> {
            /// Writes the record's keys into a map being serialized (the record's own object,
            /// or an envelope it stands in).
            #[allow(dead_code, reason = "used by the records written beside other keys")]
            pub(crate) fn serialize_entries<M: ::serde::ser::SerializeMap>(
                &self,
                map: &mut M,
            ) -> Result<(), M::Error> {
                $(
                    if let Some(value) = &self.$field {
                        map.serialize_entry($key, value)?;
                    }
                )*
                for (key, value) in self.extra.iter() {
                    map.serialize_entry(key, value)?;
                }
                Ok(())
            }
        }

        impl ::serde::Serialize for $wire<'_> {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(None)?;
                self.serialize_entries(&mut map)?;
                map.end()
            }
        }

        impl<'de: 'a, 'a> ::serde::Deserialize<'de> for $wire<'a> {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct RecordVisitor<'a>(::std::marker::PhantomData<&'a ()>);

                impl<'de: 'a, 'a> ::serde::de::Visitor<'de> for RecordVisitor<'a> {
                    type Value = $wire<'a>;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($wire), " object"))
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$wire<'a>, A::Error> {
                        let mut record = $wire::default();
                        while let Some(key) = map.next_key::<$crate::record::Key<'de>>()? {
                            match key.0.as_ref() {
                                $( $key => record.$field = $crate::record::FieldValue::read(&mut map)?, )*
                                _ => {
                                    let value = map.next_value()?;
                                    record.extra.insert(key.0.into_owned(), value);
                                }
                            }
                        }
                        Ok(record)
                    }
                }

                deserializer.deserialize_map(RecordVisitor(::std::marker::PhantomData))
            }
        }

        impl $crate::record::Record for $domain {
            type Wire<'a> = $wire<'a>;

            #[inline]
            fn decode_at(
                wire: $wire<'_>,
                path: $crate::spelling::Path<'_>,
            ) -> Result<Self, $crate::error::DecodeError> {
                let mut reader = $crate::spelling::Reader::new(path);
                $crate::record::decode_fields!(
                    $build, Self, wire, reader,
                    $( $key => $field $(in $group)? : $codec, )*
                )
            }

            fn decode_direct(
                scanner: &mut $crate::scanner::Scanner<'_>,
            ) -> Result<Self, $crate::scanner::GiveUp> {
                use $crate::record::DirectField as _;
                let mut reader = $crate::spelling::Reader::new($crate::spelling::Path::Root);
                $( let mut $field: Option<<$codec as $crate::record::DirectField>::Value> = None; )*
                let mut extra = $crate::Extra::new();
                let mut members = scanner.begin_object()?;
                while let Some(key) = scanner.next_key(&mut members)? {
                    match key.as_ref() {
                        $(
                            $key => {
                                if $field.is_some() {
                                    return Err($crate::scanner::GiveUp);
                                }
                                $field = Some(<$codec>::read_direct(scanner, &mut reader, $key)?);
                            }
                        )*
                        _ => {
                            let value = scanner.value()?;
                            extra.insert(key.into_owned(), value);
                        }
                    }
                }
                $(
                    let $field = match $field {
                        Some(value) => value,
                        None => <$codec>::missing(&mut reader, $key)?,
                    };
                )*
                $crate::record::direct_fields!(
                    $build, Self, reader, extra, $( $field $(in $group)?, )*
                )
            }

            fn into_wire(self) -> $wire<'static> {
                let spellings = &self.spellings;
                $wire {
                    $(
                        $field: <$codec as $crate::record::Field>::encode(
                            spellings,
                            $key,
                            self $(.$group)? .$field,
                        ),
                    )*
                    extra: self.extra,
                }
            }
        }

        impl TryFrom<$wire<'_>> for $domain {
            type Error = $crate::error::DecodeError;

            fn try_from(wire: $wire<'_>) -> Result<Self, $crate::error::DecodeError> {
                <Self as $crate::record::Record>::decode_at(wire, $crate::spelling::Path::Root)
            }
        }

        impl From<$domain> for $wire<'static> {
            fn from(value: $domain) -> Self {
                $crate::record::Record::into_wire(value)
            }
        }
    };
    // Every line fills a field of the domain type itself: decoded into a struct literal.
    (
        $(#[$meta:meta])*
        wire $wire:ident => $domain:ty {
            $(
                $(#[$fmeta:meta])*
                $key:literal $([$secret:ident])? => $field:ident : $codec:ty
                $(as $wire_type:tt)?,
            )*
        }
    ) => {
        $crate::record::record! {
            @literal
            $(#[$meta])*
            wire $wire => $domain {
                $( $(#[$fmeta])* $key $([$secret])? => $field : $codec $(as $wire_type)?, )*
            }
        }
    };
    // Some lines fill a field of a nested domain struct (`in timing`): decoded into a blank
    // value, field by field.
    (
        $(#[$meta:meta])*
        wire $wire:ident => $domain:ty {
            $(
                $(#[$fmeta:meta])*
                $key:literal $([$secret:ident])? => $field:ident $(in $group:ident)? : $codec:ty
                $(as $wire_type:tt)?,
            )*
        }
    ) => {
        $crate::record::record! {
            @assigned
            $(#[$meta])*
            wire $wire => $domain {
                $( $(#[$fmeta])* $key $([$secret])? => $field $(in $group)? : $codec $(as $wire_type)?, )*
            }
        }
    };
}

/// The body of a record's `decode_at`: each field decoded in table order, into a struct literal
/// (`literal`) or into a blank value (`assigned`).
macro_rules! decode_fields {
    (literal, $domain:ident, $wire:ident, $reader:ident, $( $key:literal => $field:ident : $codec:ty, )*) => {
        Ok($domain {
            $( $field: <$codec as $crate::record::Field>::decode(&mut $reader, $key, $wire.$field)?, )*
            extra: $wire.extra,
            spellings: $reader.spellings,
        })
    };
    (assigned, $domain:ident, $wire:ident, $reader:ident, $( $key:literal => $field:ident $(in $group:ident)? : $codec:ty, )*) => {{
        let mut value = <$domain as $crate::record::Blank>::blank();
        $(
            value $(.$group)? .$field =
                <$codec as $crate::record::Field>::decode(&mut $reader, $key, $wire.$field)?;
        )*
        value.extra = $wire.extra;
        value.spellings = $reader.spellings;
        Ok(value)
    }};
}

/// The end of a record's `decode_direct`: the decoded fields, now local variables named after
/// them, put into a struct literal (`literal`) or into a blank value (`assigned`).
macro_rules! direct_fields {
    (literal, $domain:ident, $reader:ident, $extra:ident, $( $field:ident, )*) => {
        Ok($domain {
            $( $field, )*
            extra: $extra,
            spellings: $reader.spellings,
        })
    };
    (assigned, $domain:ident, $reader:ident, $extra:ident, $( $field:ident $(in $group:ident)?, )*) => {{
        let mut value = <$domain as $crate::record::Blank>::blank();
        $( value $(.$group)? .$field = $field; )*
        value.extra = $extra;
        value.spellings = $reader.spellings;
        Ok(value)
    }};
}

pub(crate) use decode_fields;
pub(crate) use direct_fields;
pub(crate) use record;
pub(crate) use shown;
pub(crate) use wire_type;
