//! A deterministic generator of realistic calls, for demo data, tests and benchmarks.
//!
//! The same seed gives the same calls on every machine and every version of the dependencies
//! (the random numbers come from SplitMix64, written here). Customer numbers are in the
//! project's fictional range ([`FICTIONAL_NUMBER_PREFIX`]); names are in English and in the
//! scripts of India (Devanagari, Bengali, Gujarati, Gurmukhi, Tamil, Telugu, Kannada, Malayalam,
//! Odia) and in Urdu.
//!
//! ```
//! use callreport_model::generate::Generator;
//!
//! let calls: Vec<_> = Generator::new(7).take(3).collect();
//! assert_eq!(calls.len(), 3);
//! assert!(calls.iter().all(|c| c.customer_number.as_str().starts_with("9190000")));
//! assert_eq!(calls, Generator::new(7).take(3).collect::<Vec<_>>());
//! ```

use std::time::Duration;

use chrono::{DateTime, FixedOffset, TimeZone};
use serde_json::{Value, json};

use crate::call::{AgentLeg, Call, CallDurations, CustomerLeg, LegTiming};
use crate::call_status::CallStatus;
use crate::clock::IST;
use crate::ids::{AgentId, CallId, UserId};
use crate::open_enum::{CallType, FirstAttendant};
use crate::originating_request::OriginatingRequest;
use crate::phone::PhoneNumber;
use crate::recording::RecordingLocator;

/// Every generated customer number starts with this: `91` (India) then `90000`, a range the
/// project treats as fictional. Fixture checks allow numbers in it.
pub const FICTIONAL_NUMBER_PREFIX: &str = "9190000";

const NAMES: [&str; 25] = [
    "Asha Verma",
    "आशा वर्मा",
    "Rahul Sharma",
    "राहुल शर्मा",
    "Priya Nair",
    "प्रिया नायर",
    "Anil Kumar",
    "अनिल कुमार",
    "Meera Iyer",
    "मीरा अय्यर",
    "Sunil Yadav",
    "सुनील यादव",
    "Fatima Khan",
    "फ़ातिमा ख़ान",
    "Gurpreet Singh",
    "ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ",
    "অর্পিতা বন্দ্যোপাধ্যায়",
    "ધ્રુવ પટેલ",
    "கார்த்திக் ராஜா",
    "శ్రీనివాస్ రెడ్డి",
    "ಲಕ್ಷ್ಮಿ ಗೌಡ",
    "അനിൽ മേനോൻ",
    "ସୁଭଦ୍ରା ମହାନ୍ତି",
    "عمران قریشی",
    "",
];
const OPERATORS: [&str; 4] = ["Airtel", "Jio", "Vi", "BSNL"];
const CIRCLES: [&str; 6] = [
    "Delhi",
    "Mumbai",
    "Karnataka",
    "Gujarat",
    "Kolkata",
    "UP East",
];
const DISPOSITIONS: [&str; 4] = ["sale", "callback", "not interested", "wrong number"];

