//! A serde `Deserializer` straight over the located YAML tree, typed the way `kubectl`
//! sends it as JSON (see [`super::plain_scalar`]). It behaves like `serde_json`'s `Value`
//! deserializer would on that JSON — same visitor calls, so the same error messages — but
//! builds no JSON, tracks the failing path itself, and notes on the way what the schema
//! check needs: the keys the typed object ignores (unknown fields) and the strings read
//! as `Quantity`.
//!
//! Repairs between rounds (a wrong-typed value replaced by one of the expected type, a
//! missing required field added as null) are overrides looked up by path; they exist only
//! for objects with problems.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, value::StrDeserializer, Deserializer, IntoDeserializer, Visitor};

use super::{is_template_hole, plain_scalar, to_json, Scalar, Step};
use crate::syntax::yaml::{Entry, Node, Style, Value as YValue};

/// A deserialization error with the path where it was raised.
#[derive(Debug)]
pub struct Error {
    pub msg: String,
    pub path: Option<Vec<Step>>,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.msg)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error {
            msg: msg.to_string(),
            path: None,
        }
    }
}

/// Where a node is: a chain of keys and indices up to the object's root, on the stack.
#[derive(Clone, Copy)]
pub enum Chain<'c> {
    Root,
    Key(&'c Chain<'c>, &'c str),
    Index(&'c Chain<'c>, usize),
}

impl Chain<'_> {
    pub fn steps(&self) -> Vec<Step> {
        let mut out = Vec::new();
        let mut c = self;
        loop {
            match c {
                Chain::Root => break,
                Chain::Key(p, k) => {
                    out.push(Step::Key((*k).to_string()));
                    c = p;
                }
                Chain::Index(p, i) => {
                    out.push(Step::Index(*i));
                    c = p;
                }
            }
        }
        out.reverse();
        out
    }

    fn is(&self, steps: &[Step]) -> bool {
        let mut c = self;
        for st in steps.iter().rev() {
            match (c, st) {
                (Chain::Key(p, k), Step::Key(s)) if *k == s.as_str() => c = p,
                (Chain::Index(p, i), Step::Index(j)) if i == j => c = p,
                _ => return false,
            }
        }
        matches!(c, Chain::Root)
    }
}

/// What one deserialization round is given and what it notes.
#[derive(Default)]
pub struct State {
    /// Values replaced by a repair (a value of the expected type).
    pub overrides: Vec<(Vec<Step>, serde_json::Value)>,
    /// Keys added as null to the mapping at a path (a missing required field).
    pub extra: Vec<(Vec<Step>, String)>,
    /// Keys with a value that the typed object ignored: unknown fields.
    pub unknown: RefCell<Vec<Vec<Step>>>,
    /// Strings read as a `Quantity`, with their path.
    pub quantities: RefCell<Vec<(Vec<Step>, String)>>,
}

impl State {
    fn override_at(&self, chain: &Chain<'_>) -> Option<&serde_json::Value> {
        if self.overrides.is_empty() {
            return None;
        }
        self.overrides
            .iter()
            .find(|(p, _)| chain.is(p))
            .map(|(_, v)| v)
    }

    pub fn set_override(&mut self, steps: Vec<Step>, v: serde_json::Value) {
        match self.overrides.iter_mut().find(|(p, _)| *p == steps) {
            Some(slot) => slot.1 = v,
            None => self.overrides.push((steps, v)),
        }
    }
}

/// A node as JSON sees it.
pub(super) enum Kind<'n, 'a> {
    Scalar(Scalar<'n>),
    Seq(&'n [Node<'a>]),
    Map(&'n [Entry<'a>]),
}

pub(super) fn kind<'n, 'a>(node: &'n Node<'a>) -> Kind<'n, 'a> {
    if is_template_hole(node) {
        return Kind::Scalar(Scalar::Null);
    }
    match &node.value {
        YValue::Scalar(s, Style::Plain) => Kind::Scalar(plain_scalar(s)),
        YValue::Scalar(s, _) => Kind::Scalar(Scalar::Str(s)),
        YValue::Seq(items) => Kind::Seq(items),
        YValue::Map(entries) => Kind::Map(entries),
    }
}

fn unexpected<'k>(k: &'k Kind<'_, '_>) -> de::Unexpected<'k> {
    match k {
        Kind::Scalar(Scalar::Null) => de::Unexpected::Unit,
        Kind::Scalar(Scalar::Bool(b)) => de::Unexpected::Bool(*b),
        Kind::Scalar(Scalar::Int(i)) if *i >= 0 => de::Unexpected::Unsigned(i.unsigned_abs()),
        Kind::Scalar(Scalar::Int(i)) => de::Unexpected::Signed(*i),
        Kind::Scalar(Scalar::Float(f)) => de::Unexpected::Float(*f),
        Kind::Scalar(Scalar::Str(s)) => de::Unexpected::Str(s),
        Kind::Seq(_) => de::Unexpected::Seq,
        Kind::Map(_) => de::Unexpected::Map,
    }
}

