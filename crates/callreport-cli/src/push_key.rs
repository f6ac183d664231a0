//! `callreport push-key rotate`: a new random push key for an account, replacing the old one.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use callreport_model::UserId;
use callreport_store::CredentialKind;

use crate::database;
use crate::output;

/// Arguments of `callreport push-key`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Generate a new random push key for the account, replacing the old one (which stops
    /// working at once), and print it once on standard output: it is stored only as a digest
    /// and shown nowhere else.
    Rotate(RotateArgs),
}

#[derive(Debug, clap::Args)]
struct RotateArgs {
    /// The SQLite database.
    #[arg(long, env = "CALLREPORT_DB", default_value = "callreport.sqlite")]
    db: PathBuf,
    /// The account whose key is replaced; it must exist.
    #[arg(long)]
    user_id: String,
}

/// Random bytes in a push key: 128 bits, beyond guessing.
const KEY_BYTES: usize = 16;

pub(crate) async fn run(args: Args) -> anyhow::Result<ExitCode> {
    let Action::Rotate(args) = args.action;
    let user_id = UserId::new(&args.user_id).context("--user-id")?;
    let store = database::open(&args.db).await?;
    let key = new_key()?;
    store
        .replace_credential(&user_id, CredentialKind::Push, &key)
        .await
        .context("cannot replace the push key")?;
    store.flush().await.context("cannot finish writing")?;
    output::new_secret(&key);
    Ok(ExitCode::SUCCESS)
}

/// `push-` and 32 lowercase hex digits from the system's random source: safe in a URL path.
fn new_key() -> anyhow::Result<String> {
    let mut bytes = [0_u8; KEY_BYTES];
    getrandom::fill(&mut bytes).map_err(|error| anyhow::anyhow!("no random source: {error}"))?;
    let mut key = String::from("push-");
    for byte in bytes {
        key.push(char::from_digit(u32::from(byte >> 4), 16).unwrap_or('0'));
        key.push(char::from_digit(u32::from(byte & 0xf), 16).unwrap_or('0'));
    }
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::new_key;

    #[test]
    fn keys_are_random_hex_after_a_prefix() {
        let (one, two) = (new_key().unwrap(), new_key().unwrap());
        assert_ne!(one, two);
        assert_eq!(one.len(), 5 + 32);
        assert!(
            one[5..]
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
    }
}
