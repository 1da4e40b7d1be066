//! Typed view over located YAML for docker-compose files.

use super::yaml::{Node, Yaml};
use crate::source::Span;

pub struct ComposeFile<'t, 'a> {
    pub root: &'t Node<'a>,
    pub services: Vec<Service<'t, 'a>>,
}

#[derive(Clone, Copy)]
pub struct Service<'t, 'a> {
    pub name: &'t str,
    pub key: &'t Node<'a>,
    pub body: &'t Node<'a>,
}

impl<'t, 'a> ComposeFile<'t, 'a> {
    /// The compose model of the first document, if it is a mapping.
    pub fn from_yaml(yaml: &'t Yaml<'a>) -> Option<ComposeFile<'t, 'a>> {
        let root = yaml.docs.first()?.root.as_ref()?;
        if !root.is_map() {
            return None;
        }
        let services = root
            .map_entries("services")
            .iter()
            .filter_map(|e| {
                Some(Service {
                    name: e.key.as_str()?,
                    key: &e.key,
                    body: &e.value,
                })
            })
            .collect();
        Some(ComposeFile { root, services })
    }

    pub fn service(&self, name: &str) -> Option<&Service<'t, 'a>> {
        self.services.iter().find(|s| s.name == name)
    }
}

impl<'t, 'a> Service<'t, 'a> {
    pub fn get(&self, key: &str) -> Option<&'t Node<'a>> {
        self.body.get(key)
    }

    /// The span findings about this service point at: its name key.
    pub fn anchor_span(&self) -> Span {
        self.key.span
    }

    pub fn image(&self) -> Option<&'t Node<'a>> {
        self.get("image")
    }

    /// `build:` as a string context or `build.context`.
    pub fn build_context(&self) -> Option<&'t str> {
        let b = self.get("build")?;
        match b.as_str() {
            Some(s) => Some(s),
            None => b.get_str("context").or(Some(".")),
        }
    }

    /// `build.dockerfile`, if set.
    pub fn build_dockerfile(&self) -> Option<&'t str> {
        self.get("build")?.get_str("dockerfile")
    }

    pub fn has_healthcheck(&self) -> bool {
        self.get("healthcheck").is_some_and(|h| !h.is_null())
    }

    /// `healthcheck: {disable: true}` or `test: ["NONE"]`.
    pub fn healthcheck_disabled(&self) -> bool {
        let Some(h) = self.get("healthcheck") else {
            return false;
        };
        if h.get("disable").and_then(Node::as_bool) == Some(true) {
            return true;
        }
        match h.get("test") {
            Some(t) => {
                t.as_str() == Some("NONE")
                    || t.as_seq().and_then(|s| s.first()).and_then(Node::as_str) == Some("NONE")
            }
            None => false,
        }
    }
}
