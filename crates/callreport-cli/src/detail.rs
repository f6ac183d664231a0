//! `callreport detail CALL_ID [--view …]`: one call, in any view.

use callreport_model::{CallDetail, CallId, ReportType};
use clap::{Args, ValueEnum};

use crate::connect::ConnectArgs;
use crate::exit::Failure;
use crate::output::{self, Shape};

/// The views of Call Detail.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum View {
    /// The standard view (formatted fields).
    Standard,
    /// Agent handling (`rType` agts).
    Agents,
    /// Recordings and their locators (`rType` rcrd).
    Recordings,
    /// The deduction log (`rType` ddLog).
    Deductions,
    /// The complete raw document (`rType` allDetail).
    All,
}

/// Arguments of `callreport detail`.
#[derive(Debug, Args)]
pub(crate) struct DetailArgs {
    /// The call id (`clId`).
    call_id: String,
    /// Which view to ask for.
    #[arg(long, value_enum, default_value = "standard")]
    view: View,
    #[command(flatten)]
    shape: Shape,
    #[command(flatten)]
    connect: ConnectArgs,
}

pub(crate) async fn run(args: DetailArgs) -> Result<(), Failure> {
    let call_id = CallId::new(&args.call_id).map_err(|error| Failure::usage(error.to_string()))?;
    let client = args.connect.client()?;
    let mut request = CallDetail::new(call_id.clone());
    request.report_type = match args.view {
        View::Standard => None,
        View::Agents => Some(ReportType::Agents),
        View::Recordings => Some(ReportType::Recordings),
        View::Deductions => Some(ReportType::Deductions),
        View::All => Some(ReportType::AllDetail),
    };
    match client.detail_view(&request).await? {
        Some(detail) => output::detail(&detail, args.shape),
        None => Err(Failure {
            code: crate::exit::Code::Other,
            message: format!("no call {call_id} for this account (the API answered \"no data\")"),
        }),
    }
}
