//! sea-orm entities: the database's rows, one module per table, with coded values as their
//! `shared` enums and documents as typed [`column`] values. They never leave the service
//! and GraphQL layers' hands as API types; `graphql/` maps them to its own objects.

pub mod application;
pub mod application_event;
pub mod audit_event;
pub mod award;
pub mod award_tier;
pub mod bank_line;
pub mod bank_statement;
pub mod bank_statement_file;
pub mod campaign;
pub mod campaign_donation;
pub mod column;
pub mod criteria_set;
pub mod donor;
pub mod evidence;
pub mod fund;
pub mod fund_bank_account;
pub mod fund_day_total;
pub mod idempotency_key;
pub mod import_file;
pub mod indicator_value;
pub mod learner;
pub mod learner_invitation;
pub mod learner_manager;
pub mod ledger_entry;
pub mod ledger_transaction;
pub mod membership;
pub mod notification;
pub mod organization;
pub mod plan_indicator;
pub mod pledge;
pub mod program;
pub mod recognition_decision;
pub mod registration_document;
pub mod review;
pub mod session;
pub mod sign_in_attempt;
pub mod society_population;
pub mod society_registration;
pub mod society_unit;
pub mod society_unit_learner;
pub mod user_account;
