//! The hashing pool: a fixed set of threads (one per core by default) behind a bounded queue.
//!
//! Verifies are CPU work of up to tens of milliseconds each; running them on the async runtime
//! would stall every other request, and an unbounded queue would grow with an overload until
//! memory runs out. Here a request either gets a place in the queue at once or is refused
//! ([`Busy`]), which the HTTP layer answers with 503 and `Retry-After`: under any overload the
//! service holds at most `threads + queue` verifies, and the refusals cost microseconds.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use hashbridge::{Credential, Migrator, Outcome};
use tokio::sync::oneshot;
use zeroize::Zeroizing;

/// The queue is full: try again later.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the hashing queue is full")]
pub struct Busy;

struct Job {
    password: Zeroizing<Vec<u8>>,
    credential: Option<Credential>,
    reply: oneshot::Sender<hashbridge::Result<Outcome>>,
}

/// A fixed pool of hashing threads with a bounded queue in front.
#[derive(Debug)]
pub struct HashPool {
    sender: Mutex<Option<SyncSender<Job>>>,
    threads: Mutex<Vec<JoinHandle<()>>>,
    queued: Arc<AtomicUsize>,
    size: usize,
    depth: usize,
}

impl HashPool {
    /// `threads` hashing threads (at least one) running `migrator`, with room for `queue`
    /// verifies waiting.
    ///
    /// # Errors
    /// The operating system refused a thread.
    pub fn new(migrator: Migrator, threads: usize, queue: usize) -> std::io::Result<HashPool> {
        let threads_n = threads.max(1);
        let (tx, rx) = sync_channel::<Job>(queue);
        let rx = Arc::new(Mutex::new(rx));
        let queued = Arc::new(AtomicUsize::new(0));
        let mut handles = Vec::with_capacity(threads_n);
        for i in 0..threads_n {
            let rx = Arc::clone(&rx);
            let m = migrator.clone();
            let queued = Arc::clone(&queued);
            handles.push(
                std::thread::Builder::new()
                    .name(format!("hashbridge-hash-{i}"))
                    .spawn(move || work(&m, &rx, &queued))?,
            );
        }
        Ok(HashPool {
            sender: Mutex::new(Some(tx)),
            threads: Mutex::new(handles),
            queued,
            size: threads_n,
            depth: queue,
        })
    }

    /// Verify `password` against `credential` (`None`: an unknown user, verified against the
    /// dummy hash) on the pool, or refuse at once when the queue is full.
    ///
    /// # Errors
    /// [`Busy`] when there is no room (or the pool is shut down).
    pub async fn verify(
        &self,
        password: Zeroizing<Vec<u8>>,
        credential: Option<Credential>,
    ) -> Result<hashbridge::Result<Outcome>, Busy> {
        let (reply, answer) = oneshot::channel();
        let job = Job {
            password,
            credential,
            reply,
        };
        {
            let guard = self.sender.lock().map_err(|_| Busy)?;
            let sender = guard.as_ref().ok_or(Busy)?;
            // Counted before it is sent, so a worker taking it at once never counts below 0.
            self.queued.fetch_add(1, Ordering::Relaxed);
            if let Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) = sender.try_send(job)
            {
                self.queued.fetch_sub(1, Ordering::Relaxed);
                return Err(Busy);
            }
        }
        // A worker that panicked dropped the reply: answer as unavailable, not as a hang.
        Ok(answer
            .await
            .unwrap_or_else(|_| Err(hashbridge::Error::unavailable("the hashing thread stopped"))))
    }

    /// Verifies waiting for a thread now.
    pub fn queued(&self) -> usize {
        self.queued.load(Ordering::Relaxed)
    }

    /// Hashing threads.
    pub fn threads(&self) -> usize {
        self.size
    }

    /// Room in the queue.
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// Stop taking verifies, let the queued ones finish and join the threads.
    pub fn shutdown(&self) {
        if let Ok(mut s) = self.sender.lock() {
            s.take();
        }
        let handles = match self.threads.lock() {
            Ok(mut h) => std::mem::take(&mut *h),
            Err(_) => return,
        };
        for h in handles {
            let _ = h.join();
        }
    }
}

impl Drop for HashPool {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn work(m: &Migrator, rx: &Mutex<Receiver<Job>>, queued: &AtomicUsize) {
    loop {
        // Hold the lock only to take a job, never while hashing.
        let job = match rx.lock() {
            Ok(r) => r.recv(),
            Err(_) => return,
        };
        let Ok(job) = job else { return };
        queued.fetch_sub(1, Ordering::Relaxed);
        let answer = m.verify_user(&job.password, job.credential.as_ref());
        drop(job.password);
        // The request may have gone away (client disconnected): nothing to tell.
        let _ = job.reply.send(answer);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_full_queue_refuses_at_once_and_the_rest_are_answered() {
        // One thread, no queue room beyond the channel's own: many verifies at once must see
        // refusals, and every accepted one an answer.
        let pool = Arc::new(HashPool::new(Migrator::default().with_rehash(false), 1, 1).unwrap());
        let mut tasks = Vec::new();
        for _ in 0..16 {
            let pool = Arc::clone(&pool);
            tasks.push(tokio::spawn(async move {
                pool.verify(Zeroizing::new(b"pw".to_vec()), None).await
            }));
        }
        let mut busy = 0;
        let mut answered = 0;
        for t in tasks {
            match t.await.unwrap() {
                Err(Busy) => busy += 1,
                Ok(Ok(o)) => {
                    assert!(!o.valid);
                    answered += 1;
                }
                Ok(Err(e)) => panic!("{e}"),
            }
        }
        assert!(busy > 0, "no refusals");
        assert!(answered >= 1, "nothing answered");
        assert_eq!(busy + answered, 16);
        let md5 = Credential::new("$1$38652870$DUjsu4TTlTsOe/xxZ05uf/");
        let o = pool
            .verify(Zeroizing::new(b"hashcat".to_vec()), Some(md5))
            .await
            .unwrap()
            .unwrap();
        assert!(o.valid);
        pool.shutdown();
        assert_eq!(
            pool.verify(Zeroizing::new(b"x".to_vec()), None).await.err(),
            Some(Busy)
        );
    }
}
