//! Where a store lives: an SQLite file or a PostgreSQL database.

use std::convert::Infallible;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

/// Where a store lives, as given on the command line (`--db`).
///
/// A value starting with `postgres://` or `postgresql://` is a PostgreSQL
/// database; anything else is the path of an SQLite file.
///
/// ```
/// use storyline_store::Location;
///
/// let file: Location = "storyline.db".parse().unwrap();
/// assert!(matches!(file, Location::File(_)));
/// let shared: Location = "postgres://storyline@db.internal/news".parse().unwrap();
/// assert!(matches!(shared, Location::Postgres(_)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// An SQLite file (created if missing).
    File(PathBuf),
    /// A PostgreSQL connection URL.
    Postgres(String),
}

impl Location {
    /// Whether this is a shared PostgreSQL database.
    pub fn is_postgres(&self) -> bool {
        matches!(self, Location::Postgres(_))
    }

    /// Whether there is a store to read here: the file exists, or it is a
    /// database server (whose store is created on first connection).
    pub fn exists(&self) -> bool {
        match self {
            Location::File(path) => path.exists(),
            Location::Postgres(_) => true,
        }
    }
}

impl FromStr for Location {
    type Err = Infallible;

    fn from_str(value: &str) -> Result<Location, Infallible> {
        let lower = value.get(..13).unwrap_or(value).to_ascii_lowercase();
        Ok(
            if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
                Location::Postgres(value.to_string())
            } else {
                Location::File(PathBuf::from(value))
            },
        )
    }
}

impl From<PathBuf> for Location {
    fn from(path: PathBuf) -> Location {
        Location::File(path)
    }
}

/// Shows the path, or the URL with any password replaced by `***`.
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File(path) => write!(f, "{}", path.display()),
            Location::Postgres(url) => f.write_str(&redacted(url)),
        }
    }
}

/// `url` with the password of its `user:password@` part replaced by `***`,
/// for messages and logs.
pub(crate) fn redacted(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return url.to_string();
    };
    let rest = &url[scheme_end..];
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    match (authority.rfind('@'), authority.find(':')) {
        (Some(at), Some(colon)) if colon < at => format!(
            "{}{}:***{}",
            &url[..scheme_end],
            &authority[..colon],
            &rest[at..]
        ),
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_paths_are_told_apart() {
        assert_eq!(
            "PostgreSQL://h/d".parse::<Location>().unwrap(),
            Location::Postgres("PostgreSQL://h/d".to_string())
        );
        assert_eq!(
            "./postgres/store.db".parse::<Location>().unwrap(),
            Location::File(PathBuf::from("./postgres/store.db"))
        );
    }

    #[test]
    fn passwords_are_not_shown() {
        assert_eq!(
            redacted("postgres://news:s3cret@db:5432/x?sslmode=disable"),
            "postgres://news:***@db:5432/x?sslmode=disable"
        );
        assert_eq!(redacted("postgres://news@db/x"), "postgres://news@db/x");
        assert_eq!(redacted("postgres://db:5432/x"), "postgres://db:5432/x");
        let location: Location = "postgres://u:p@h/d".parse().unwrap();
        assert_eq!(location.to_string(), "postgres://u:***@h/d");
    }
}
