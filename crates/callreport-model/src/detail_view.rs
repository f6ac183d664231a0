//! Which Call Detail view a request asks for: the one definition, shared by the request, the
//! response, the server and the command line.

use std::fmt;

/// A Call Detail view, named on the wire by the request's `rType`.
///
/// ```
/// use callreport_model::DetailView;
///
/// assert_eq!(DetailView::from_report_type("rcrd"), Some(DetailView::Recordings));
/// // The provider's own code samples send `dtl`; its example answer is the raw document.
/// assert_eq!(DetailView::from_report_type("dtl"), Some(DetailView::All));
/// assert_eq!(DetailView::Standard.report_type(), None);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum DetailView {
    /// The standard view (no `rType`): long names, formatted values.
    #[default]
    Standard,
    /// Agent handling details (`agts`).
    Agents,
    /// Recording details and URLs (`rcrd`).
    Recordings,
    /// The deduction (billing) log (`ddLog`).
    Deductions,
    /// The complete raw call document (`allDetail`, also `dtl`).
    All,
}

/// `rType` values and the view each names; the first spelling of a view is the one written.
const REPORT_TYPES: &[(&str, DetailView)] = &[
    ("agts", DetailView::Agents),
    ("rcrd", DetailView::Recordings),
    ("ddLog", DetailView::Deductions),
    ("allDetail", DetailView::All),
    ("dtl", DetailView::All),
];

impl DetailView {
    /// Every view.
    pub const EVERY: [Self; 5] = [
        Self::Standard,
        Self::Agents,
        Self::Recordings,
        Self::Deductions,
        Self::All,
    ];

    /// What `rType` may be, for error messages.
    pub const EXPECTED: &'static str = "one of \"agts\", \"rcrd\", \"ddLog\", \"allDetail\", \"dtl\" (or none for the standard view)";

    /// The `rType` that asks for this view; `None` for the standard view.
    #[must_use]
    pub fn report_type(self) -> Option<&'static str> {
        REPORT_TYPES
            .iter()
            .find(|(_, view)| *view == self)
            .map(|(text, _)| *text)
    }

    /// The view an `rType` names; an empty `rType` is the standard view. `None` for text that
    /// names no view.
    #[must_use]
    pub fn from_report_type(text: &str) -> Option<Self> {
        if text.is_empty() {
            return Some(Self::Standard);
        }
        Self::spelling(text).map(|(_, view)| view)
    }

    /// The accepted spelling of `text` and the view it names.
    pub(crate) fn spelling(text: &str) -> Option<(&'static str, Self)> {
        REPORT_TYPES
            .iter()
            .find(|(spelling, _)| *spelling == text)
            .copied()
    }

    /// Every accepted `rType`, quoted, for messages: `"agts", "rcrd", …`.
    #[must_use]
    pub fn accepted_report_types() -> String {
        REPORT_TYPES
            .iter()
            .map(|(text, _)| format!("{text:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// What the view shows, in a few words.
    #[must_use]
    pub fn description(self) -> &'static str {
        match self {
            Self::Standard => "The standard view (formatted fields)",
            Self::Agents => "Agent handling (`rType` agts)",
            Self::Recordings => "Recordings and their locators (`rType` rcrd)",
            Self::Deductions => "The deduction log (`rType` ddLog)",
            Self::All => "The complete raw document (`rType` allDetail)",
        }
    }

    /// A plain name: `standard`, `agents`, `recordings`, `deductions`, `all`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Standard => "standard",
            Self::Agents => "agents",
            Self::Recordings => "recordings",
            Self::Deductions => "deductions",
            Self::All => "all",
        }
    }
}

impl fmt::Display for DetailView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::DetailView;

    #[test]
    fn every_view_round_trips_through_its_report_type() {
        for view in DetailView::EVERY {
            let text = view.report_type().unwrap_or("");
            assert_eq!(DetailView::from_report_type(text), Some(view));
        }
        assert_eq!(DetailView::from_report_type("bogus"), None);
        let listed = format!(
            "one of {} (or none for the standard view)",
            DetailView::accepted_report_types()
        );
        assert_eq!(DetailView::EXPECTED, listed);
    }
}
