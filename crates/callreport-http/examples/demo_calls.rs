//! Writes generated demo data for the benchmarks, on standard output.
//!
//! - `demo_calls calls COUNT USER_ID`: COUNT raw call documents of account USER_ID, one JSON
//!   document per line (the input of `callreport import`).
//! - `demo_calls ids COUNT EVERY [USER_ID]`: every EVERY-th call id among the first COUNT calls
//!   of the main demo account (the ids `callreport serve --demo --calls COUNT` holds), or with
//!   USER_ID among those `demo_calls calls COUNT USER_ID` writes.

use std::io::{BufWriter, Write};

use callreport_model::UserId;
use callreport_model::generate::Generator;
use callreport_store::demo::MAIN;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |index: usize| -> Result<usize, Box<dyn std::error::Error>> {
        let text = args.get(index).ok_or("missing argument")?;
        Ok(text.parse()?)
    };
    let mut out = BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
    match args.first().map(String::as_str) {
        Some("calls") => {
            let user_id = UserId::new(args.get(2).ok_or("missing user id")?.as_str())?;
            for call in written(user_id).take(number(1)?) {
                writeln!(out, "{}", call.to_json())?;
            }
        }
        Some("ids") => {
            let every = number(2)?.max(1);
            let generator = match args.get(3) {
                Some(user_id) => written(UserId::new(user_id.as_str())?),
                None => MAIN.generator(),
            };
            for call in generator.take(number(1)?).step_by(every) {
                writeln!(out, "{}", call.id)?;
            }
        }
        _ => {
            return Err(
                "usage: demo_calls calls COUNT USER_ID | demo_calls ids COUNT EVERY [USER_ID]"
                    .into(),
            );
        }
    }
    out.flush()?;
    Ok(())
}

/// The generator behind `demo_calls calls … USER_ID`.
fn written(user_id: UserId) -> Generator {
    Generator::new(99).user_id(user_id)
}
