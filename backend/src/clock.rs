//! The time as sessions and sign-in limits see it. The server runs on the system's clock;
//! a test moves an adjustable one forward instead of waiting for time to pass.

use std::sync::{
    Arc,
    atomic::{AtomicI64, Ordering},
};

use chrono::{DateTime, TimeDelta, Utc};

/// The system's clock, or that clock moved forward by however much a test said.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    /// Milliseconds added to the system's time; shared by every copy of an adjustable clock.
    ahead_ms: Option<Arc<AtomicI64>>,
}

impl Clock {
    /// The system's clock.
    pub fn system() -> Self {
        Self::default()
    }

    /// A clock that starts at the system's time and moves forward when told to (and with
    /// the system's time meanwhile). Its copies share what it is told.
    pub fn adjustable() -> Self {
        Self {
            ahead_ms: Some(Arc::new(AtomicI64::new(0))),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        let now = Utc::now();
        match &self.ahead_ms {
            Some(ahead) => TimeDelta::try_milliseconds(ahead.load(Ordering::SeqCst))
                .and_then(|ahead| now.checked_add_signed(ahead))
                .unwrap_or(DateTime::<Utc>::MAX_UTC),
            None => now,
        }
    }

    /// Moves an adjustable clock forward by `by`. The system's clock cannot be moved: asking
    /// is a mistake in the caller, reported as `false`.
    pub fn advance(&self, by: std::time::Duration) -> bool {
        let Some(ahead) = &self.ahead_ms else {
            return false;
        };
        let by = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        // Saturating: a clock told to go past the end of time stays there.
        let _ = ahead.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |was| {
            Some(was.saturating_add(by))
        });
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_adjustable_clock_moves_forward_for_all_its_copies_and_the_system_clock_does_not() {
        let clock = Clock::adjustable();
        let copy = clock.clone();
        let before = copy.now();
        assert!(clock.advance(std::time::Duration::from_secs(3600)));
        assert!(copy.now() - before >= TimeDelta::seconds(3600));
        assert!(!Clock::system().advance(std::time::Duration::from_secs(1)));
    }
}
