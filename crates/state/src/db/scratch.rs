//! Throwaway PostgreSQL databases for tests and soaks: each is created on a server (named by a
//! URL such as `TEST_POSTGRES_URL`) under a random name, and dropped when its handle is.

use tokio_postgres::NoTls;

use super::postgres::message;

/// The variable that names the PostgreSQL server tests may create databases on
/// (`scripts/test.sh` starts one and sets it). Not `DOCENT_*`: `docent` reads those as
/// settings and refuses unknown ones, and the end-to-end tests run `docent` in this environment.
pub const TEST_URL_VAR: &str = "TEST_POSTGRES_URL";

/// The server for PostgreSQL tests, or `None` after saying on standard error why they skip.
pub fn test_server(what: &str) -> Option<String> {
    match std::env::var(TEST_URL_VAR) {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            eprintln!(
                "skipping {what} on PostgreSQL: {TEST_URL_VAR} is not set (scripts/test.sh starts a throwaway server when Debian's postgresql package is installable)"
            );
            None
        }
    }
}

/// A database that exists until this handle is dropped.
pub struct Scratch {
    server: String,
    name: String,
    url: String,
}

impl Scratch {
    /// Creates an empty database on the server at `server_url` (its user must be allowed to
    /// create databases).
    pub fn create(server_url: &str) -> Result<Scratch, String> {
        let mut bytes = [0u8; 6];
        getrandom::fill(&mut bytes).map_err(|e| e.to_string())?;
        let name = format!(
            "docent_test_{}",
            bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
        );
        run(server_url, &format!("CREATE DATABASE {name}"))?;
        Ok(Scratch {
            server: server_url.to_string(),
            url: with_database(server_url, &name),
            name,
        })
    }

    /// Its URL.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        if let Err(e) = run(&self.server, &sql) {
            eprintln!("could not drop the test database {}: {e}", self.name);
        }
    }
}

/// `url` with its database replaced by `name`.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let authority = base.find("://").map_or(0, |i| i + 3);
    let head = match base[authority..].find('/') {
        Some(i) => &base[..authority + i],
        None => base,
    };
    format!("{head}/{name}{query}")
}

/// Runs one statement on its own thread and runtime, so it works from any context (a drop
/// inside an async task included).
fn run(url: &str, sql: &str) -> Result<(), String> {
    let (url, sql) = (url.to_string(), sql.to_string());
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        rt.block_on(async move {
            let (client, conn) = tokio_postgres::connect(&url, NoTls)
                .await
                .map_err(|e| message(&e))?;
            let driver = tokio::spawn(conn);
            let done = client.batch_execute(&sql).await.map_err(|e| message(&e));
            drop(client);
            let _ = driver.await;
            done
        })
    })
    .join()
    .map_err(|_| "the statement's thread panicked".to_string())?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_of_a_url_is_replaced() {
        assert_eq!(
            with_database("postgres://u@127.0.0.1:5433/postgres", "x"),
            "postgres://u@127.0.0.1:5433/x"
        );
        assert_eq!(
            with_database("postgres://u@127.0.0.1:5433", "x"),
            "postgres://u@127.0.0.1:5433/x"
        );
        assert_eq!(
            with_database("postgres://u@h/db?connect_timeout=3", "x"),
            "postgres://u@h/x?connect_timeout=3"
        );
    }
}
