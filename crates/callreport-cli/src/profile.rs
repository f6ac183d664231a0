//! Named profiles in the config file: where a team keeps a job's settings, never its secrets
//! in the file itself.
//!
//! ```toml
//! [profile.nightly]
//! base-url = "https://v4-api.deepcall.com"
//! user-id = "10000001"
//! token-file = "/etc/callreport/nightly.token"   # readable by its owner alone
//! tz = "Asia/Kolkata"
//! format = "xlsx"
//! ```

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::exit::Failure;

/// The profile used when none is named, if the file has it.
pub(crate) const DEFAULT_PROFILE: &str = "default";

/// The config file: profiles by name.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    profile: BTreeMap<String, Profile>,
}

/// One profile's settings; every one optional, a flag or environment variable wins over it.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Profile {
    pub(crate) base_url: Option<String>,
    pub(crate) user_id: Option<String>,
    /// A file holding the API token (for `user-id`), readable by its owner alone.
    pub(crate) token_file: Option<PathBuf>,
    /// A file holding a session id, readable by its owner alone.
    pub(crate) ssid_file: Option<PathBuf>,
    pub(crate) tz: Option<String>,
    pub(crate) timeout: Option<u64>,
    pub(crate) stall_timeout: Option<u64>,
    pub(crate) attempts: Option<u32>,
    /// The report format when `-o` has no extension and `--format` is not given.
    pub(crate) format: Option<String>,
}

/// Where the config file is: `--config`, or `callreport/config.toml` in the platform's config
/// folder (`$XDG_CONFIG_HOME` or `~/.config` on Linux).
pub(crate) fn default_path() -> Option<PathBuf> {
    dirs::config_dir().map(|dir| dir.join("callreport").join("config.toml"))
}

/// The profile `name` (or the default one, when `name` is `None` and the file has it).
pub(crate) fn load(path: Option<&Path>, name: Option<&str>) -> Result<Profile, Failure> {
    let path = path.map(Path::to_path_buf).or_else(default_path);
    let file = match &path {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => toml::from_str::<ConfigFile>(&text).map_err(|error| {
                Failure::usage(format!("config file {}: {error}", path.display()))
            })?,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => ConfigFile::default(),
            Err(error) => {
                return Err(Failure::local(
                    format!("cannot read the config file {}", path.display()),
                    &error,
                ));
            }
        },
        None => ConfigFile::default(),
    };
    let Some(name) = name else {
        return Ok(file
            .profile
            .get(DEFAULT_PROFILE)
            .cloned()
            .unwrap_or_default());
    };
    file.profile.get(name).cloned().ok_or_else(|| {
        let known: Vec<&str> = file.profile.keys().map(String::as_str).collect();
        let place = path.map_or_else(
            || "(no config folder)".to_owned(),
            |p| p.display().to_string(),
        );
        Failure::usage(if known.is_empty() {
            format!("no profile {name:?}: {place} defines none")
        } else {
            format!(
                "no profile {name:?} in {place}; it defines: {}",
                known.join(", ")
            )
        })
    })
}

/// A secret from a file that only its owner may read (mode `600` or `400`); trailing
/// whitespace removed.
pub(crate) fn read_secret_file(path: &Path) -> Result<String, Failure> {
    let meta = std::fs::metadata(path)
        .map_err(|error| Failure::local(format!("cannot read {}", path.display()), &error))?;
    let mode = meta.permissions().mode();
    if mode & 0o077 != 0 {
        return Err(Failure::usage(format!(
            "{} can be read by other users (mode {:o}); a secret file must be readable by its owner alone: chmod 600 {}",
            path.display(),
            mode & 0o777,
            path.display()
        )));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|error| Failure::local(format!("cannot read {}", path.display()), &error))?;
    let secret = text.trim_end().to_owned();
    if secret.is_empty() {
        return Err(Failure::usage(format!("{} is empty", path.display())));
    }
    Ok(secret)
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::{load, read_secret_file};

    #[test]
    fn profiles_are_read_and_unknown_names_listed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(
            &path,
            "[profile.default]\nbase-url = \"http://127.0.0.1:1\"\n[profile.nightly]\ntz = \"UTC\"\n",
        )
        .unwrap();
        let default = load(Some(&path), None).unwrap();
        assert_eq!(default.base_url.as_deref(), Some("http://127.0.0.1:1"));
        assert_eq!(
            load(Some(&path), Some("nightly")).unwrap().tz.as_deref(),
            Some("UTC")
        );
        let error = load(Some(&path), Some("weekly")).unwrap_err();
        assert!(
            error.message.contains("default, nightly"),
            "{}",
            error.message
        );
        std::fs::write(&path, "[profile.x]\nbase_url = \"typo\"\n").unwrap();
        assert!(
            load(Some(&path), Some("x"))
                .unwrap_err()
                .message
                .contains("unknown field")
        );
    }

    #[test]
    fn a_secret_file_others_can_read_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("token");
        std::fs::write(&path, "s3cret\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let error = read_secret_file(&path).unwrap_err();
        assert!(error.message.contains("chmod 600"), "{}", error.message);
        assert!(!error.message.contains("s3cret"));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(read_secret_file(&path).unwrap(), "s3cret");
    }
}
