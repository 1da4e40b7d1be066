#![no_main]
//! The located YAML tree: any input parses to documents and/or an error, never a panic;
//! every span lies inside the input.
use libfuzzer_sys::fuzz_target;

fn check(node: &shipgate::syntax::yaml::Node<'_>, len: usize) {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        assert!(n.span.start <= n.span.end && n.span.end <= len, "span out of bounds");
        match &n.value {
            shipgate::syntax::yaml::Value::Scalar(..) => {}
            shipgate::syntax::yaml::Value::Seq(items) => stack.extend(items.iter()),
            shipgate::syntax::yaml::Value::Map(entries) => {
                for e in entries {
                    stack.push(&e.key);
                    stack.push(&e.value);
                }
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let y = shipgate::syntax::yaml::parse(text);
        for d in &y.docs {
            if let Some(r) = &d.root {
                check(r, text.len());
            }
        }
        if let Some(e) = &y.error {
            assert!(e.span.end <= text.len());
        }
    }
});