/// SplitMix64: tiny, fast, and the same everywhere.
#[derive(Clone, Debug)]
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..bound`.
    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound.max(1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// An endless, deterministic stream of realistic calls.
#[derive(Clone, Debug)]
pub struct Generator {
    rng: SplitMix64,
    user_id: UserId,
    recording_token: String,
    next_start: DateTime<FixedOffset>,
    spacing_seconds: u64,
    index: u64,
}

impl Generator {
    /// Calls for the demo account `10000001`, starting on 1 November 2025 at 09:00 India
    /// Standard Time, about one every 30 seconds.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        let start = IST
            .with_ymd_and_hms(2025, 11, 1, 9, 0, 0)
            .single()
            .unwrap_or_else(|| {
                DateTime::from_timestamp(1_761_967_800, 0)
                    .unwrap_or_default()
                    .with_timezone(&IST)
            });
        Self {
            rng: SplitMix64(seed),
            user_id: UserId::new("10000001").unwrap_or_else(|_| unreachable!("a valid user id")),
            recording_token: "demo-recording-token".to_owned(),
            next_start: start,
            spacing_seconds: 30,
            index: 0,
        }
    }

    /// Calls of account `user_id`.
    #[must_use]
    pub fn user_id(mut self, user_id: UserId) -> Self {
        self.user_id = user_id;
        self
    }

    /// The token put in recording locators (the server checks it against the account).
    #[must_use]
    pub fn recording_token(mut self, token: impl Into<String>) -> Self {
        self.recording_token = token.into();
        self
    }

    /// The first call's start, and the average gap between calls.
    #[must_use]
    pub fn starting_at<Tz: TimeZone>(mut self, start: DateTime<Tz>, spacing: Duration) -> Self {
        self.next_start = start.with_timezone(&IST);
        self.spacing_seconds = spacing.as_secs().max(1);
        self
    }

    fn call_id(&mut self, started_at: DateTime<FixedOffset>) -> CallId {
        const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
        let prefix: String = (0..9)
            .map(|_| char::from(*self.rng.pick(ALPHABET)))
            .collect();
        let id = format!(
            "{prefix}{:010}{:08}",
            started_at.timestamp(),
            self.index % 100_000_000
        );
        CallId::new(id).unwrap_or_else(|_| unreachable!("generated ids are well formed"))
    }

    fn number(&mut self) -> String {
        format!("{FICTIONAL_NUMBER_PREFIX}{:05}", self.rng.below(100_000))
    }

    fn locator(
        &mut self,
        call: &Call,
        number: &str,
        at: DateTime<FixedOffset>,
    ) -> Option<RecordingLocator> {
        let local = at.naive_local();
        let stamp = if self.rng.chance(10) {
            local.format("%Y-%-m-%-d-%-H-%-M-%-S").to_string()
        } else {
            local.format("%Y-%m-%d-%H-%M-%S").to_string()
        };
        let text = format!(
            "{}*mp3*{}*{}*{}_{}_{}_{}.mp3",
            self.recording_token,
            self.user_id,
            local.format("%Y*%m*%d"),
            call.id,
            number,
            stamp,
            call.call_type
        );
        RecordingLocator::parse(&text).ok()
    }

    fn leg_timing(&mut self, start: DateTime<FixedOffset>, answered: bool) -> LegTiming {
        let ring = Duration::from_secs(2 + self.rng.below(25));
        let talk = if answered {
            Duration::from_secs(5 + self.rng.below(900))
        } else {
            Duration::ZERO
        };
        let start = answered.then_some(start);
        LegTiming {
            node: Some((*self.rng.pick(&["agentCall", "ivr", "queue"])).to_owned()),
            ring,
            start_date: start.map(|s| s.date_naive()),
            start_time: start.map(|s| s.time()),
            talk,
            call_duration: ring + talk,
            retries: u32::from(self.rng.chance(15)),
            answer: if answered { ring } else { Duration::ZERO },
            recording: None,
        }
    }
}

impl Iterator for Generator {
    type Item = Call;

    fn next(&mut self) -> Option<Call> {
        let jitter = self.rng.below(self.spacing_seconds);
        let started_at =
            self.next_start + chrono::Duration::seconds(i64::try_from(jitter).unwrap_or(0));
        self.next_start +=
            chrono::Duration::seconds(i64::try_from(self.spacing_seconds).unwrap_or(1));
        let call_type =
            CallType::KNOWN[(self.index % CallType::KNOWN.len() as u64) as usize].clone();
        let id = self.call_id(started_at);
        let mut call = Call::new(id, started_at, call_type);
        self.index += 1;

        let status = CallStatus::new(3 + u16::try_from(self.rng.below(19)).unwrap_or(0));
        let answered = matches!(status.code(), 3 | 4 | 5 | 10 | 16 | 18);
        let customer = self.number();
        call.user_id = Some(self.user_id.clone());
        call.status = status;
        call.customer_number = PhoneNumber::new(customer.clone());
        call.customer_name = Some(self.rng.pick(&NAMES).to_string()).filter(|n| !n.is_empty());
        call.operator = Some(self.rng.pick(&OPERATORS).to_string());
        call.circle = Some(self.rng.pick(&CIRCLES).to_string());
        call.ivr_ids = if self.rng.chance(40) {
            vec![100 + self.rng.below(5) as i64]
        } else {
            Vec::new()
        };
        call.exc = Some(90);
        call.amount = f64::from(u32::try_from(self.rng.below(8)).unwrap_or(0)) * 0.5;

        let agent_count = 1 + self.rng.below(3) as usize;
        let queue = Duration::from_secs(if call.ivr_ids.is_empty() {
            0
        } else {
            self.rng.below(120)
        });
        let mut leg_start =
            started_at + chrono::Duration::seconds(i64::try_from(queue.as_secs()).unwrap_or(0) + 2);
        for position in 0..agent_count {
            let agent_answered = answered && position + 1 == agent_count;
            let agent = AgentId::new(20 + self.rng.below(30));
            let mut timing = self.leg_timing(leg_start, agent_answered);
            if agent_answered && self.rng.chance(85) {
                timing.recording = self.locator(&call, &customer, leg_start);
            }
            leg_start += chrono::Duration::seconds(
                i64::try_from(timing.call_duration.as_secs()).unwrap_or(0),
            );
            call.agent_legs.push(AgentLeg::new(Some(agent), timing));
        }
        let mut customer_timing = self.leg_timing(started_at, answered);
        customer_timing.recording = call
            .agent_legs
            .iter()
            .find_map(|leg| leg.timing.recording.clone());
        customer_timing.node = None;
        let mut customer_leg = CustomerLeg::new(call.customer_number.clone(), customer_timing);
        customer_leg.node_type = None;
        call.customer_legs.push(customer_leg);

        let answering_agent = call
            .agent_legs
            .last()
            .filter(|_| answered)
            .and_then(|leg| leg.agent);
        call.first_agent = answering_agent;
        call.agent_count = u32::try_from(agent_count).unwrap_or(1);
        call.first_attended = answered.then_some(FirstAttendant::Agent);
        let talk = call
            .agent_legs
            .iter()
            .map(|leg| leg.timing.talk)
            .sum::<Duration>();
        let on_call = call
            .agent_legs
            .iter()
            .map(|leg| leg.timing.call_duration)
            .sum::<Duration>();
        call.durations = CallDurations::new(queue, talk, on_call);
        if call.call_type == CallType::ClickToCall {
            let api = json!({"userId": self.user_id.as_str(), "callFirst": "agent", "customer": customer, "agent_id": answering_agent.map(|a| a.get().to_string())});
            if let Value::Object(object) = api {
                call.originating_request = Some(OriginatingRequest::from_object(&object));
            }
        }
        call.extra
            .insert("cstm", json!({"disposition": self.rng.pick(&DISPOSITIONS)}));
        Some(call)
    }
}

/// A page of `count` generated calls as the raw JSON documents a `list` response carries:
/// `{"data": [ … ]}`.
#[must_use]
pub fn list_body(seed: u64, count: usize) -> String {
    let rows: Vec<String> = Generator::new(seed)
        .take(count)
        .map(|call| call.to_json())
        .collect();
    format!("{{\"data\":[{}]}}", rows.join(","))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::{Generator, list_body};
    use crate::call::Call;
    use crate::list::CallPage;
    use crate::response::{Reply, Response};

    #[test]
    fn covers_every_call_type_and_decodes_back() {
        let calls: Vec<Call> = Generator::new(1).take(200).collect();
        let types: BTreeSet<&str> = calls.iter().map(|c| c.call_type.as_str()).collect();
        assert_eq!(types.len(), 9);
        assert!(calls.iter().all(|c| (1..=3).contains(&c.agent_legs.len())));
        assert!(calls.iter().any(|c| c.recordings().next().is_some()));
        assert!(
            calls
                .iter()
                .any(|c| c.customer_name.as_deref().is_some_and(|n| !n.is_ascii()))
        );
        let ids: BTreeSet<&str> = calls.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids.len(), 200);
        for call in &calls {
            assert_eq!(&Call::from_json(&call.to_json()).unwrap(), call);
        }
    }

    #[test]
    fn list_bodies_decode_without_rejections() {
        let response = Response::<CallPage>::decode(list_body(3, 50).as_bytes()).unwrap();
        let Reply::Data(page) = response.reply else {
            panic!("expected a page")
        };
        assert_eq!(page.calls.len(), 50);
        assert!(page.rejected.is_empty());
    }
}
