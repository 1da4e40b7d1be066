#![no_main]
//! The Dockerfile adapter: parse, stages, effective user and env never panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(df) = shipgate::syntax::dockerfile::parse(text) {
            for st in &df.stages {
                let _ = df.effective_user(st);
                let _ = df.stage_env(st);
                assert!(st.image_span.end <= text.len());
            }
        }
    }
});