/// Deserializes one node.
pub struct De<'n, 'a, 'c, 's> {
    pub node: &'n Node<'a>,
    pub chain: &'c Chain<'c>,
    pub st: &'s State,
}

impl De<'_, '_, '_, '_> {
    /// Tag an error raised here (not deeper) with this path.
    fn at(&self, mut e: Error) -> Error {
        if e.path.is_none() {
            e.path = Some(self.chain.steps());
        }
        e
    }

    fn json_error(&self, e: serde_json::Error) -> Error {
        Error {
            msg: e.to_string(),
            path: Some(self.chain.steps()),
        }
    }
}

/// Forward a method to the override's JSON when the node was repaired.
macro_rules! repaired {
    ($self:ident, $method:ident ( $($arg:expr),* )) => {
        if let Some(j) = $self.st.override_at($self.chain) {
            return j.clone().$method($($arg),*).map_err(|e| $self.json_error(e));
        }
    };
}

/// Methods no Kubernetes type uses in practice: through the node's JSON.
macro_rules! via_json {
    ($($method:ident ( $($arg:ident : $ty:ty),* )),* $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, Error> {
                repaired!(self, $method($($arg,)* visitor));
                to_json(self.node)
                    .$method($($arg,)* visitor)
                    .map_err(|e| self.json_error(e))
            }
        )*
    };
}

/// Number methods: a JSON number visits as itself, anything else is a type error.
macro_rules! number {
    ($($method:ident),* $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
                repaired!(self, $method(visitor));
                let k = kind(self.node);
                let r = match k {
                    Kind::Scalar(Scalar::Int(_) | Scalar::Float(_)) => return self.deserialize_any(visitor),
                    _ => Err(de::Error::invalid_type(unexpected(&k), &visitor)),
                };
                r.map_err(|e| self.at(e))
            }
        )*
    };
}

impl<'de> Deserializer<'de> for De<'_, '_, '_, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        repaired!(self, deserialize_any(visitor));
        let r = match kind(self.node) {
            Kind::Scalar(Scalar::Null) => visitor.visit_unit(),
            Kind::Scalar(Scalar::Bool(b)) => visitor.visit_bool(b),
            Kind::Scalar(Scalar::Int(i)) if i >= 0 => visitor.visit_u64(i.unsigned_abs()),
            Kind::Scalar(Scalar::Int(i)) => visitor.visit_i64(i),
            Kind::Scalar(Scalar::Float(f)) => visitor.visit_f64(f),
            Kind::Scalar(Scalar::Str(s)) => visitor.visit_str(s),
            Kind::Seq(items) => visitor.visit_seq(SeqA {
                items,
                i: 0,
                chain: self.chain,
                st: self.st,
            }),
            Kind::Map(entries) => visitor.visit_map(MapA::new(entries, self.chain, self.st)),
        };
        r.map_err(|e| self.at(e))
    }

    number!(
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_f32,
        deserialize_f64,
    );

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        repaired!(self, deserialize_bool(visitor));
        let k = kind(self.node);
        let r = match k {
            Kind::Scalar(Scalar::Bool(b)) => visitor.visit_bool(b),
            _ => Err(de::Error::invalid_type(unexpected(&k), &visitor)),
        };
        r.map_err(|e| self.at(e))
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        repaired!(self, deserialize_str(visitor));
        let k = kind(self.node);
        let r = match k {
            Kind::Scalar(Scalar::Str(s)) => visitor.visit_str(s),
            _ => Err(de::Error::invalid_type(unexpected(&k), &visitor)),
        };
        r.map_err(|e| self.at(e))
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        repaired!(self, deserialize_option(visitor));
        match kind(self.node) {
            Kind::Scalar(Scalar::Null) => visitor.visit_none().map_err(|e| self.at(e)),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        repaired!(self, deserialize_unit(visitor));
        let k = kind(self.node);
        let r = match k {
            Kind::Scalar(Scalar::Null) => visitor.visit_unit(),
            _ => Err(de::Error::invalid_type(unexpected(&k), &visitor)),
        };
        r.map_err(|e| self.at(e))
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        repaired!(self, deserialize_newtype_struct(name, visitor));
        if name == "Quantity" {
            if let Kind::Scalar(Scalar::Str(q)) = kind(self.node) {
                self.st
                    .quantities
                    .borrow_mut()
                    .push((self.chain.steps(), q.to_string()));
            }
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        repaired!(self, deserialize_seq(visitor));
        let k = kind(self.node);
        let r = match k {
            Kind::Seq(_) => return self.deserialize_any(visitor),
            _ => Err(de::Error::invalid_type(unexpected(&k), &visitor)),
        };
        r.map_err(|e| self.at(e))
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        repaired!(self, deserialize_map(visitor));
        let k = kind(self.node);
        let r = match k {
            Kind::Map(_) => return self.deserialize_any(visitor),
            _ => Err(de::Error::invalid_type(unexpected(&k), &visitor)),
        };
        r.map_err(|e| self.at(e))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        repaired!(self, deserialize_struct(name, fields, visitor));
        let k = kind(self.node);
        let r = match k {
            Kind::Seq(_) | Kind::Map(_) => return self.deserialize_any(visitor),
            _ => Err(de::Error::invalid_type(unexpected(&k), &visitor)),
        };
        r.map_err(|e| self.at(e))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        // a key the typed object does not know; `key:` with no value reads as absent
        let null = matches!(kind(self.node), Kind::Scalar(Scalar::Null));
        if !null
            && matches!(self.chain, Chain::Key(..))
            && self.st.override_at(self.chain).is_none()
        {
            self.st.unknown.borrow_mut().push(self.chain.steps());
        }
        visitor.visit_unit()
    }

    via_json!(
        deserialize_bytes(),
        deserialize_byte_buf(),
        deserialize_tuple(len: usize),
        deserialize_tuple_struct(name: &'static str, len: usize),
        deserialize_enum(name: &'static str, variants: &'static [&'static str]),
    );
}

struct SeqA<'n, 'a, 'c, 's> {
    items: &'n [Node<'a>],
    i: usize,
    chain: &'c Chain<'c>,
    st: &'s State,
}

impl<'de> de::SeqAccess<'de> for SeqA<'_, '_, '_, '_> {
    type Error = Error;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let Some(node) = self.items.get(self.i) else {
            return Ok(None);
        };
        let chain = Chain::Index(self.chain, self.i);
        self.i += 1;
        seed.deserialize(De {
            node,
            chain: &chain,
            st: self.st,
        })
        .map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len() - self.i.min(self.items.len()))
    }
}

