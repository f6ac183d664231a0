//! A `tracing` layer that keeps every span of the client, with its fields, and every event.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::util::SubscriberInitExt;

/// The module path the client's spans and events come from.
const CLIENT: &str = "callreport_http::client";

/// A span as it ended up: its name and the last value of each field.
#[derive(Clone, Debug)]
pub(crate) struct CapturedSpan {
    pub(crate) name: String,
    pub(crate) fields: BTreeMap<String, String>,
}

/// An event: its level, fields (the message under `message`) and the span it happened in.
#[derive(Clone, Debug)]
pub(crate) struct CapturedEvent {
    pub(crate) level: tracing::Level,
    pub(crate) fields: BTreeMap<String, String>,
    pub(crate) span: Option<String>,
}

#[derive(Clone, Default)]
pub(crate) struct Captured {
    spans: Arc<Mutex<Vec<CapturedSpan>>>,
    events: Arc<Mutex<Vec<CapturedEvent>>>,
}

impl Captured {
    /// Captures what the client traces on this thread until the guard is dropped.
    pub(crate) fn start() -> (Self, tracing::subscriber::DefaultGuard) {
        let captured = Self::default();
        let guard = tracing_subscriber::registry()
            .with(captured.clone())
            .set_default();
        (captured, guard)
    }

    pub(crate) fn spans(&self) -> Vec<CapturedSpan> {
        self.spans.lock().unwrap().clone()
    }

    pub(crate) fn events(&self) -> Vec<CapturedEvent> {
        self.events.lock().unwrap().clone()
    }

    /// The spans named `name`.
    pub(crate) fn named(&self, name: &str) -> Vec<CapturedSpan> {
        self.spans()
            .into_iter()
            .filter(|span| span.name == name)
            .collect()
    }

    /// Every captured name, field name, value and message, as one text to search.
    pub(crate) fn all_text(&self) -> String {
        let mut text = String::new();
        for span in self.spans() {
            text.push_str(&span.name);
            for (name, value) in &span.fields {
                text.push_str(&format!(" {name}={value}"));
            }
            text.push('\n');
        }
        for event in self.events() {
            for (name, value) in &event.fields {
                text.push_str(&format!(" {name}={value}"));
            }
            text.push('\n');
        }
        text
    }
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.insert(field.name().to_owned(), value.to_string());
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.0.insert(field.name().to_owned(), value.to_string());
    }
}

/// The index of a span in [`Captured::spans`], kept in the span's extensions.
struct Index(usize);

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Captured {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        if !attrs.metadata().target().starts_with(CLIENT) {
            return;
        }
        let mut fields = BTreeMap::new();
        attrs.record(&mut Fields(&mut fields));
        let mut spans = self.spans.lock().unwrap();
        spans.push(CapturedSpan {
            name: attrs.metadata().name().to_owned(),
            fields,
        });
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(Index(spans.len() - 1));
        }
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let extensions = span.extensions();
        let Some(Index(index)) = extensions.get::<Index>() else {
            return;
        };
        let mut spans = self.spans.lock().unwrap();
        values.record(&mut Fields(&mut spans[*index].fields));
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        if !event.metadata().target().starts_with(CLIENT) {
            return;
        }
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        self.events.lock().unwrap().push(CapturedEvent {
            level: *event.metadata().level(),
            fields,
            span: ctx.event_span(event).map(|span| span.name().to_owned()),
        });
    }
}
