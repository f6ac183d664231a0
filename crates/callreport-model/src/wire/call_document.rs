//! The raw call document (`allDetail`, and the seed's "Example Response").

use serde_json::Value;

use crate::wire::wire_record;

wire_record! {
    /// A call as the provider stores it: the terse document `allDetail` returns.
    pub struct CallDocument {
        /// IVR execute flow.
        "iExcFlw" => ivr_execute_flow: Value,
        /// Unknown boolean.
        "chIs" => ch_is: Value,
        /// Call id.
        "clId" => call_id: Value,
        /// Customer number.
        "cNum" [secret] => customer_number: Value,
        /// Customer name.
        "cNm" [secret] => customer_name: Value,
        /// Durations.
        "dur" => durations: Durations,
        /// Amount charged.
        "amt" => amount: Value,
        /// IVR ids; `[-1]` means none.
        "ivrAr" => ivr_ids: Value,
        /// Telecom operator.
        "op" => operator: Value,
        /// Telecom circle.
        "crcl" => circle: Value,
        /// Who answered first.
        "fAtnd" => first_attended: Value,
        /// Unknown number.
        "exc" => exc: Value,
        /// Account id.
        "uid" => user_id: Value,
        /// The originating API request, JSON encoded in a string.
        "api" [secret] => api: Value,
        /// Call type.
        "clTy" => call_type: Value,
        /// Push-webhook URL.
        "pWbU" [secret] => push_webhook_url: Value,
        /// Push-webhook delivery status.
        "pWbS" => push_webhook_status: Value,
        /// Per-node details.
        "ndDt" => node_details: Value,
        /// Status code.
        "st" => status: Value,
        /// The agent who attended first.
        "mAgt" => first_agent: Value,
        /// Number of agents involved.
        "tAgtCnt" => agent_count: Value,
        /// Call date, `22/Nov/2025`.
        "clDt" => call_date: Value,
        /// Call time, `4:13:18 pm`.
        "clTm" => call_time: Value,
        /// Call start, milliseconds since the Unix epoch.
        "tm" => started_at: Value,
        /// Agent-side legs.
        "ctcc" => agent_legs: Vec<AgentLeg>,
        /// Customer-side legs.
        "ctc" => customer_legs: Vec<CustomerLeg>,
    }
}

wire_record! {
    /// The three durations of a call (`dur`).
    pub struct Durations {
        /// Queue time, `HH:MM:SS`.
        "q" => queue: Value,
        /// Customer (talk) time, `HH:MM:SS`.
        "c" => customer: Value,
        /// Agent-on-call time, `HH:MM:SS`.
        "agtOnCl" => agent_on_call: Value,
    }
}

wire_record! {
    /// An agent-side leg (`ctcc[]`).
    pub struct AgentLeg {
        /// Agent id.
        "agt" => agent: Value,
        /// Node.
        "nd" => node: Value,
        /// Ring time, `HH:MM:SS`.
        "rgDur" => ring: Value,
        /// Start time, `4:13:38 pm`.
        "sTm" => start_time: Value,
        /// Start date, `22/11/25`.
        "sDt" => start_date: Value,
        /// Talk time, `HH:MM:SS`.
        "dur" => talk: Value,
        /// Call duration, `HH:MM:SS`.
        "clDur" => call_duration: Value,
        /// Retry count, as a string.
        "rty" => retries: Value,
        /// Answer time, `HH:MM:SS`.
        "ansTm" => answer: Value,
        /// Recording locator.
        "rcrd" [secret] => recording: Value,
    }
}

wire_record! {
    /// A customer-side leg (`ctc[]`).
    pub struct CustomerLeg {
        /// Customer number dialled.
        "num" [secret] => number: Value,
        /// Node.
        "nd" => node: Value,
        /// Node type.
        "ndTy" => node_type: Value,
        /// Ring time, `HH:MM:SS`.
        "rgDur" => ring: Value,
        /// Start time, `4:13:38 pm`.
        "sTm" => start_time: Value,
        /// Start date, `22/11/25`.
        "sDt" => start_date: Value,
        /// Talk time, `HH:MM:SS`.
        "dur" => talk: Value,
        /// Call duration, `HH:MM:SS`.
        "clDur" => call_duration: Value,
        /// Retry count, as a string.
        "rty" => retries: Value,
        /// Answer time, `HH:MM:SS`.
        "ansTm" => answer: Value,
        /// Recording locator.
        "rcrd" [secret] => recording: Value,
    }
}