struct MapA<'n, 'a, 'c, 's> {
    entries: &'n [Entry<'a>],
    i: usize,
    /// Entries a later entry of the same key overrides (the last one wins).
    shadowed: Vec<usize>,
    /// Keys added as null (repairs), after the entries.
    extra: Vec<&'s str>,
    current: Option<&'n Node<'a>>,
    current_key: &'n str,
    extra_key: &'s str,
    chain: &'c Chain<'c>,
    st: &'s State,
}

impl<'n, 'a, 'c, 's> MapA<'n, 'a, 'c, 's> {
    fn new(entries: &'n [Entry<'a>], chain: &'c Chain<'c>, st: &'s State) -> Self {
        let key = |e: &'n Entry<'a>| e.key.as_str().unwrap_or("");
        let mut shadowed = Vec::new();
        if entries.len() <= 32 {
            for (i, e) in entries.iter().enumerate() {
                if entries[i + 1..].iter().any(|o| key(o) == key(e)) {
                    shadowed.push(i);
                }
            }
        } else {
            let mut last = std::collections::HashMap::new();
            for (i, e) in entries.iter().enumerate() {
                if let Some(prev) = last.insert(key(e), i) {
                    shadowed.push(prev);
                }
            }
            shadowed.sort_unstable();
        }
        let extra = if st.extra.is_empty() {
            Vec::new()
        } else {
            st.extra
                .iter()
                .filter(|(p, k)| chain.is(p) && !entries.iter().any(|e| key(e) == k))
                .map(|(_, k)| k.as_str())
                .collect()
        };
        MapA {
            entries,
            i: 0,
            shadowed,
            extra,
            current: None,
            current_key: "",
            extra_key: "",
            chain,
            st,
        }
    }
}

impl<'de> de::MapAccess<'de> for MapA<'_, '_, '_, '_> {
    type Error = Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        while let Some(e) = self.entries.get(self.i) {
            let i = self.i;
            self.i += 1;
            let key = e.key.as_str().unwrap_or("");
            // the API server ignores `status` on create and apply (the status subresource)
            let status = matches!(self.chain, Chain::Root) && key == "status";
            if status || self.shadowed.binary_search(&i).is_ok() {
                continue;
            }
            self.current = Some(&e.value);
            self.current_key = key;
            let k: StrDeserializer<'_, Error> = key.into_deserializer();
            return seed.deserialize(k).map(Some);
        }
        match self.extra.pop() {
            Some(k) => {
                self.current = None;
                self.extra_key = k;
                let k: StrDeserializer<'_, Error> = k.into_deserializer();
                seed.deserialize(k).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.current.take() {
            Some(node) => {
                let chain = Chain::Key(self.chain, self.current_key);
                seed.deserialize(De {
                    node,
                    chain: &chain,
                    st: self.st,
                })
            }
            // a repaired missing field
            None => seed.deserialize(serde_json::Value::Null).map_err(|e| {
                let mut path = self.chain.steps();
                path.push(Step::Key(self.extra_key.to_string()));
                Error {
                    msg: e.to_string(),
                    path: Some(path),
                }
            }),
        }
    }
}
