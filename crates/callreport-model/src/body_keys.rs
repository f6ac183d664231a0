//! The keys of request bodies and of the error envelope: each spelled here once.

/// Declares each key as a constant, and the list of them all.
macro_rules! body_keys {
    ($( $(#[$meta:meta])* $name:ident = $key:literal, )*) => {
        $( $(#[$meta])* pub(crate) const $name: &str = $key; )*

        /// Every key declared here.
        pub(crate) const ALL: &[&str] = &[$($key),*];
    };
}

body_keys! {
    /// Session id (credentials).
    SESSION = "ssid",
    /// Account id (credentials).
    USER_ID = "userId",
    /// API token (credentials).
    TOKEN = "token",
    /// Call id.
    CALL_ID = "clId",
    /// Call Detail view.
    REPORT_TYPE = "rType",
    /// Filter: from, `YYYY-MM-DD HH:MM:SS`.
    FROM = "frmDt",
    /// Filter: to, `YYYY-MM-DD HH:MM:SS`.
    TO = "toDt",
    /// Filter: agent ids.
    AGENTS = "agts",
    /// Filter: shortest duration, seconds.
    MIN_DURATION = "minDur",
    /// Filter: longest duration, seconds.
    MAX_DURATION = "maxDur",
    /// Filter: which duration.
    DURATION_KIND = "durTy",
    /// Filter: call types.
    CALL_TYPES = "clTy",
    /// Filter: status codes.
    STATUSES = "st",
    /// Filter: customer number.
    CUSTOMER_NUMBER = "cNum",
    /// Filter: custom call-analysis fields.
    CUSTOM_FIELDS = "cstm",
    /// Paging: page number.
    PAGE = "pg",
    /// Paging: page size.
    LIMIT = "lmt",
    /// Sort key.
    SORT = "srt",
    /// Sort order.
    ORDER = "ord",
    /// Cursor: start after this call.
    AFTER = "aftr",
    /// Export id.
    EXPORT_ID = "expId",
    /// Export file format.
    FORMAT = "frmt",
    /// Export title.
    TITLE = "title",
    /// Export columns.
    COLUMNS = "cols",
    /// Error envelope: `"error"`.
    STATUS = "status",
    /// Error envelope: the message.
    MESSAGE = "message",
    /// Error envelope: the code.
    CODE = "code",
}
