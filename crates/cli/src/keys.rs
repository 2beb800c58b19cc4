//! `docent keys`: API keys in the state database (`[server] db`, or `database_url`), stored as
//! hashes. Every server that shares the database sees a change at once.

use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::Subcommand;
use docent_core::Audience;
use docent_state::db::{block_on, Db};
use docent_state::keys::{Issued, NewKey, Role};

use crate::context::Context;

#[derive(Subcommand, Debug)]
pub enum Args {
    /// Make a key; its secret is printed once and only its hash is stored.
    Create {
        /// Who or what uses it ("help centre widget").
        #[arg(long)]
        name: String,
        /// widget (ask, feedback), author, lead or admin.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// public, customer or internal (default: public for widgets, internal otherwise).
        #[arg(long, value_parser = parse_audience)]
        audience: Option<Audience>,
        /// A browser origin allowed to use it (repeatable; `*` for any).
        #[arg(long = "origin")]
        origins: Vec<String>,
        /// Days until it expires.
        #[arg(long)]
        expires_days: Option<u32>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// List keys (never their secrets).
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Issue a new secret for a key; the old one keeps working for the grace period.
    Rotate {
        /// Key id (`key_...`).
        id: String,
        /// Hours the old secret keeps working.
        #[arg(long, default_value_t = 24)]
        grace_hours: u32,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Revoke a key at once.
    Revoke {
        /// Key id (`key_...`).
        id: String,
    },
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| format!("unknown role {s:?}: widget, author, lead or admin"))
}

fn parse_audience(s: &str) -> Result<Audience, String> {
    Audience::parse(s)
        .ok_or_else(|| format!("unknown audience {s:?}: public, customer or internal"))
}

fn show(issued: &Issued, json: bool) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(issued)?);
    } else {
        let k = &issued.key;
        println!(
            "{} ({}, role {}, audience {}){}",
            k.id,
            docent_core::one_line(&k.name),
            k.role.as_str(),
            k.audience.as_str(),
            k.expires_at
                .as_deref()
                .map(|e| format!(", expires {e}"))
                .unwrap_or_default()
        );
        println!(
            "secret (shown once, send it as X-Docent-Key): {}",
            issued.secret
        );
    }
    Ok(())
}

pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    let db = Db::open(&ctx.config.server)?;
    match args {
        Args::Create {
            name,
            role,
            audience,
            origins,
            expires_days,
            json,
        } => {
            if name.trim().is_empty() {
                bail!("--name must say who or what uses the key");
            }
            let issued = block_on(db.create_key(&NewKey {
                name,
                role,
                audience,
                origins,
                expires_days,
            }))?;
            show(&issued, json)?;
        }
        Args::List { json } => {
            let keys = block_on(db.keys())?;
            if json {
                println!("{}", serde_json::to_string_pretty(&keys)?);
            } else if keys.is_empty() {
                println!(
                    "no stored keys ({}); make one with `docent keys create`",
                    db.name()
                );
            } else {
                let now = chrono::Utc::now();
                for k in keys {
                    let state = if k.revoked_at.is_some() {
                        "revoked".to_string()
                    } else if !k.active_at(now) {
                        "expired".to_string()
                    } else {
                        match &k.expires_at {
                            Some(e) => format!("active until {e}"),
                            None => "active".into(),
                        }
                    };
                    println!(
                        "{}  {:<7} {:<9} {}  [{}]{}",
                        k.id,
                        k.role.as_str(),
                        k.audience.as_str(),
                        docent_core::one_line(&k.name),
                        state,
                        k.replaced_by
                            .as_deref()
                            .map(|r| format!(" replaced by {r}"))
                            .unwrap_or_default()
                    );
                }
            }
        }
        Args::Rotate {
            id,
            grace_hours,
            json,
        } => match block_on(db.rotate_key(&id, grace_hours))? {
            Some(issued) => {
                show(&issued, json)?;
                if !json {
                    println!(
                        "the old secret of {id} keeps working for {grace_hours} h (never past its own expiry)"
                    );
                }
            }
            None => bail!("no active key {id} (`docent keys list` shows them)"),
        },
        Args::Revoke { id } => {
            if !block_on(db.revoke_key(&id))? {
                bail!("no active key {id} (`docent keys list` shows them)");
            }
            println!("{id} revoked");
        }
    }
    Ok(ExitCode::SUCCESS)
}
