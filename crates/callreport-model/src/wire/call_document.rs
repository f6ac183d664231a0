//! The raw call document (`allDetail`, and the seed's "Example Response").

use crate::wire::Scalar;

use crate::wire::wire_record;

wire_record! {
    /// A call as the provider stores it: the terse document `allDetail` returns.
    pub struct CallDocument {
        /// IVR execute flow.
        "iExcFlw" => ivr_execute_flow: Scalar<'a>,
        /// Unknown boolean.
        "chIs" => ch_is: Scalar<'a>,
        /// Call id.
        "clId" => call_id: Scalar<'a>,
        /// Customer number.
        "cNum" [secret] => customer_number: Scalar<'a>,
        /// Customer name.
        "cNm" [secret] => customer_name: Scalar<'a>,
        /// Durations.
        "dur" => durations: Durations<'a>,
        /// Amount charged.
        "amt" => amount: Scalar<'a>,
        /// IVR ids; `[-1]` means none.
        "ivrAr" => ivr_ids: Scalar<'a>,
        /// Telecom operator.
        "op" => operator: Scalar<'a>,
        /// Telecom circle.
        "crcl" => circle: Scalar<'a>,
        /// Who answered first.
        "fAtnd" => first_attended: Scalar<'a>,
        /// Unknown number.
        "exc" => exc: Scalar<'a>,
        /// Account id.
        "uid" => user_id: Scalar<'a>,
        /// The originating API request, JSON encoded in a string.
        "api" [secret] => api: Scalar<'a>,
        /// Call type.
        "clTy" => call_type: Scalar<'a>,
        /// Push-webhook URL.
        "pWbU" [secret] => push_webhook_url: Scalar<'a>,
        /// Push-webhook delivery status.
        "pWbS" => push_webhook_status: Scalar<'a>,
        /// Per-node details.
        "ndDt" => node_details: Scalar<'a>,
        /// Status code.
        "st" => status: Scalar<'a>,
        /// The agent who attended first.
        "mAgt" => first_agent: Scalar<'a>,
        /// Number of agents involved.
        "tAgtCnt" => agent_count: Scalar<'a>,
        /// Call date, `22/Nov/2025`.
        "clDt" => call_date: Scalar<'a>,
        /// Call time, `4:13:18 pm`.
        "clTm" => call_time: Scalar<'a>,
        /// Call start, milliseconds since the Unix epoch.
        "tm" => started_at: Scalar<'a>,
        /// Agent-side legs.
        "ctcc" => agent_legs: Vec<AgentLeg<'a>>,
        /// Customer-side legs.
        "ctc" => customer_legs: Vec<CustomerLeg<'a>>,
    }
}

wire_record! {
    /// The three durations of a call (`dur`).
    pub struct Durations {
        /// Queue time, `HH:MM:SS`.
        "q" => queue: Scalar<'a>,
        /// Customer (talk) time, `HH:MM:SS`.
        "c" => customer: Scalar<'a>,
        /// Agent-on-call time, `HH:MM:SS`.
        "agtOnCl" => agent_on_call: Scalar<'a>,
    }
}

wire_record! {
    /// An agent-side leg (`ctcc[]`).
    pub struct AgentLeg {
        /// Agent id.
        "agt" => agent: Scalar<'a>,
        /// Node.
        "nd" => node: Scalar<'a>,
        /// Ring time, `HH:MM:SS`.
        "rgDur" => ring: Scalar<'a>,
        /// Start time, `4:13:38 pm`.
        "sTm" => start_time: Scalar<'a>,
        /// Start date, `22/11/25`.
        "sDt" => start_date: Scalar<'a>,
        /// Talk time, `HH:MM:SS`.
        "dur" => talk: Scalar<'a>,
        /// Call duration, `HH:MM:SS`.
        "clDur" => call_duration: Scalar<'a>,
        /// Retry count, as a string.
        "rty" => retries: Scalar<'a>,
        /// Answer time, `HH:MM:SS`.
        "ansTm" => answer: Scalar<'a>,
        /// Recording locator.
        "rcrd" [secret] => recording: Scalar<'a>,
    }
}

wire_record! {
    /// A customer-side leg (`ctc[]`).
    pub struct CustomerLeg {
        /// Customer number dialled.
        "num" [secret] => number: Scalar<'a>,
        /// Node.
        "nd" => node: Scalar<'a>,
        /// Node type.
        "ndTy" => node_type: Scalar<'a>,
        /// Ring time, `HH:MM:SS`.
        "rgDur" => ring: Scalar<'a>,
        /// Start time, `4:13:38 pm`.
        "sTm" => start_time: Scalar<'a>,
        /// Start date, `22/11/25`.
        "sDt" => start_date: Scalar<'a>,
        /// Talk time, `HH:MM:SS`.
        "dur" => talk: Scalar<'a>,
        /// Call duration, `HH:MM:SS`.
        "clDur" => call_duration: Scalar<'a>,
        /// Retry count, as a string.
        "rty" => retries: Scalar<'a>,
        /// Answer time, `HH:MM:SS`.
        "ansTm" => answer: Scalar<'a>,
        /// Recording locator.
        "rcrd" [secret] => recording: Scalar<'a>,
    }
}
