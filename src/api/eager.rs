//! Start a request now, not when its task is first polled.
//!
//! A `LocalResource`'s future is spawned, and spawned tasks first run after the code that
//! created them returns: for the Users tab, after its whole first view (header, toolbar,
//! placeholder rows) is built, ~50 ms of a cold load (bench/RESULTS.md §3). Polling the future
//! once on the spot runs it up to its first real wait, i.e. `fetch()` has been called, and the
//! task picks it up from there.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

/// A future polled once when it was made (see [`eager`]).
pub enum Eager<F: Future> {
    /// Still running: the spawned task polls it on, with its own waker.
    Running(Pin<Box<F>>),
    /// It finished on the first poll.
    Done(Option<F::Output>),
}

/// Polls `future` once now, with a waker that does nothing, and returns what is left of it.
///
/// Sound for futures that store the waker of their latest poll (every `JsFuture`, timer and
/// channel does): the task's first poll replaces the no-op waker before anything can wake it,
/// since a browser resolves promises only after the current code returns. Reactive reads
/// before the future's first wait happen inside the caller's tracking context.
pub fn eager<F: Future>(future: F) -> Eager<F> {
    let mut future = Box::pin(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(output) => Eager::Done(Some(output)),
        Poll::Pending => Eager::Running(future),
    }
}

// The running future is boxed and the output is never pinned (it is moved out), so moving an
// `Eager` moves nothing that is pinned.
impl<F: Future> Unpin for Eager<F> {}

impl<F: Future> Future for Eager<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        match self.get_mut() {
            Eager::Running(future) => future.as_mut().poll(cx),
            // Polled again after it completed (no executor does that): it never completes again
            // rather than panicking.
            Eager::Done(output) => output.take().map_or(Poll::Pending, Poll::Ready),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::rc::Rc;

    /// Pending once, then ready; counts its polls.
    struct OnePause {
        polls: Rc<Cell<u32>>,
    }

    impl Future for OnePause {
        type Output = u32;
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
            self.polls.set(self.polls.get() + 1);
            if self.polls.get() == 1 {
                cx.waker().wake_by_ref();
                Poll::Pending
            } else {
                Poll::Ready(7)
            }
        }
    }

    fn block_on<F: Future + Unpin>(mut f: F) -> F::Output {
        loop {
            if let Poll::Ready(v) = Pin::new(&mut f).poll(&mut Context::from_waker(Waker::noop())) {
                return v;
            }
        }
    }

    #[test]
    fn runs_up_to_the_first_wait_at_once_then_finishes_in_the_task() {
        let polls = Rc::new(Cell::new(0));
        let started = Rc::new(Cell::new(false));
        let fut = {
            let (polls, started) = (polls.clone(), started.clone());
            eager(async move {
                started.set(true);
                OnePause { polls }.await
            })
        };
        // The body ran to its first wait before anyone polled the returned future.
        assert!(started.get());
        assert_eq!(polls.get(), 1);
        assert!(matches!(fut, Eager::Running(_)));
        assert_eq!(block_on(fut), 7);
        assert_eq!(polls.get(), 2);
    }

    #[test]
    fn a_future_that_is_ready_at_once_keeps_its_output() {
        let fut = eager(async { "done" });
        assert!(matches!(fut, Eager::Done(Some("done"))));
        assert_eq!(block_on(fut), "done");
    }
}
