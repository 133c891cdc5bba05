//! Phase timings for profiling a build or a rebuild in `serve`. Printed to standard error only
//! when the `TONGXIN_TIMING` environment variable is set; otherwise every call is a no-op apart
//! from reading the clock.

use std::time::Instant;

/// A stopwatch for one build: [`phase`](Self::phase) prints the time since it started,
/// [`lap`](Self::lap) the time since the previous lap.
#[derive(Debug, Clone)]
pub struct Clock {
    start: Instant,
    last: Instant,
    on: bool,
}

impl Clock {
    /// A clock running from `start`.
    pub fn since(start: Instant) -> Clock {
        Clock {
            start,
            last: Instant::now(),
            on: std::env::var_os("TONGXIN_TIMING").is_some(),
        }
    }

    /// A clock running from now.
    pub fn start() -> Clock {
        Clock::since(Instant::now())
    }

    /// Prints how long the build has run when `name` ends.
    pub fn phase(&self, name: &str) {
        if self.on {
            eprintln!("[timing] {name}: {:.1} ms", ms(self.start));
        }
    }

    /// Prints how long `name`, the step since the previous lap, took, indented under phases.
    pub fn lap(&mut self, name: &str) {
        if self.on {
            eprintln!("[timing]   {name}: {:.1} ms", ms(self.last));
            self.last = Instant::now();
        }
    }
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}
