//! Open enums: the known values of a provider string, plus whatever the provider adds tomorrow.

use std::fmt;

/// The text of a value this version of the crate does not know.
///
/// Callers cannot look inside; the enum's `as_str` gives the text, and it is written back as is.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(pub(crate) String);

impl fmt::Debug for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// Declares an open enum over provider strings: the listed variants, plus a hidden `Unknown`
/// variant that keeps any other text and writes it back unchanged.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this version does not know; `as_str` gives its text.
            #[doc(hidden)]
            Unknown($crate::open_enum::UnknownValue),
        }

        impl $name {
            /// Every value this version knows.
            pub const KNOWN: &'static [Self] = &[$(Self::$variant),*];

            /// Reads the provider's text; unknown text is kept, not rejected.
            #[must_use]
            pub fn from_wire(text: &str) -> Self {
                match text {
                    $( $text => Self::$variant, )*
                    other => Self::Unknown($crate::open_enum::UnknownValue(other.to_owned())),
                }
            }

            /// The provider's text for this value.
            #[must_use]
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $text, )*
                    Self::Unknown(unknown) => &unknown.0,
                }
            }

            /// Whether this version knows the value.
            #[must_use]
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Ok(Self::from_wire(text))
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    };
}

open_enum! {
    /// The kind of call (`clTy`).
    pub enum CallType {
        /// Inbound: a customer called a number of the account.
        Inbound = "IBD",
        /// Outbound, from a campaign.
        Outbound = "OBD",
        /// Click-to-call: the platform called an agent, then the customer.
        ClickToCall = "CTC",
        /// `QC` (meaning not published).
        Qc = "QC",
        /// Broadcast.
        Broadcast = "BRD",
        /// `POOL` (meaning not published).
        Pool = "POOL",
        /// Masked call.
        Mask = "MASK",
        /// Flash call.
        Flash = "FLASH",
        /// `OMIT`, as shown in the provider's standard view example.
        Omit = "OMIT",
    }
}

open_enum! {
    /// Who answered first (`fAtnd`).
    pub enum FirstAttendant {
        /// An agent answered first.
        Agent = "Agent",
        /// The leg dialled first (click-to-call `from`).
        From = "from",
        /// The leg dialled second (click-to-call `to`).
        To = "to",
    }
}

open_enum! {
    /// The file format of an export.
    pub enum ExportFormat {
        /// Comma-separated values.
        Csv = "csv",
        /// Excel workbook.
        Xlsx = "xlsx",
        /// PDF report.
        Pdf = "pdf",
    }
}

open_enum! {
    /// Where a server-side export stands (`st`).
    pub enum ExportState {
        /// Waiting for a free worker.
        Queued = "queued",
        /// Being written; `rows` says how far.
        Running = "running",
        /// Written; the file can be downloaded.
        Done = "done",
        /// Given up; `rsn` says why.
        Failed = "failed",
    }
}

#[cfg(test)]
mod tests {
    use super::CallType;

    #[test]
    fn unknown_values_are_kept() {
        let kind = CallType::from_wire("VOICEBOT");
        assert!(!kind.is_known());
        assert_eq!(kind.as_str(), "VOICEBOT");
        assert_eq!(serde_json::to_string(&kind).unwrap(), "\"VOICEBOT\"");
        assert_eq!(CallType::from_wire("CTC"), CallType::ClickToCall);
        assert_eq!(CallType::KNOWN.len(), 9);
    }
}
