//! Container image references: `[registry/]repository[:tag][@digest]`, with the byte
//! ranges of each part inside the reference string, so rules can point at the tag.

use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef<'s> {
    pub raw: &'s str,
    /// Repository including registry, without tag or digest.
    pub name: &'s str,
    pub tag: Option<&'s str>,
    /// Byte range of the tag (without the `:`) inside `raw`.
    pub tag_range: Option<Range<usize>>,
    pub digest: Option<&'s str>,
    pub digest_range: Option<Range<usize>>,
}

impl<'s> ImageRef<'s> {
    pub fn parse(raw: &'s str) -> ImageRef<'s> {
        // `memchr`, not `str::find`/`rfind` with a char: images are parsed for every
        // container, `FROM` and compose service
        let (before_digest, digest, digest_range) = match memchr::memchr(b'@', raw.as_bytes()) {
            Some(at) => (&raw[..at], Some(&raw[at + 1..]), Some(at + 1..raw.len())),
            None => (raw, None, None),
        };
        let last_slash = memchr::memrchr(b'/', before_digest.as_bytes()).map_or(0, |i| i + 1);
        let (name, tag, tag_range) =
            match memchr::memrchr(b':', &before_digest.as_bytes()[last_slash..]) {
                Some(c) => {
                    let colon = last_slash + c;
                    (
                        &before_digest[..colon],
                        Some(&before_digest[colon + 1..]),
                        Some(colon + 1..before_digest.len()),
                    )
                }
                None => (before_digest, None, None),
            };
        ImageRef {
            raw,
            name,
            tag,
            tag_range,
            digest,
            digest_range,
        }
    }

    pub fn has_digest(&self) -> bool {
        self.digest.is_some_and(|d| !d.is_empty())
    }

    /// `:latest` without a digest.
    pub fn is_latest(&self) -> bool {
        !self.has_digest() && self.tag == Some("latest")
    }

    /// Neither a tag nor a digest.
    pub fn is_untagged(&self) -> bool {
        !self.has_digest() && self.tag.is_none_or(str::is_empty)
    }

    /// Last path component of the repository (`gcr.io/proj/adservice` → `adservice`).
    pub fn short_name(&self) -> &'s str {
        crate::syntax::shell::basename(self.name)
    }

    /// The registry host, when the first component looks like one.
    pub fn registry(&self) -> Option<&'s str> {
        let (first, rest) = self.name.split_once('/')?;
        let _ = rest;
        (first.contains('.') || first.contains(':') || first == "localhost").then_some(first)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_parts() {
        let r = ImageRef::parse("localhost:5000/a/b:1.2@sha256:abc");
        assert_eq!(r.name, "localhost:5000/a/b");
        assert_eq!(r.tag, Some("1.2"));
        assert_eq!(&r.raw[r.tag_range.clone().unwrap()], "1.2");
        assert_eq!(r.digest, Some("sha256:abc"));
        assert_eq!(r.registry(), Some("localhost:5000"));
        assert!(!r.is_latest());
    }

    #[test]
    fn registry_port_is_not_a_tag() {
        let r = ImageRef::parse("registry:5000/nginx");
        assert!(r.is_untagged());
        assert_eq!(r.short_name(), "nginx");
        assert!(ImageRef::parse("nginx:latest").is_latest());
        assert!(!ImageRef::parse("nginx:latest@sha256:0f").is_latest());
        assert!(ImageRef::parse("nginx").is_untagged());
        assert!(!ImageRef::parse("nginx@sha256:0f").is_untagged());
    }
}
