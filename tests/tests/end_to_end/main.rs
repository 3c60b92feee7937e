//! Every end-to-end test in one binary: the real server over HTTP on SQLite and PostgreSQL,
//! and the web app in headless Chromium. One binary, not one per file, because each links the
//! whole backend, and on a 2-core machine the links took minutes of every CI run.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod access;
mod api;
mod applications;
mod authorization;
mod awards;
mod backups;
mod bad_requests;
mod bank_statements;
mod browser;
mod browser_access;
mod browser_awards;
mod browser_funds;
mod browser_imports;
mod browser_phone;
mod browser_programs;
mod browser_society;
mod demo;
mod donation_import;
mod duplicate_funding;
mod exports;
mod graphql_contract;
mod hardening;
mod home;
mod inbox;
mod indicators;
mod learner_import;
mod learning_families;
mod ledger;
mod ledger_concurrency;
mod ledger_properties;
mod list_exports;
mod money_in;
mod organization_import;
mod recognition;
mod registration_documents;
mod roster;
mod scale;
mod society;
mod web;
