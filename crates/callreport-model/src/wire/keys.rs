//! Every key of the wire format, for tools that check that no other crate spells one.

use std::collections::BTreeSet;

use crate::body_keys;
use crate::call::{AgentLegRecord, CallDocument, CustomerLegRecord, Durations};
use crate::count::CountRecord;
use crate::envelope::DATA;
use crate::export::ExportStatusRecord;
use crate::list::PagingRecord;
use crate::push;
use crate::views::{
    AgentsViewRecord, DeductionEntry, DeductionsViewRecord, RecordingEntry, RecordingsViewRecord,
    StandardDetailRecord,
};

/// Every key the model reads or writes: the records' keys, the request and error body keys and
/// `data`; sorted, each once.
#[must_use]
pub fn keys() -> Vec<&'static str> {
    let records: [&[&'static str]; 13] = [
        CallDocument::KEYS,
        Durations::KEYS,
        AgentLegRecord::KEYS,
        CustomerLegRecord::KEYS,
        StandardDetailRecord::KEYS,
        AgentsViewRecord::KEYS,
        RecordingsViewRecord::KEYS,
        RecordingEntry::KEYS,
        DeductionsViewRecord::KEYS,
        DeductionEntry::KEYS,
        CountRecord::KEYS,
        PagingRecord::KEYS,
        ExportStatusRecord::KEYS,
    ];
    let mut all: BTreeSet<&'static str> = records.into_iter().flatten().copied().collect();
    all.extend(body_keys::ALL);
    all.extend(push::KEYS);
    all.insert(DATA);
    all.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::keys;

    #[test]
    fn lists_keys_of_every_kind() {
        let keys = keys();
        for key in [
            "clId", "agtOnCl", "rgDur", "ndTy", "callId", "rcrdAr", "ddLog", "cnt", "nxt", "expId",
            "rType", "ssid", "data", "code", "nHDetail", "ivrSTime",
        ] {
            assert!(keys.contains(&key), "{key} missing");
        }
        assert!(
            keys.windows(2).all(|pair| pair[0] < pair[1]),
            "sorted, each once"
        );
    }
}
