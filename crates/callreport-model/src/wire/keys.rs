//! Every key of the wire format, for checks that keep wire keys out of the other crates.
//!
//! Temporary: a hand-kept list until the key list is derived from the declarations themselves.

/// Every key the wire records, the list envelope and the requests use, sorted and unique.
#[must_use]
pub fn keys() -> Vec<&'static str> {
    KEYS.to_vec()
}

/// The keys of the `wire_record!` declarations, the list envelope (`ttl`, `pg`, `lmt`, `nxt`,
/// `cnt`) and the request bodies (`request/*.rs`).
const KEYS: &[&str] = &[
    "aftr",
    "agent",
    "agt",
    "agtOnCl",
    "agts",
    "amt",
    "ansTm",
    "api",
    "bal",
    "c",
    "cNm",
    "cNum",
    "callId",
    "callType",
    "campaign",
    "chIs",
    "clDt",
    "clDur",
    "clId",
    "clTm",
    "clTy",
    "cnt",
    "cols",
    "crcl",
    "cstm",
    "ctc",
    "ctcc",
    "customerNumber",
    "date",
    "ddLog",
    "ddTy",
    "dur",
    "durTy",
    "duration",
    "exc",
    "expId",
    "fAtnd",
    "frmDt",
    "frmt",
    "iExcFlw",
    "ivrAr",
    "lmt",
    "mAgt",
    "maxDur",
    "minDur",
    "nd",
    "ndDt",
    "ndId",
    "ndTy",
    "num",
    "nxt",
    "op",
    "ord",
    "pWbS",
    "pWbU",
    "pg",
    "pls",
    "q",
    "rType",
    "rcrd",
    "rcrdAr",
    "recording",
    "rgDur",
    "rty",
    "sDt",
    "sTm",
    "srt",
    "st",
    "status",
    "tAgtCnt",
    "title",
    "tm",
    "toDt",
    "ttl",
    "uid",
];

#[cfg(test)]
mod tests {
    use super::keys;

    #[test]
    fn sorted_and_unique() {
        let keys = keys();
        assert!(keys.windows(2).all(|pair| pair[0] < pair[1]), "{keys:?}");
    }
}
