//! The declaration macro behind every wire record.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, Visitor};

/// A map key, borrowed from the input when it has no escapes.
pub(crate) struct Key<'de>(pub(crate) Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }

            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// How a record field reads its value: scalars keep `null`, nested records and lists read `null`
/// as absent.
pub(crate) trait FieldValue<'de>: Sized {
    fn read<A: de::MapAccess<'de>>(map: &mut A) -> Result<Option<Self>, A::Error>;
}

impl<'de: 'a, 'a> FieldValue<'de> for super::Scalar<'a> {
    fn read<A: de::MapAccess<'de>>(map: &mut A) -> Result<Option<Self>, A::Error> {
        map.next_value().map(Some)
    }
}

impl<'de, T: de::Deserialize<'de>> FieldValue<'de> for Vec<T> {
    fn read<A: de::MapAccess<'de>>(map: &mut A) -> Result<Option<Self>, A::Error> {
        map.next_value::<Option<Self>>()
    }
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

/// Declares a wire record: a struct of optional fields named by their wire keys, plus `extra`
/// for unknown keys, with hand-written (fast, order-keeping) `Serialize` and `Deserialize`.
///
/// Fields marked `[secret]` hold personal or secret data: `Debug` does not show their values.
macro_rules! wire_record {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* $key:literal $([$secret:ident])? => $field:ident : $ty:ty, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct $name<'a> {
            $( $(#[$fmeta])* pub $field: Option<$ty>, )*
            /// Keys this version does not know, kept verbatim.
            pub extra: $crate::Extra,
        }

        impl $name<'_> {
            /// A record with no fields set.
            #[must_use]
            pub fn new() -> Self {
                Self::default()
            }
        }

        impl ::std::fmt::Debug for $name<'_> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let mut out = f.debug_struct(stringify!($name));
                $(
                    if let Some(value) = &self.$field {
                        if $crate::wire::record::shown!($($secret)?) {
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

        impl<'de: 'a, 'a> $crate::wire::record::FieldValue<'de> for $name<'a> {
            fn read<A: ::serde::de::MapAccess<'de>>(map: &mut A) -> Result<Option<Self>, A::Error> {
                map.next_value::<Option<Self>>()
            }
        }

        impl ::serde::Serialize for $name<'_> {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(None)?;
                $(
                    if let Some(value) = &self.$field {
                        map.serialize_entry($key, value)?;
                    }
                )*
                for (key, value) in self.extra.iter() {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }

        impl<'de: 'a, 'a> ::serde::Deserialize<'de> for $name<'a> {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct RecordVisitor<'a>(::std::marker::PhantomData<&'a ()>);

                impl<'de: 'a, 'a> ::serde::de::Visitor<'de> for RecordVisitor<'a> {
                    type Value = $name<'a>;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " object"))
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name<'a>, A::Error> {
                        let mut record = $name::default();
                        while let Some(key) = map.next_key::<$crate::wire::record::Key<'de>>()? {
                            match key.0.as_ref() {
                                $( $key => record.$field = <$ty as $crate::wire::record::FieldValue<'de>>::read(&mut map)?, )*
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
    };
}

pub(crate) use shown;
pub(crate) use wire_record;
