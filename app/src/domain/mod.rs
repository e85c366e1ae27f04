//! The rules of DOMAIN.md as pure functions: no I/O, no clock reads, no database.
//! Each module is named after the rule it holds and carries its own tests.

pub mod amount;
pub mod applicant;
pub mod attachment_rules;
pub mod change_chain;
pub mod change_feed;
pub mod clock;
pub mod complaint;
pub mod credit_report;
pub mod data_dictionary;
pub mod dates;
pub mod kinds;
pub mod list_lifecycle;
pub mod list_terms;
pub mod login_throttle;
pub mod masking;
pub mod national_columns;
pub mod objection;
pub mod overdue;
pub mod pledge;
pub mod publication_deadline;
pub mod publicity;
pub mod record;
pub mod record_entry;
pub mod record_validation;
pub mod repair;
pub mod resident_id;
pub mod script;
pub mod staff;
pub mod statistics;
pub mod submission_workflow;
pub mod tracking;
pub mod uscc;
pub mod visibility;
pub mod working_days;
