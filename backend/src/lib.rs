//! The Khuyến học server. `Application` is what both the binary and the tests start.

pub mod backup;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod entity;
pub mod error;
pub mod graphql;
pub mod http;
pub mod scale;
pub mod seed;
pub mod service;
pub mod startup;
pub mod telemetry;

pub use config::Settings;
pub use error::{Error, Result};
pub use startup::Application;
