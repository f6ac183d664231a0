//! Reading a request body, up to a size and within a time: a total deadline, and a minimum
//! rate after a short grace, so that a body dripped byte by byte cannot hold a connection and
//! its buffer for long.

use std::time::Duration;

use bytes::{Bytes, BytesMut};
use http::header::CONTENT_LENGTH;
use http::{HeaderMap, Response, StatusCode};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use tokio::time::Instant;

use super::config::ServerConfig;
use super::respond::{self, Body};

/// The whole body, or the response refusing it: 413 past the size limit, 408 when it comes too
/// slowly, 400 when it breaks off.
pub(crate) async fn read(
    headers: &HeaderMap,
    mut body: Incoming,
    config: &ServerConfig,
) -> Result<Bytes, Response<Body>> {
    let limit = config.max_body_bytes;
    let too_large = || {
        respond::http_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the request body is larger than {limit} bytes"),
        )
    };
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(too_large());
    }
    let pace = Pace::new(config);
    let mut collected = BytesMut::new();
    loop {
        let deadline = pace.next_byte_deadline(collected.len());
        let frame = match tokio::time::timeout_at(deadline, body.frame()).await {
            Err(_) => return Err(too_slow(&pace)),
            Ok(None) => break,
            Ok(Some(Err(_))) => {
                return Err(respond::http_error(
                    StatusCode::BAD_REQUEST,
                    "the request body could not be read",
                ));
            }
            Ok(Some(Ok(frame))) => frame,
        };
        if let Ok(data) = frame.into_data() {
            if collected.len() + data.len() > limit {
                return Err(too_large());
            }
            collected.extend_from_slice(&data);
        }
    }
    Ok(collected.freeze())
}

/// 408, closing the connection: the rest of the body will not be read.
fn too_slow(pace: &Pace) -> Response<Body> {
    let mut response = respond::http_error(
        StatusCode::REQUEST_TIMEOUT,
        format!(
            "the request body did not arrive within {} s, or slower than {} bytes/s",
            pace.total.as_secs(),
            pace.min_rate
        ),
    );
    response.headers_mut().insert(
        http::header::CONNECTION,
        http::HeaderValue::from_static("close"),
    );
    response
}

/// When the next bytes of a body must have arrived.
struct Pace {
    started: Instant,
    total: Duration,
    grace: Duration,
    min_rate: u64,
}

impl Pace {
    fn new(config: &ServerConfig) -> Self {
        Self {
            started: Instant::now(),
            total: config.body_read_timeout,
            grace: ServerConfig::BODY_RATE_GRACE.min(config.body_read_timeout),
            min_rate: config.body_min_bytes_per_second,
        }
    }

    /// With `received` bytes in, the body keeps the minimum rate until `grace + received / rate`
    /// after its start; the total deadline caps that.
    fn next_byte_deadline(&self, received: usize) -> Instant {
        let total = self.started + self.total;
        if self.min_rate == 0 {
            return total;
        }
        let earned = Duration::from_secs_f64(received as f64 / self.min_rate as f64);
        (self.started + self.grace + earned).min(total)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::Pace;
    use crate::server::ServerConfig;

    fn pace(total: u64, rate: u64) -> Pace {
        let config = ServerConfig::new("127.0.0.1:0".parse().unwrap())
            .body_read_timeout(Duration::from_secs(total))
            .body_min_bytes_per_second(rate);
        Pace::new(&config)
    }

    #[test]
    fn each_byte_earns_time_at_the_minimum_rate_up_to_the_total() {
        let slow = pace(30, 1_000);
        let after = |received| slow.next_byte_deadline(received) - slow.started;
        assert_eq!(after(0), ServerConfig::BODY_RATE_GRACE);
        assert_eq!(
            after(2_000),
            ServerConfig::BODY_RATE_GRACE + Duration::from_secs(2)
        );
        assert_eq!(
            after(1_000_000),
            Duration::from_secs(30),
            "the total caps it"
        );
        // A 1 byte / 2 s drip earns 1 ms per byte: it is closed soon after the grace.
        assert!(after(3) < ServerConfig::BODY_RATE_GRACE + Duration::from_millis(10));
        let short = pace(2, 1_000);
        assert_eq!(
            short.next_byte_deadline(0) - short.started,
            Duration::from_secs(2)
        );
        let no_rate = pace(30, 0);
        assert_eq!(
            no_rate.next_byte_deadline(0) - no_rate.started,
            Duration::from_secs(30)
        );
    }
}
