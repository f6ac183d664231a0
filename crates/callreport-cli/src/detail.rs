//! `callreport detail CALL_ID [--view …]`: one call, in any view.

use callreport_model::{CallId, DetailView, GetCall};
use clap::builder::PossibleValue;
use clap::{Args, ValueEnum};

use crate::exit::Failure;
use crate::output::{self, Shape};
use crate::settings::Settings;

/// A Call Detail view as a command-line value: the model's [`DetailView`], by its plain name.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ViewArg(DetailView);

const VIEWS: [ViewArg; 5] = [
    ViewArg(DetailView::EVERY[0]),
    ViewArg(DetailView::EVERY[1]),
    ViewArg(DetailView::EVERY[2]),
    ViewArg(DetailView::EVERY[3]),
    ViewArg(DetailView::EVERY[4]),
];

impl ValueEnum for ViewArg {
    fn value_variants<'a>() -> &'a [Self] {
        &VIEWS
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.0.name()).help(self.0.description()))
    }
}

/// Arguments of `callreport detail`.
#[derive(Debug, Args)]
pub(crate) struct DetailArgs {
    /// The call id (`clId`).
    call_id: String,
    /// Which view to ask for.
    #[arg(long, value_enum, default_value = "standard")]
    view: ViewArg,
    #[command(flatten)]
    shape: Shape,
}

pub(crate) async fn run(args: DetailArgs, settings: &Settings) -> Result<(), Failure> {
    let call_id = CallId::new(&args.call_id).map_err(|error| Failure::usage(error.to_string()))?;
    let client = settings.client()?;
    let request = GetCall::new(call_id.clone()).view(args.view.0);
    match client.detail_view(&request).await? {
        Some(detail) => output::detail(&detail, args.shape),
        None => Err(Failure::other(format!(
            "no call {call_id} for this account (the API answered \"no data\")"
        ))),
    }
}
