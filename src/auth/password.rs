//! Password hashing with argon2id (the `argon2` crate of RustCrypto, PHC
//! strings, so parameters travel with each hash and can be raised later).
//!
//! Every argon2 computation of the server goes through a [`PasswordGate`]:
//! each needs a 19 MiB work area, so a flood of logins could otherwise run
//! hundreds at once and leave gigabytes behind in the allocator. The gate runs
//! at most a fixed number at once, in work areas allocated once and reused,
//! and refuses a login past that instead of queueing it.

use std::sync::{Arc, Mutex};

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{Output, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::Semaphore;

/// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
fn params() -> Params {
    Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters")
}

fn hasher() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params())
}

/// A stored hash asking for more memory than this is not computed (a PHC
/// string is ours, but a hand-edited one must not take the server down).
const MAX_WORK_AREA_BLOCKS: usize = 256 * 1024;

/// The PHC string of `password` with a fresh random salt (for the CLI; the
/// server hashes through its [`PasswordGate`]).
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashing cannot fail with valid parameters")
        .to_string()
}

/// Whether `password` matches the stored PHC string (false for a malformed one).
pub fn verify_password(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => hasher().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// At most this many argon2 computations run at once unless set otherwise
/// (`PORTAL_PASSWORD_CHECKS`): one per core keeps logins fast without letting
/// them take every core from the public pages.
pub fn default_concurrent_checks() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 8)
}

/// `PORTAL_PASSWORD_CHECKS` (concurrent argon2 computations; the default
/// when unset), or why the value cannot be used.
pub fn password_checks_from(value: Option<&str>) -> Result<usize, String> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(default_concurrent_checks()),
        Some(v) => {
            v.parse::<usize>().ok().filter(|n| (1..=64).contains(n)).ok_or_else(|| {
                format!("PORTAL_PASSWORD_CHECKS: “{v}” is not a number of concurrent checks from 1 to 64")
            })
        }
    }
}

/// Why the gate did not answer.
#[derive(Debug, thiserror::Error)]
pub enum GateError {
    /// Every slot is in use: the caller answers "try again shortly".
    #[error("every password check slot is in use")]
    Busy,
    #[error("password check failed: {0}")]
    Failed(String),
}

/// Bounds concurrent argon2 computations and reuses their work areas.
#[derive(Debug)]
pub struct PasswordGate {
    slots: Arc<Semaphore>,
    capacity: usize,
    /// Work areas not in use (at most `capacity` ever exist).
    areas: Arc<Mutex<Vec<Vec<Block>>>>,
    /// How many computations run now, and the most that ever ran at once.
    running: Arc<Mutex<(usize, usize)>>,
    refused: std::sync::atomic::AtomicU64,
}

impl PasswordGate {
    pub fn new(capacity: usize) -> PasswordGate {
        let capacity = capacity.max(1);
        PasswordGate {
            slots: Arc::new(Semaphore::new(capacity)),
            capacity,
            areas: Arc::new(Mutex::new(Vec::new())),
            running: Arc::new(Mutex::new((0, 0))),
            refused: std::sync::atomic::AtomicU64::new(0),
        }
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The most computations that ran at once since start.
    pub fn peak(&self) -> usize {
        self.running.lock().unwrap_or_else(|e| e.into_inner()).1
    }

    /// Checks refused because every slot was in use.
    pub fn refused(&self) -> u64 {
        self.refused.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Whether `password` matches the stored PHC string, if a slot is free
    /// now; [`GateError::Busy`] otherwise (a login flood is refused, not queued).
    pub async fn verify(&self, password: String, phc: String) -> Result<bool, GateError> {
        let Ok(permit) = self.slots.clone().try_acquire_owned() else {
            self.refused.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            return Err(GateError::Busy);
        };
        self.run(permit, move |area| verify_in(&password, &phc, area)).await
    }

    /// [`PasswordGate::verify`], waiting for a slot: for staff already logged
    /// in (changing their password), never for the login form.
    pub async fn verify_when_free(&self, password: String, phc: String) -> Result<bool, GateError> {
        let permit = self.wait_for_slot().await?;
        self.run(permit, move |area| verify_in(&password, &phc, area)).await
    }

    /// The PHC string of `password`, waiting for a slot (only logged-in
    /// staff set passwords, so the queue is short).
    pub async fn hash(&self, password: String) -> Result<String, GateError> {
        let permit = self.wait_for_slot().await?;
        self.run(permit, move |area| hash_in(&password, area)).await
    }

    async fn wait_for_slot(&self) -> Result<tokio::sync::OwnedSemaphorePermit, GateError> {
        self.slots
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| GateError::Failed(e.to_string()))
    }

    async fn run<T: Send + 'static>(
        &self,
        permit: tokio::sync::OwnedSemaphorePermit,
        work: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static,
    ) -> Result<T, GateError> {
        let areas = self.areas.clone();
        let running = self.running.clone();
        tokio::task::spawn_blocking(move || {
            {
                let mut r = running.lock().unwrap_or_else(|e| e.into_inner());
                r.0 += 1;
                r.1 = r.1.max(r.0);
            }
            let mut area = areas
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .pop()
                .unwrap_or_default();
            let out = work(&mut area);
            areas.lock().unwrap_or_else(|e| e.into_inner()).push(area);
            running.lock().unwrap_or_else(|e| e.into_inner()).0 -= 1;
            drop(permit);
            out
        })
        .await
        .map_err(|e| GateError::Failed(e.to_string()))
    }
}

