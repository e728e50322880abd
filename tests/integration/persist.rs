//! `--state-file`: the emulator's world survives a restart, and changes made over HTTP are
//! noticed by the saver.

use oem_hub::domain::Region;
use oem_hub::emulator::persist::StateFile;
use oem_hub::emulator::seed::{DEMO_TEMPLATES, seed_source};
use oem_hub::emulator::{EmuState, EmulatorConfig};

#[tokio::test]
async fn a_saved_world_is_restored_with_new_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("emulator.db");
    let (file, saved) = StateFile::open(&path).await.unwrap();
    assert!(saved.is_none(), "a new file holds nothing");
    let state = EmuState::new(EmulatorConfig::default());
    let seed = seed_source(&state, Region::Eu, "partner-dev", &DEMO_TEMPLATES);
    file.save(&state).await.unwrap();

    let (_, saved) = StateFile::open(&path).await.unwrap();
    let config = EmulatorConfig {
        domain: "example.test".into(),
        ..EmulatorConfig::default()
    };
    let restored = EmuState::restore(config, saved.expect("snapshot"));
    let world = restored.lock();
    assert_eq!(
        world.config.domain, "example.test",
        "configuration comes from the new start"
    );
    let tenant = world
        .tenant_by_host(&seed.source_hostname)
        .expect("source tenant restored");
    let names: Vec<&str> = tenant.apps.values().map(|a| a.name.as_str()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(world.clients.iter().any(|c| c.client_id == seed.client_id));
}

#[tokio::test]
async fn a_corrupt_state_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("emulator.db");
    let (file, _) = StateFile::open(&path).await.unwrap();
    drop(file);
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    sqlx::query("INSERT INTO snapshot (id, body) VALUES (1, 'not json')")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let err = StateFile::open(&path).await.unwrap_err().to_string();
    assert!(err.contains("unreadable snapshot"), "{err}");
}
