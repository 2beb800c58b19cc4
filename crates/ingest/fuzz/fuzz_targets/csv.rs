//! Ticket CSV exports: parsing never panics; kept tickets have ids, and every skipped row is a
//! problem that names the file.
#![no_main]

use docent_core::TicketMapping;
use docent_ingest::parse_tickets;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mapping = TicketMapping::default();
    if let Ok(load) = parse_tickets("fuzz.csv", "csv", data, &mapping) {
        for t in &load.tickets {
            assert!(!t.id.is_empty());
        }
        for p in &load.problems {
            assert!(
                p.to_string().contains("fuzz.csv"),
                "problem without its file: {p}"
            );
        }
    }
});