/// The first `blocks` blocks of `area`, grown (once) if it is smaller.
fn work_area(area: &mut Vec<Block>, blocks: usize) -> &mut [Block] {
    if area.len() < blocks {
        area.resize(blocks, Block::default());
    }
    &mut area[..blocks]
}

/// [`verify_password`] computed in `area` instead of a fresh allocation.
fn verify_in(password: &str, phc: &str, area: &mut Vec<Block>) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    let (Some(expected), Some(salt)) = (parsed.hash, parsed.salt) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(parsed.algorithm) else {
        return false;
    };
    let version = parsed
        .version
        .map_or(Ok(Version::default()), Version::try_from)
        .unwrap_or(Version::V0x13);
    let Ok(params) = Params::try_from(&parsed) else {
        return false;
    };
    if params.block_count() > MAX_WORK_AREA_BLOCKS {
        return false;
    }
    let mut salt_buf = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_buf) else {
        return false;
    };
    let blocks = params.block_count();
    let argon = Argon2::new(algorithm, version, params);
    let mut out = vec![0u8; expected.len()];
    if argon
        .hash_password_into_with_memory(password.as_bytes(), salt, &mut out, work_area(area, blocks))
        .is_err()
    {
        return false;
    }
    // `Output`'s equality is constant-time.
    Output::new(&out).is_ok_and(|computed| computed == expected)
}

/// [`hash_password`] computed in `area`.
fn hash_in(password: &str, area: &mut Vec<Block>) -> String {
    let salt = SaltString::generate(&mut OsRng);
    let params = params();
    let blocks = params.block_count();
    let argon = hasher();
    let mut salt_buf = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_buf).expect("a generated salt decodes");
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    argon
        .hash_password_into_with_memory(password.as_bytes(), salt_bytes, &mut out, work_area(area, blocks))
        .expect("argon2 hashing cannot fail with valid parameters");
    PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: (&params).try_into().expect("valid parameters print"),
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).expect("a 32-byte output")),
    }
    .to_string()
}

/// A hash to verify against when the account does not exist, so a wrong
/// username takes as long as a wrong password.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("no such account"))
}

/// A random password for `portal user add` without `--password`: 16 characters
/// from an alphabet without look-alikes, with letters and digits.
pub fn generate_password() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    loop {
        let p: String = (0..16)
            .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
            .collect();
        if p.chars().any(|c| c.is_ascii_digit()) && p.chars().any(|c| c.is_ascii_alphabetic()) {
            return p;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_salted_and_verify() {
        let a = hash_password("correct horse 9");
        let b = hash_password("correct horse 9");
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b, "fresh salt each time");
        assert!(verify_password("correct horse 9", &a));
        assert!(!verify_password("correct horse 8", &a));
        assert!(!verify_password("x", "not a phc string"));
    }

    #[test]
    fn generated_passwords_pass_the_policy() {
        let p = generate_password();
        assert_eq!(p.len(), 16);
        assert_eq!(app::domain::staff::password_problem("admin", &p), None);
    }

    #[tokio::test]
    async fn the_gate_hashes_and_verifies_like_the_plain_functions() {
        let gate = PasswordGate::new(2);
        let stored = gate.hash("correct horse 9".into()).await.unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{stored}");
        assert!(
            verify_password("correct horse 9", &stored),
            "the gate's hash verifies plainly"
        );
        let plain = hash_password("battery staple 7");
        assert!(gate.verify("battery staple 7".into(), plain.clone()).await.unwrap());
        assert!(!gate.verify("battery staple 8".into(), plain).await.unwrap());
        assert!(!gate.verify("x".into(), "not a phc string".into()).await.unwrap());
        // An older, cheaper hash still verifies (parameters travel with the hash).
        let old = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8 * 1024, 1, 1, None).unwrap(),
        )
        .hash_password(b"old one 1", &SaltString::generate(&mut OsRng))
        .unwrap()
        .to_string();
        assert!(gate.verify("old one 1".into(), old).await.unwrap());
        assert_eq!(gate.peak(), 1, "one at a time here");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_full_gate_refuses_at_once_instead_of_queueing() {
        let gate = Arc::new(PasswordGate::new(2));
        let stored = hash_password("pw 12345678");
        let tries: Vec<_> = (0..12)
            .map(|_| {
                let (g, s) = (gate.clone(), stored.clone());
                tokio::spawn(async move { g.verify("wrong".into(), s).await })
            })
            .collect();
        let mut busy = 0;
        for t in tries {
            match t.await.unwrap() {
                Ok(matched) => assert!(!matched),
                Err(GateError::Busy) => busy += 1,
                Err(e) => panic!("{e}"),
            }
        }
        assert!(gate.peak() <= 2, "peak {}", gate.peak());
        assert!(busy >= 1, "twelve at once on two slots: some are refused");
        assert_eq!(gate.refused(), busy as u64);
        assert!(gate.areas.lock().unwrap().len() <= 2, "at most one work area per slot");
    }
}
